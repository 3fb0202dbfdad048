"""Repeated headlines: later copies of the title on their own line, doubled inside a line, or prefixed."""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

import regex

from ..config import HeadlineConfig
from ..report import Flag
from ..text.segment import Line
from ..text.tokens import line_tokens
from .base import Context
from .predicates import headline_like, span_end_with_punct, tandem_repeats

PREFIX_SEPARATORS = ":|-–—»>•·/"
_CRUMB = regex.compile(r"\s[›»>/]\s")  # "Home › Business › <title>"


def _title_words(ctx: Context) -> list[tuple[tuple[str, ...], str, int]]:
    """The title (given, or the first line) and other early heading-like lines that may recur.

    Returns (words, where it comes from, index of the first line to scan) triples. A heading that is not
    the title is matched exactly only, from its own line on. A first line that is a breadcrumb ending in the
    headline of a next line ("Home › Business › <title>", then "<title>") names the title by that last part.
    """
    page = ctx.page
    cfg = ctx.config.headline
    out: list[tuple[tuple[str, ...], str, int]] = []
    if page.title and page.title.strip():
        words = tuple(t.norm for t in line_tokens(page.title.strip()))
        if words:
            out.append((words, "the given title", 0))
    junk = ctx.junk_lines
    lines = [ln for ln in page.lines if ln.index not in junk]
    early = lines[: cfg.early_lines]  # (a breadcrumb, a date, a byline may come first)
    listed = False  # under a label ("In this article:"): the lines are items of a list of contents
    prose = False  # a paragraph came before: past the head of the page
    for pos, line in enumerate(early):
        words = _collapse(line, cfg)  # a first line "Title. Title." names the title once
        if pos > 0 and early[pos - 1].text.rstrip().endswith((":", "：")):
            listed = True
        if pos > 0 and early[pos - 1].n_words >= ctx.config.layout.paragraph_words:
            prose = True
        if not words or len(words) > cfg.max_title_words or any(words == w for w, _, _ in out):
            continue
        if pos == 0 and not page.title:
            crumb = _crumb_title(line, early[1:], cfg)
            out.append(
                (crumb, "the first line's last part", line.index)
                if crumb
                else (words, "the first line", line.index)
            )
        elif (
            headline_like(line.text, cfg.max_heading_words)
            and len(words) >= cfg.min_heading_words
            and not listed
            and not (prose and pos >= cfg.head_lines)
            and not line.text.rstrip().endswith(("?", "？", ":", "："))  # a question or label of a template
            and _count(lines, line, ctx.config.layout.label_repeats) < ctx.config.layout.label_repeats
        ):  # printed `label_repeats` times or more: a label of a template
            out.append((words, f"line {line.number}, a heading that recurs", line.index))
    return out


def _count(lines: list[Line], line: Line, most: int) -> int:
    """How many of `lines` read as `line` (normalised): a scan that stops at the `most`-th."""
    n, norm = 0, line.norm
    for ln in lines:
        if ln.norm == norm:
            n += 1
            if n == most:
                break
    return n


def _crumb_title(line: Line, after: list[Line], cfg: HeadlineConfig) -> tuple[str, ...] | None:
    """The words of the last part of a breadcrumb `line` when one of the lines `after` is that part."""
    parts = _CRUMB.split(line.text)
    if len(parts) < cfg.min_crumb_parts:
        return None
    words = tuple(t.norm for t in line_tokens(parts[-1].strip()))
    if len(words) >= cfg.min_heading_words and any(_collapse(ln, cfg) == words for ln in after):
        return words
    return None


def _collapse(line: Line, cfg: HeadlineConfig) -> tuple[str, ...]:
    """The line's words with every run printed twice or more kept once."""
    words = list(line.words)
    for tok, k, copies in reversed(tandem_repeats(line, cfg.collapse_min_words, cfg.collapse_max_words)):
        del words[tok + k : tok + k * copies]
    return tuple(words)


def _find(words: tuple[str, ...], sub: tuple[str, ...]) -> list[int]:
    """Every position where `sub` (not empty) occurs in `words`."""
    k, first, out = len(sub), sub[0], []
    last = len(words) - k
    i = words.index(first) if first in words else last + 1  # the scans for the first word run in C
    while i <= last:
        if words[i : i + k] == sub:
            out.append(i)
        try:
            i = words.index(first, i + 1)
        except ValueError:
            break
    return out


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# one or more "<separator> <name>" parts, a name starting with a capital (or a letter of a script without
# case) or being a domain: " | Reuters | Business", " – lemonde.fr", " :: Morning Echo", " (DW)", "_新浪新闻"
# (spaces are taken whole, possessive: nothing after them can match a space, and a long run of them is then
# not split in every way between the quantifiers; so the match takes time linear in the line, without a limit)
_SUFFIX_PART = (
    r"\s*+(?:[|｜–—\-·:«»_/]{1,2}|(?=\())\s*+[(\[]?"
    r"(?:[\p{Lu}\p{Lt}\p{Lo}\p{N}][\p{L}\p{N}\p{M}.&'’ ]{0,40}?"
    r"|[\p{L}\p{N}][\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)+)[)\]]?"
)
_SUFFIX = regex.compile(
    rf"^[^\p{{L}}\p{{N}}\s]*?(?:{_SUFFIX_PART}){{1,3}}\s*+$"
)  # (after the title's own marks)


