"""Duplicate paragraphs: later lines that repeat an earlier one exactly, or restate earlier text.

A restatement is verified, not guessed: its word 3-grams are looked up in everything that came before
(containment), the best window of up to three consecutive earlier lines is found, and the line is
aligned with that window word by word (in-order coverage). Jaccard against a single block would miss a
truncated or merged restatement such as a closing paragraph that re-tells the first two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from difflib import SequenceMatcher

import numpy as np
import regex

from ..config import DuplicatesConfig
from ..fingerprint.shingle import hashes_of_tokens, line_shingles, token_hashes
from ..report import Flag
from ..text.segment import TRUNCATION, Line
from .base import Context

# a whole sentence repeated is a copy (see _template_slot); searched from the end of the line, as only its
# last run of non-word characters can hold the match (from the start, every "!" of a long run "!!!…!x" would
# be tried against the rest of the run)
_SENTENCE_END = regex.compile(r"[.!。！…]\W*\Z", regex.REVERSE)

# inside a line of code: an assignment, comparison or arrow between names, a method call or an empty call, a
# markup tag; or the whole line a lower-case `key: value` (YAML, a compiler's message)
_CODE = regex.compile(
    r"\w\s?(?:==?|=>|->|::|\+=|:=)\s?[\w\"'(\[{&$-]|\w\.\w+\(|\(\)|</?[a-z]\w*[\s>/]|\A\s*-?\s*[a-z_][\w.]*:\s"
)


def shingles3(line: Line) -> frozenset[int]:
    """Word 3-gram hashes of a line (characters for scripts written without spaces)."""
    return frozenset(hashes_of_tokens(token_hashes(list(line.words)), 3).tolist())


def _coverage(words: tuple[str, ...], window: list[str]) -> float:
    sm = SequenceMatcher(None, words, window, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(words))


def _asks(lines: list[Line], i: int) -> bool:
    return 0 <= i < len(lines) and lines[i].text.rstrip().endswith(("?", "？", "؟"))


def _template_slot(
    lines: list[Line], line: Line, ref: Line, counts: Counter[str], cfg: DuplicatesConfig
) -> bool:
    """A short line (fewer than `slot_max_words` words) repeated as part of the page's structure, not copied:
    the same question put to each interviewee, a line of every day's meal plan, a tweet's signature, a
    feature bullet under each product. (Short lines printed `layout.label_repeats` times or more are skipped
    before this.) Short repeats that ask a question or introduce something (a label, under
    `slot_label_words`), or fragments (no closing full stop) whose neighbours differ at each occurrence are
    structure; long ones, whole sentences, and copied runs of lines are copies."""
    if line.n_words >= cfg.slot_max_words:
        return False
    end = line.text.rstrip()
    if end.endswith(("?", "？")) or (line.n_words < cfg.slot_label_words and end.endswith((":", "："))):
        return True  # a question put to each interviewee, a label

    def norm_at(i: int) -> str | None:
        return lines[i].norm if 0 <= i < len(lines) else None

    before, after = norm_at(line.index - 1), norm_at(line.index + 1)
    if _asks(lines, line.index - 1) and _asks(lines, ref.index - 1) and before != norm_at(ref.index - 1):
        return True  # the same answer to another question (an FAQ: "Sim, se os rendimentos ultrapassarem …")
    # the copy sits right after its original, or is part of a copied run of lines: a copy
    if (
        line.index - ref.index == 1
        or before == norm_at(ref.index - 1)
        or (after is not None and after == norm_at(ref.index + 1))
    ):
        return False
    if _SENTENCE_END.search(line.text):
        return False  # a whole sentence repeated on its own is a copied paragraph
    # a fragment (label, bullet, signature) between ordinary, different lines: a slot in a repeated template
    return all(x is None or counts[x] == 1 for x in (before, after))


def _code(line: Line, cfg: DuplicatesConfig) -> bool:
    """A short line that reads as code (a block opened or closed, an assignment, a call, a tag, a lower-case
    `key: value`): a listing repeats its lines (the same call in two functions, a snippet shown again in the
    whole file), and a pasted paragraph or a widget line does not read so."""
    if line.n_words >= cfg.code_max_words:
        return False
    text = line.text.strip()
    if text.endswith((".", "!", "?", "。", "！", "…")):
        return False  # a sentence, whatever it holds
    if text.endswith(("{", "}", ";", "(", "[", ",")) or text.startswith(("}", "]", ")")):
        return True  # a block or a statement opened or closed
    return bool(_CODE.search(text))


def _table_row(line: Line, cfg: DuplicatesConfig) -> bool:
    """A row of a table (tab-separated cells): rows share cells ("User-based pricing; limits vary by plan"
    under each product), so a row sharing most of its words with others is not a restatement of them, unless
    it is another row printed again (nearly) whole, as an exact repeat would be."""
    return len([c for c in line.text.split("\t") if c.strip()]) >= cfg.table_min_cells


def _stacked(lines: list[Line], line: Line, first: Line) -> bool:
    """A later copy printed right under another copy of itself: a paragraph pasted again and again, not a
    label of the page's template (a template puts its labels between other lines)."""
    return first is not line and line.index > 0 and lines[line.index - 1].norm == line.norm


