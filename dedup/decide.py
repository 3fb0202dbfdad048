"""Decide: merge the detectors' flags into one decision per line, keep first occurrences, and apply the
safety valve."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

import regex

from .config import Config
from .detectors import DUPLICATE_LABELS, PRIORITY
from .report import Flag
from .text.segment import Page

_CONTENT = regex.compile(r"[\p{L}\p{N}]")


@dataclass
class Decision:
    """Lines to drop whole, spans to cut inside kept lines, and the final flags that explain them."""

    removed: dict[int, Flag]
    cuts: dict[int, list[Flag]]
    notes: list[str]

    @property
    def flags(self) -> list[Flag]:
        """Every final flag, in text order."""
        out = list(self.removed.values()) + [f for fl in self.cuts.values() for f in fl]
        return sorted(out, key=lambda f: (f.start, f.end))


def _best(flags: list[Flag]) -> Flag:
    return max(flags, key=lambda f: (PRIORITY[f.label], f.score, -f.start))


def _merge(flags: list[Flag]) -> list[Flag]:
    """Merge overlapping partial flags, keeping the most specific label."""
    merged: list[Flag] = []
    for f in sorted(flags, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            keep = _best([merged[-1], f])
            merged[-1] = replace(keep, start=merged[-1].start, end=max(merged[-1].end, f.end))
        else:
            merged.append(f)
    return merged


def decide(page: Page, flags: list[Flag], config: Config) -> Decision:
    """Merge `flags` into one decision per line."""
    by_line: dict[int, list[Flag]] = {}
    starts = [ln.start for ln in page.lines]
    for f in flags:
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0:
            continue
        by_line.setdefault(i, []).append(f)
    removed: dict[int, Flag] = {}
    cuts: dict[int, list[Flag]] = {}
    for i, fl in sorted(by_line.items()):
        line = page.lines[i]
        whole = [f for f in fl if f.start <= line.start and f.end >= line.end]
        merged = _merge([f for f in fl if not (f.start <= line.start and f.end >= line.end)])
        left, pos = [], line.start
        for f in merged:
            left.append(page.text[pos : f.start])
            pos = f.end
        left.append(page.text[pos : line.end])
        if merged and not _CONTENT.search("".join(left)):
            best = _best(merged)
            whole.append(
                replace(
                    best, start=line.start, end=line.end, reason=best.reason + "; nothing else on the line"
                )
            )
        if whole:
            removed[i] = replace(_best(whole), start=line.start, end=line.end)
        elif merged:
            cuts[i] = merged
    return _safety_valve(page, Decision(removed, cuts, []), config)


def _safety_valve(page: Page, d: Decision, config: Config) -> Decision:
    """Revert the cue rules' boilerplate and related-link removals that would strip most of an article's own
    text. The learned model's removals are not counted or reverted here: it judged each line against the
    whole page, and a page as a scraper renders it is often mostly furniture."""
    words = {ln.index: max(1, len(ln.words)) for ln in page.lines}
    dup = sum(words[i] for i, f in d.removed.items() if f.label in DUPLICATE_LABELS)
    ruled = {i for i, f in d.removed.items() if f.label not in DUPLICATE_LABELS and f.detector != "learned"}
    other = sum(words[i] for i in ruled)
    own = sum(words.values()) - dup
    if other and own and (own - other) < config.decide.safety_keep_share * own:
        # duplicates stay, and so do the sure cue lines ("📖 Related: <headline>"): on a content farm a short
        # article can drown in them
        kept = {i: f for i, f in d.removed.items() if i not in ruled or f.sure}
        d.notes.append(
            f"safety valve: boilerplate/related-link rules would have left {own - other} of {own} "
            f"words; those {len(d.removed) - len(kept)} removals were reverted"
        )
        d.removed = kept
    return d