def _site_suffix(line: Line, end_tok: int, max_words: int) -> bool:
    """After the title only a site name of at most `max_words` words follows ("Title | Reuters", "Title -
    Morning Echo News", "Title – lemonde.fr")."""
    rest = line.text[line.tokens[end_tok - 1].end :]
    return len(rest.split()) <= max_words and bool(_SUFFIX.match(rest))


# a copy of the title inside a line is a sentence of its own ("Title. Title.", "… windows. Title? More"): it
# opens the line or follows a sentence end (or a bar/bullet between items), and ends the line or a sentence
# that the next one does not continue in lower case. A title that is a phrase of a sentence (a quote, a name
# in brackets, "who killed Olof Palme?" after a colon, "Climate change is accelerating, according to …") is
# the article's own text.
_OPEN = "\"'“‘«([「『"
_CLOSE = "\"'”’»)]」』"
_O, _C, _S, _B = (regex.escape(x) for x in (_OPEN, _CLOSE, ".!?。！？…", "|｜•·"))
# (runs possessive where what follows cannot match their characters: a long run of spaces or marks is read
# once, not split in every way between the quantifiers)
_SENTENCE_BEFORE = regex.compile(rf"(?:[{_S}][{_C}]*+|[{_B}])\s*+[{_O}]*+\s*+$")
_SENTENCE_AFTER = regex.compile(
    rf"[^\p{{L}}\p{{N}}\s]*?(?:[{_S}]+[{_C}]*(?:\s*+$|\s+(?!\p{{Ll}})|(?=[^\s\p{{Ll}}]))"
    rf"|\s*+[{_B}]|\s*+$)"
)


def _own_sentence(line: Line, tok: int, end_tok: int) -> bool:
    """The title's words at tokens `tok` .. `end_tok` form a sentence of the line (see `_SENTENCE_BEFORE`)."""
    toks = line.tokens
    if tok > 0 and not _SENTENCE_BEFORE.search(line.text, toks[tok - 1].end, toks[tok].start):
        return False
    if end_tok >= len(toks):
        return True
    return bool(_SENTENCE_AFTER.match(line.text, toks[end_tok - 1].end))  # (it looks at the next character)


def _cut_start(line: Line, tok: int) -> int:
    """Where the cut of a copy at token `tok` starts in the line: with its opening quotes and the space before
    it ("… Tuesday. Title. The mayor …" keeps "… Tuesday. The mayor …")."""
    toks = line.tokens
    j = toks[tok].start
    if tok == 0:
        return j
    while j > toks[tok - 1].end and line.text[j - 1] in _OPEN:
        j -= 1
    while j > toks[tok - 1].end and line.text[j - 1].isspace():
        j -= 1
    return j


def _prefix_ok(line: Line, tok: int, max_words: int) -> bool:
    """A short prefix ("FAQ:", "Summary -") of at most `max_words` words before the title occurrence at
    `tok`."""
    if tok == 0 or tok > max_words:
        return False
    between = line.text[line.tokens[tok - 1].end : line.tokens[tok].start]
    return any(ch in PREFIX_SEPARATORS for ch in between)


_SOURCE = "\x00source\x00"  # stands for where the title comes from in the reasons of a kept scan


def detect(ctx: Context) -> list[Flag]:
    """Flag every copy of the title after its first occurrence."""
    flags: list[Flag] = []
    for title, source, first in _title_words(ctx):
        fuzzy = source != "" and not source.startswith("line ")
        # a title that names the page (given, or its first line) stands at its head: an occurrence after the
        # body has begun is a copy, even the first in the text (for the first line, that line is the head)
        body = _body_start(ctx, title) if fuzzy else None
        # the scan depends on the page, the title's words, where it starts and whether it is fuzzy, not on
        # where the title comes from (a corpus run scans a page under its given title and under its first
        # line, often the same words): kept on the page, with the source put into the reasons afterwards
        key = ("headline", title, first, fuzzy, body, ctx.config.headline)
        found = ctx.facts.headline_scans.get(key)
        if found is None:
            found = ctx.facts.headline_scans[key] = _scan(ctx, title, first, fuzzy, body)
        flags.extend(replace(f, reason=f.reason.replace(_SOURCE, source)) for f in found)
    return flags


def _body_start(ctx: Context, title: tuple[str, ...]) -> int | None:
    """The index of the page's first paragraph (`layout.paragraph_words` words or more) that is neither junk
    nor holds the title: the article's body starts there (None: no such line)."""
    least = ctx.config.layout.paragraph_words
    junk = ctx.junk_lines
    for line in ctx.page.lines:
        if line.n_words >= least and line.index not in junk and not _find(line.words, title):
            return line.index
    return None