class _Budget:
    """What is left of the page's `duplicates.compare_budget`: once spent, no more lines are checked (so a
    page of many long, repetitive lines takes bounded time; the answer depends only on the page)."""

    def __init__(self, units: int) -> None:
        self.left = units

    def spend(self, units: int) -> bool:
        """Take `units` of work from the budget; False (and nothing left) when there are not that many."""
        if units > self.left:
            self.left = 0
            return False
        self.left -= units
        return True


def _figures(words: tuple[str, ...]) -> set[str]:
    return {w for w in words if any(c.isdigit() for c in w)}


def _other_figures(line: Line, window: list[Line]) -> bool:
    """The line gives other figures than the text it resembles: some of its numbers are not there, and some
    of the numbers there are not in it ("the rate was 4.9 per cent in the North East, down from 5.3" and,
    next, "4.1 ... in the North West, down from 4.4"). A restatement repeats the facts; a paragraph of
    the same shape with other numbers reports other facts (regions, candidates, results of a series)."""
    mine = _figures(line.words)
    if not mine:
        return False
    theirs = _figures(tuple(w for ln in window for w in ln.words))
    return bool(mine - theirs) and bool(theirs - mine)


def _earlier_hits(arrays: list[np.ndarray], eligible: list[int], n_lines: int) -> np.ndarray:
    """For every line, whether one of its hashes occurs in an earlier eligible line (it is eligible too)."""
    hit = np.zeros(n_lines, bool)
    if len(eligible) < 2:
        return hit
    parts = [arrays[i] for i in eligible]
    ids = np.repeat(np.asarray(eligible, np.int64), [len(a) for a in parts])
    h = np.concatenate(parts)
    order = np.lexsort((ids, h))
    hs = h[order]
    later = np.zeros(hs.size, bool)
    np.equal(hs[1:], hs[:-1], out=later[1:])  # a line's hashes are unique: an equal neighbour is another line
    hit[ids[order][later]] = True
    return hit


def detect(ctx: Context) -> list[Flag]:
    """Flag exact repeats and verified restatements of earlier text."""
    cfg = ctx.config.duplicates
    labels = ctx.config.layout.label_repeats
    lines = ctx.page.lines
    counts = Counter(ln.norm for ln in lines)
    junk = ctx.junk_lines
    title = next((ln.index for ln in lines if ln.index not in junk), 0)  # copies of it are never template
    # first what each line is, from the normalised lines alone: a template label or slot (skipped), an
    # exact repeat, or a line compared with what came before (eligible)
    first_seen: dict[str, Line] = {}
    repeats: dict[int, Line] = {}
    eligible: list[int] = []
    for line in lines:
        if not line.words:
            continue
        n = line.n_words
        key = line.norm
        first = first_seen.setdefault(key, line)
        if counts[key] >= labels and n < cfg.slot_max_words and first.index != title:
            # a short line printed `label_repeats` times or more is a label of the page's template (unless its
            # copies are stacked: a paragraph pasted again and again)
            if not _stacked(lines, line, first):
                continue
        if first is not line and n >= cfg.min_exact_words and len(key) >= cfg.min_exact_chars:
            if first.index != title and (_template_slot(lines, line, first, counts, cfg) or _code(line, cfg)):
                continue  # structure, not a copy (and no restatement of itself either)
            repeats[line.index] = first
            continue
        eligible.append(line.index)
    # restatements: only a line sharing a 3-gram with an earlier eligible line can be one (one NumPy pass
    # finds them); the postings of the earlier lines are built when such a line comes
    arrays = line_shingles(ctx.page) if eligible else []
    maybe = _earlier_hits(arrays, eligible, len(lines))
    flags: list[Flag] = []
    posting: dict[int, list[int]] = defaultdict(list)
    budget = _Budget(cfg.compare_budget)
    sh: dict[int, frozenset[int]] = {}
    flagged: set[int] = set()
    posted = 0  # eligible[:posted] are in `posting` and `sh`
    for line in lines:
        ref = repeats.get(line.index)
        if ref is not None:
            flags.append(
                Flag(
                    line.start,
                    line.end,
                    "near_duplicate",
                    1.0,
                    f"repeats line {ref.number} word for word",
                    "duplicates",
                    ref_start=ref.start,
                    ref_end=ref.end,
                    similarity=1.0,
                )
            )
            flagged.add(line.index)
            continue
        if not maybe[line.index]:
            continue
        while eligible[posted] < line.index:
            j = eligible[posted]
            sh[j] = frozenset(arrays[j].tolist())
            for h in sh[j]:
                holders = posting[h]
                if len(holders) < cfg.max_gram_lines:
                    holders.append(j)
            posted += 1
        s3 = frozenset(arrays[line.index].tolist())
        n = line.n_words
        truncated = bool(TRUNCATION.search(line.text))
        if budget.left and s3 and (n >= cfg.min_near_words or (truncated and n >= cfg.min_truncated_words)):
            hit = _restatement(ctx, line, s3, posting, sh, flagged, truncated, budget)
            if hit is not None:
                flags.append(hit)
                flagged.add(line.index)
    return flags


