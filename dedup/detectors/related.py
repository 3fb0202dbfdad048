"""Injected related links: short lines that announce another article ("📖 Related: <headline>").

Matched structurally: a cue phrase from dedup/cues at the start of a short line, after optional emoji,
bullets or arrows, on word boundaries, followed by a separator or a headline. A cue line with nothing
after it heads a list, and the headline-like lines right under it belong to that list.
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from ..config import Config, RelatedConfig
from ..cues import (
    DECOR,
    cue_key,
    cue_starts,
    cue_text,
    has_separator,
    match_start,
    may_hold_spaceless,
    may_start,
    may_start_any,
)
from ..report import Flag
from ..text.segment import Line
from .base import Context
from .layout import Layout
from .predicates import _STOP_SMALL, cut_off, headline_like, title_case_ratio

_LINKISH = regex.compile(r"https?://|www\.|\]\(|^\[.+\]$")
# A decorated line "<emoji or arrow> <short label>: <Headline>" announces a link in any language.
_STRUCTURAL = regex.compile(
    r"^(?:[\p{Extended_Pictographic}\u2190-\u21FF\u2794-\u27BF►▶▸»›]\uFE0F?\s*)+"
    r"(?P<label>[^\d:：|]{2,40}?)\s*[:：|]\s*(?P<tail>\S.*)$",
    regex.V1,
)
# a sentence break, but not after an initial or a short abbreviation ("N. Korea", "Dr. Smith", "U.S. Army")
_SENTENCE_BREAK = regex.compile(r"(?<!(?:^|[\s.(])(?:\p{Lu}|[\p{Lu}][\p{Ll}]{1,2}))[.!?。]\s+\S")


# Japanese particles and auxiliaries that continue a sentence after a phrase written without spaces
_PARTICLE = regex.compile(r"[のがをにはでともやへからまでよりだです]")
# a sentence in lower case: a lower-case letter, then a full stop with nothing but marks after it (looked for
# from the end of the text: from the start, each mark of a long run "!!!…" would read the rest of the run)
_LOWER_START = regex.compile(r"\p{Ll}")
_STOP_AT_END = regex.compile(r"[.!;]\W*\Z", regex.REVERSE)


def _tail_is_link(tail: str, sep: bool, cfg: RelatedConfig) -> bool:
    words = tail.split()
    if not words or len(words) > cfg.max_link_words:
        return False
    if _LINKISH.search(tail):
        return True
    if sep:
        # "Related: <headline>" — anything but several full sentences, or a sentence that goes on in lower
        # case after a word that also opens prose ("Next: add the eggs one at a time and beat well.")
        if _LOWER_START.match(tail) and _STOP_AT_END.search(tail, 1):
            return False
        return len(_SENTENCE_BREAK.findall(tail)) < cfg.prose_sentence_breaks
    return headline_like(tail, cfg.max_headline_words) and title_case_ratio(tail) >= cfg.tail_title_case_share


def _is_item(line: Line, config: Config) -> bool:
    """A line under a related-links header is an item of its list: a headline (`layout.headline_words`) of at
    least `related.min_item_words` words (any in a script without spaces), a link, or a line cut off at its
    end of at most `related.max_cut_off_item_words` words."""
    cfg = config.related
    text = regex.sub(rf"^{DECOR}", "", line.text)
    return bool(
        (
            headline_like(text, config.layout.headline_words)
            and (line.spaceless or line.n_words >= cfg.min_item_words)
        )
        or _LINKISH.search(text)
        or (cut_off(line) and line.n_words <= cfg.max_cut_off_item_words)
    )


def detect(ctx: Context) -> list[Flag]:
    """Flag cue lines announcing other articles, and lists under a bare cue header."""
    config = ctx.config
    cfg = config.related
    layout = Layout(ctx)
    lines = ctx.page.lines
    flags: list[Flag] = []
    taken: set[int] = set()
    for line in lines:
        if line.index in taken or not line.words or line.n_words > cfg.max_link_words:
            continue
        m = match_start(ctx.cues, "related", line.text, spaceless=line.holds_spaceless)
        if m is None:
            # a list header used inline: "Trending now: <headline>", "More from X: <headline>"
            t = match_start(ctx.cues, "teaser", line.text, spaceless=line.holds_spaceless)
            if t is not None and has_separator(t) and regex.search(r"[\p{L}\p{N}]", line.text[t.end() :]):
                m = t
        if m is not None and not has_separator(m) and _PARTICLE.match(line.text, m.end()):
            # "続きを読むのが楽しみな漫画のように…": a particle after the cue carries the sentence on
            m = None
        if m is not None:
            tail = line.text[m.end() :].strip()
            cue = cue_text(m)
            if not regex.search(r"[\p{L}\p{N}]", tail):
                items = layout.list_items(line.index, lambda ln: _is_item(ln, config))
                if not items and line.n_words > cfg.max_bare_header_words:
                    continue
                flags.append(
                    Flag(
                        line.start,
                        line.end,
                        "related_link",
                        0.9,
                        f"heads a list of other articles (cue {cue!r})",
                        "related",
                        cue=cue,
                    )
                )
                for it in items:
                    taken.add(it.index)
                    flags.append(
                        Flag(
                            it.start,
                            it.end,
                            "related_link",
                            0.85,
                            f"listed under the related-links header on line {line.number}",
                            "related",
                            cue=cue,
                            ref_start=line.start,
                            ref_end=line.end,
                        )
                    )
                continue
            if _tail_is_link(tail, has_separator(m), cfg):
                flags.append(
                    Flag(
                        line.start,
                        line.end,
                        "related_link",
                        0.95 if has_separator(m) else 0.85,
                        f"announces another article (cue {cue!r})",
                        "related",
                        cue=cue,
                        sure=has_separator(
                            m
                        ),  # ("Related: <headline>": a cue and its separator are no prose)
                    )
                )
            continue
        s = _STRUCTURAL.match(line.text)
        if s is not None:
            label, tail = s.group("label").strip(), s.group("tail").strip()
            if (
                len(label.split()) <= cfg.max_label_words
                and cfg.min_label_headline_words <= len(tail.split()) <= config.layout.headline_words
                and headline_like(tail, config.layout.headline_words)
                and title_case_ratio(tail) >= config.layout.title_case_share
                and not tail.rstrip().endswith(("?", "!"))
            ):
                flags.append(
                    Flag(
                        line.start,
                        line.end,
                        "related_link",
                        0.7,
                        f"decorated label {label!r} followed by a headline",
                        "related",
                        cue=label,
                    )
                )
    flags.extend(_glued(ctx, taken | {i for f in flags for i in ctx.page.covered(f.start, f.end)}))
    return flags


# a sentence end inside a paragraph, then a cue: "… asleep. READ MORE: <headline>"; also glued without a space
# when a capital or an emoji follows ("… asleep.Read more: …", "… asleep.📖 Related: …"), and anything after a
# full stop of a script without spaces ("…预算。相关阅读：…")
_GAP_END = r"(?:\s+|(?=[\p{Lu}\p{Lt}\p{So}\p{Extended_Pictographic}])|(?<=[。！？])(?=\S))"
_SENTENCE_GAP = regex.compile(rf"(?<=[.!?。！？\"”’»)]){_GAP_END}(?=\S)")
# the first word after each sentence gap (the gaps between a gap and its first word have that same first word,
# so the matches may pass over them, and take the punctuation in rather than look behind: faster)
_GAP_WORD = regex.compile(
    rf"[.!?。！？\"”’»)]{_GAP_END}[^\p{{L}}\p{{N}}]*([\p{{L}}\p{{N}}][\p{{L}}\p{{N}}\p{{M}}]*)"
)
_WORD_START = regex.compile(r"[\p{L}\p{N}]")
_SENT_STOP = regex.compile(r"[.!?。！？](?=\s+\S|\s*$)")


_CASED_LETTER = regex.compile(r"[\p{Lu}\p{Ll}\p{Lt}]")
_LOWER_RUN = regex.compile(r"\p{Ll}")


def glued_head(text: str, pos: int, m: regex.Match, config: Config) -> int | None:
    """Where the headline announced by the cue `m` (matched at `pos` of `text`, after a sentence gap) ends, or
    None when the cue does not stand out from the prose.

    A glued cue stands out when it is written in capitals ("READ MORE:"), when it is decorated (an emoji or an
    arrow before it), when its script has no case ("相关阅读："), or when it is capitalised and the headline
    after its separator starts with a capital ("Read more: Mayor faces recall vote"). The headline runs to the
    next sentence end; a title-cased headline also ends where a sentence in lower case begins ("RELATED:
    Lagarde Faces Calls to Quit Under the plan the bank …" ends before "Under"). The sentence end is looked
    for in `limits.line_window` characters: a headline running on past them is none."""
    cfg = config.related
    title_case = config.layout.title_case_share
    cue = cue_text(m)
    start = pos + m.end()
    limit = min(len(text), start + config.limits.line_window)
    stop = _SENT_STOP.search(text, start, limit)
    if stop is None and limit < len(text):
        return None
    end = stop.end() if stop else limit
    head = text[start:end].strip()
    opened = m.start(
        "cue" if m.groupdict().get("cue") else "cue2"
    )  # (what precedes it in the match: decoration)
    decorated = bool(_LETTER_OR_SPACE.sub("", text[pos : pos + opened]))
    cut = (
        _title_end(text, start, end, cfg.lower_run_words)
        if head[:1].isupper() and len(head) > cfg.title_end_min_chars
        else end
    )
    if (
        cut < end
        and len(text[start:cut].split()) >= cfg.min_headline_words
        and title_case_ratio(text[start:cut]) >= title_case
    ):
        # a title-cased headline, then a new sentence
        end = cut
        head = text[start:end].strip()
    loud = (
        cue.isupper()
        or decorated
        or not _CASED_LETTER.search(cue)
        or (cue[:1].isupper() and (head[:1].isupper() or title_case_ratio(head) >= title_case))
    )
    words = head.split()
    if not (
        cfg.min_headline_words <= len(words) <= cfg.max_headline_words
        and loud
        and not regex.search(r"[.!?。]\s+\S", head)
    ):
        return None
    return end


_LETTER_OR_SPACE = regex.compile(r"[\p{L}\p{N}\p{M}\s]+")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-]*")


def _title_end(text: str, start: int, end: int, run: int) -> int:
    """The end of a title-cased headline in `text[start:end]`: before the capitalised word that opens a run of
    `run` words in lower case holding a word that is not a small function word (a new sentence)."""
    words = list(_WORD.finditer(text, start, end))
    low = [w.group()[:1].islower() for w in words]
    for i in range(1, len(words) - run + 1):
        if (
            all(low[i : i + run])
            and not low[i - 1]
            and any(w.group().casefold() not in _STOP_SMALL for w in words[i : i + run])
        ):
            return words[i - 2].end() if i >= 2 else end  # (the capitalised word before the run opens it)
    return end


def _glued(ctx: Context, skip: set[int]) -> list[Flag]:
    """Cue + headline glued inside a paragraph after a sentence (collapsed <p> tags): cut just that part."""
    out: list[Flag] = []
    cues = ctx.cues
    starts = cue_starts(cues, "related")
    for line in ctx.page.lines:
        if line.index in skip or line.n_words < ctx.config.related.min_glued_line_words:
            continue
        # spaceless False: no tail of the line can hold a cue in a script without spaces (the line holds no
        # such character, or none of those cues' first characters)
        spaceless = (
            False
            if line.holds_spaceless is False or not may_hold_spaceless(cues, "related", line.text)
            else line.holds_spaceless  # (True, or None when not known: each window is then looked at)
        )
        # where the words after sentence gaps that can open a cue start (the first word after any gap is one
        # of them); with spaceless False, only a gap followed by one of them can open a cue
        opening = [m.start(1) for m in _GAP_WORD.finditer(line.text) if cue_key(m.group(1)) in starts]
        if not opening and not may_start_any(cues, "related", [], spaceless=spaceless):
            continue  # no sentence gap is followed by a word that can open a cue
        for g in _SENTENCE_GAP.finditer(line.text):
            # (what a cue after this gap can be is read in a window: the cue, its decoration and separator fit
            # in it, and a line of many gaps costs a window each, not the rest of the line each)
            window = g.end() + cues.window
            if spaceless is False:
                k = bisect_left(opening, g.end())
                word = _WORD_START.search(line.text, g.end(), window)
                if k == len(opening) or word is None or word.start() != opening[k]:
                    continue
            if not may_start(cues, "related", line.text, g.end(), spaceless=spaceless):
                continue
            m = match_start(ctx.cues, "related", line.text[g.end() : window], spaceless=spaceless)
            if m is None or not has_separator(m):
                continue
            cue = cue_text(m)
            end = glued_head(line.text, g.end(), m, ctx.config)
            if end is None:
                nxt = _headline_below(ctx, line, g.end() + m.end(), cue, skip)
                if nxt is None:
                    continue
                # "… strong. Read more:" then the headline on the next line
                out.append(
                    Flag(
                        line.start + g.start(),
                        line.end,
                        "related_link",
                        0.8,
                        f"cue {cue!r} glued to the end of the paragraph",
                        "related",
                        cue=cue,
                    )
                )
                out.append(
                    Flag(
                        nxt.start,
                        nxt.end,
                        "related_link",
                        0.8,
                        f"the headline announced by the cue at the end of line {line.number}",
                        "related",
                        cue=cue,
                    )
                )
                break
            out.append(
                Flag(
                    line.start + g.start(),
                    line.start + end,
                    "related_link",
                    0.8,
                    f"cue {cue!r} and a headline glued inside the paragraph",
                    "related",
                    cue=cue,
                )
            )
            break
    return out


def _headline_below(ctx: Context, line: Line, after: int, cue: str, skip: set[int]) -> Line | None:
    """The next line, when a capitalised cue ends `line` (nothing after its separator, at `after`) and that
    line is a headline (`min_headline_words` to `max_headline_words` words)."""
    if _WORD_START.search(line.text, after) or not (cue[:1].isupper() or not _CASED_LETTER.search(cue)):
        return None
    if not line.text.rstrip().endswith((":", "：", "»", "›", ">", "→")):
        return (
            None  # "… promising. (More)": a bracketed link word closing an item, not a cue announcing a line
        )
    lines = ctx.page.lines
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    cfg = ctx.config.related
    if (
        nxt is None
        or nxt.index in skip
        or not cfg.min_headline_words <= nxt.n_words <= cfg.max_headline_words
        or not headline_like(nxt.text, cfg.max_headline_words)
    ):
        return None
    return nxt