#: `seen` when the given title itself is the first occurrence: its copies refer to no span of the text
_GIVEN: tuple[int | None, int | None] = (None, None)


def _scan(
    ctx: Context, title: tuple[str, ...], first: int, fuzzy: bool, body: int | None = None
) -> list[Flag]:
    """The copies of `title` after its first occurrence, from line `first` on (reasons name the title's source
    as `_SOURCE`). From line `body` on (the article's body), the title has been seen: its page's headline,
    given or printed at the head, comes first, so an occurrence there is a copy even when the text holds no
    other."""
    flags: list[Flag] = []
    cfg = ctx.config.headline
    threshold = cfg.similarity
    source = _SOURCE
    seen: tuple[int | None, int | None] | None = None  # (start, end) of the first occurrence in the text
    for line in ctx.page.lines[first:]:
        words = line.words
        if not words:
            continue
        if seen is None and body is not None and line.index >= body:
            seen = _GIVEN
        hits = _find(words, title) if len(title) >= 1 else []
        if seen is not None and hits and _copies_of(words, title):
            hits = []  # the line is nothing but copies of the title: one whole-line copy
        whole_sim = 1.0 if not hits and _copies_of(words, title) else 0.0
        if (
            not hits
            and fuzzy
            and len(title) >= cfg.fuzzy_min_words
            and cfg.fuzzy_min_ratio <= len(words) / len(title) <= cfg.fuzzy_max_ratio
        ):
            whole_sim = _similarity(words, title)
        if not hits and whole_sim < threshold:
            continue
        if not hits:  # a whole line that is a near copy of the title
            if seen is None:
                seen = (line.start, line.end)
                continue
            flags.append(
                Flag(
                    line.start,
                    line.end,
                    "headline_repeat",
                    round(whole_sim, 3),
                    f"copy of the title ({source}) on a line of its own"
                    if whole_sim >= 1.0
                    else f"near copy of the title ({source}), similarity {whole_sim:.2f}",
                    "headline",
                    ref_start=seen[0],
                    ref_end=seen[1],
                    similarity=round(whole_sim, 3),
                )
            )
            continue
        line_flags: list[Flag] = []
        seen_before = seen is not None
        for tok in hits:
            end_tok = tok + len(title)
            whole = tok == 0 and (end_tok == len(words) or _site_suffix(line, end_tok, cfg.max_suffix_words))
            prefixed = end_tok == len(words) and _prefix_ok(line, tok, cfg.max_prefix_words)
            if not (
                whole
                or prefixed
                or (len(title) >= cfg.min_sentence_words and _own_sentence(line, tok, end_tok))
            ):
                continue
            start = line.start + _cut_start(line, tok)
            end = line.start + span_end_with_punct(line, end_tok)
            if whole:
                start, end = line.start, line.end  # with its site suffix, if any
            if seen is None:
                seen = (start, end)
                continue
            if prefixed and not whole:
                flags.append(
                    Flag(
                        line.start,
                        line.end,
                        "headline_repeat",
                        0.95,
                        f"copy of the title ({source}) behind the prefix "
                        f"{line.text[: line.tokens[tok].start].strip()!r}",
                        "headline",
                        ref_start=seen[0],
                        ref_end=seen[1],
                        similarity=1.0,
                    )
                )
            else:
                line_flags.append(
                    Flag(
                        start,
                        end,
                        "headline_repeat",
                        1.0,
                        f"copy of the title ({source})" + ("" if whole else " inside a line"),
                        "headline",
                        ref_start=seen[0],
                        ref_end=seen[1],
                        similarity=1.0,
                    )
                )
        if seen_before and line_flags and _rest_is_title(line, line_flags, title):
            # what the cuts leave is the title once more: the whole line is a copy
            line_flags = [
                replace(
                    line_flags[0],
                    start=line.start,
                    end=line.end,
                    reason=f"copy of the title ({source}), repeated within the line",
                )
            ]
        flags.extend(line_flags)
    # (a copy whose first occurrence is the headline itself, not a span of the text, says where it is)
    return [f if f.ref_start is not None else replace(f, reason=f.reason + _IN_BODY) for f in flags]


_IN_BODY = ", in the article's body (its headline comes first)"


def _rest_is_title(line: Line, cuts: list[Flag], title: tuple[str, ...]) -> bool:
    """The words of `line` outside `cuts` are empty or nothing but copies of the title."""
    rest = tuple(
        t.norm for t in line.tokens if not any(f.start <= line.start + t.start < f.end for f in cuts)
    )
    return not rest or _copies_of(rest, title)


def _copies_of(words: tuple[str, ...], title: tuple[str, ...]) -> bool:
    """`words` is the title printed one or more times."""
    return bool(words) and len(words) % len(title) == 0 and words == title * (len(words) // len(title))