def _restatement(
    ctx: Context,
    line: Line,
    s3: frozenset[int],
    posting: dict[int, list[int]],
    sh: dict[int, frozenset[int]],
    flagged: set[int],
    truncated: bool,
    budget: _Budget,
) -> Flag | None:
    cfg = ctx.config.duplicates
    hits: Counter[int] = Counter()
    for h in s3:
        for j in posting.get(h, ()):
            hits[j] += 1
    if not hits:
        return None
    union = sum(1 for h in s3 if h in posting) / len(s3)
    # (no window holds more of the line's 3-grams than all the earlier text: below the lowest containment a
    # rule accepts, none can accept it)
    if union < min(cfg.near_coverage_min_containment, cfg.truncated_min_containment):
        return None
    lines = ctx.page.lines
    strict = line.spaceless
    # a templated list (several different earlier lines each much like this one) is not a restatement
    family = [j for j, c in hits.items() if c / len(s3) >= cfg.family_min_share and j not in flagged]
    best: tuple[float, float, int, int] | None = None
    for j, _ in hits.most_common(cfg.window_candidates):
        for lo in range(max(0, j - cfg.max_window + 1), j + 1):
            for hi in range(j + 1, min(line.index, lo + cfg.max_window) + 1):
                parts = [sh.get(k, frozenset()) for k in range(lo, hi)]
                if not budget.spend(sum(map(len, parts))):
                    return None
                window = set().union(*parts)
                c3 = len(s3 & window) / len(s3)
                if best is not None and c3 + 1.0 <= best[0] + best[1]:
                    continue
                earlier = [w for k in range(lo, hi) for w in lines[k].words]
                if not budget.spend(len(line.words) * len(earlier)):
                    return None
                cov = _coverage(line.words, earlier)
                if best is None or (c3 + cov, lo - hi) > (
                    best[0] + best[1],
                    best[2] - best[3],
                ):  # tie: smaller
                    best = (c3, cov, lo, hi)
    if best is None:
        return None
    c3, cov, lo, hi = best
    if strict:
        ok = c3 >= cfg.spaceless_strict or cov >= cfg.spaceless_strict
    else:
        ok = (
            c3 >= cfg.near_containment
            or (cov >= cfg.near_coverage and c3 >= cfg.near_coverage_min_containment)
            or (truncated and cov >= cfg.truncated_coverage and c3 >= cfg.truncated_min_containment)
        )
    if not ok or (hi - lo > 1 and not truncated and not strict and c3 < cfg.near_containment):
        return None  # several earlier lines (siblings in a list) share words with any list item
    if _table_row(line, cfg) and (hi - lo > 1 or max(c3, cov) < cfg.family_exempt_similarity):
        return None  # rows of a table share cells; only a row printed again (nearly) whole is a copy
    siblings = sum(1 for j in family if not lo <= j < hi)
    if siblings >= cfg.family_size and max(c3, cov) < cfg.family_exempt_similarity:
        return None
    if _other_figures(line, [lines[k] for k in range(lo, hi)]):
        return None
    ref_a, ref_b = lines[lo], lines[hi - 1]
    where = f"line {ref_a.number}" if hi - lo == 1 else f"lines {ref_a.number}-{ref_b.number}"
    sim = round(float(np.float64(max(c3, cov))), 3)
    return Flag(
        line.start,
        line.end,
        "near_duplicate",
        sim,
        f"restates {where}: {c3:.0%} of its word 3-grams and {cov:.0%} of its words in order"
        + (" (truncated copy)" if truncated else ""),
        "duplicates",
        ref_start=ref_a.start,
        ref_end=ref_b.end,
        similarity=sim,
    )
