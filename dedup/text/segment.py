"""Segment an article into lines (the unit of removal) with character offsets into the original."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
import regex

from .tokens import NO_SPACE_CHAR, TOKEN, Token, normalize_many, page_words

# the characters that end a line (as str.splitlines has them; "\r\n" is one break)
_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
TRUNCATION = regex.compile(r"(?:\[\s*(?:…|\.{3})\s*\]|\(\s*(?:…|\.{3})\s*\)|…|\.{3})[\"'”’»]?\s*$")

_T = TypeVar("_T")


class _cached(Generic[_T]):
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first access): the value
    is computed once and kept in the instance, whose attribute then shadows this descriptor."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj: Any, cls: Any = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Line:
    """A non-empty line of the original text, trimmed; `start`/`end` are offsets into the original.

    `words` (the normalised tokens) and `norm` (the normalised text) are computed for the whole page when
    it is segmented; the tokens with their offsets only when a detector asks for them.
    """

    index: int
    start: int
    end: int
    text: str
    para: int
    words: tuple[str, ...] = field(repr=False)
    norm: str = field(repr=False)
    #: whether the line holds a token of a script written without spaces (Han, kana, Thai, ...), as
    #: `cues.has_spaceless(text)` says (segmentation knows it for free); None: not known
    holds_spaceless: bool | None = field(default=None, repr=False, compare=False)
    #: its block key (`dedup.corpus.prints.block_key`) once computed: a corpus run's passes both need it
    block_key: int | None = field(default=None, repr=False, compare=False)
    #: whether some word 3-gram occurs twice in the line (None: not known yet); without one there is no
    #: tandem repeat to look for
    repeats_3gram: bool | None = field(default=None, repr=False, compare=False)
    #: tandem repeats found so far, by (min_words, max_words) (`detectors.predicates.tandem_repeats`)
    tandems: dict[tuple[int, int], list[tuple[int, int, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: its line number in the text, as an editor counts ("\n" ends a line; blank lines count): reasons
    #: cite it; 0 when not known
    number: int = field(default=0, repr=False, compare=False)

    @_cached
    def tokens(self) -> list[Token]:
        """The tokens with their offsets in the line."""
        return [Token(m.start(), m.end(), w) for m, w in zip(TOKEN.finditer(self.text), self.words)]

    @_cached
    def spaceless(self) -> bool:
        """True when most of the line is in a script written without spaces (its tokens are characters)."""
        w = self.words
        if list(map(len, w)).count(1) * 2 <= len(w) or self.text.isascii():  # not even the one-character
            return False  # words are most
        ones = [t for t in w if len(t) == 1]
        return sum(NO_SPACE_CHAR.match(t) is not None for t in ones) * 2 > len(w)

    @_cached
    def n_words(self) -> int:
        """Number of tokens; characters count one third each in spaceless scripts."""
        return len(self.words) // 3 if self.spaceless else len(self.words)


@dataclass
class Page:
    """A segmented article: the original text, its lines, and its title."""

    text: str
    lines: list[Line]
    title: str | None = None
    #: word 3-gram hashes of every line, once computed (`dedup.fingerprint.shingle.line_shingles`)
    shingles3: list[np.ndarray] | None = field(default=None, repr=False, compare=False)
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    def covered(self, start: int, end: int) -> range:
        """The indices of the lines that lie wholly within [start, end) (a flag's span): found by bisection,
        as a page of many lines may carry many flags."""
        if self._starts is None:
            self._starts = [ln.start for ln in self.lines]
        i = j = bisect_left(self._starts, start)
        while j < len(self.lines) and self.lines[j].end <= end:  # (lines are in order and do not overlap)
            j += 1
        return range(i, j)

    def retitled(self, title: str | None) -> Page:
        """The same page (lines and what is known of them shared) under another title."""
        return Page(self.text, self.lines, title, self.shingles3, self._starts)


#: one line as plain values: start, end, paragraph, words joined by NUL (None: no words), normal form (None:
#: the words joined by spaces), whether it holds a spaceless-script token, its block key (None: not computed)
LineLayout = tuple[int, int, int, "str | None", "str | None", "bool | None", "int | None"]


def layout(page: Page) -> list[LineLayout]:
    """The lines of `page` as plain values, for `restore`: a second pass over the same text rebuilds its page
    from them instead of tokenising again. Compact: the words go as one NUL-separated string, the normal form
    only where it is not the words joined by spaces."""
    out: list[LineLayout] = []
    for ln in page.lines:
        joined = " ".join(ln.words)
        words = "\x00".join(ln.words) if ln.words else None
        norm = None if ln.norm == joined else ln.norm
        out.append((ln.start, ln.end, ln.para, words, norm, ln.holds_spaceless, ln.block_key))
    return out


def line_numbers(text: str, starts: list[int]) -> list[int]:
    """The line number (1-based, counting "\n" as an editor does) of each offset of `starts` (ascending)."""
    out, n, prev = [], 1, 0
    for a in starts:
        n += text.count("\n", prev, a)
        prev = a
        out.append(n)
    return out


def given_title(title: str | None) -> str | None:
    """A page's given title, None when it is blank (then the first line stands for it, as with no title)."""
    return title if title is not None and title.strip() else None


def restore(text: str, title: str | None, lines: list[LineLayout]) -> Page:
    """The page `segment(text, title)` gives, from the `layout` of a page of the same `text`."""
    out = []
    numbers = line_numbers(text, [ln[0] for ln in lines])
    for i, (a, b, para, words, norm, spaceless, key) in enumerate(lines):
        w = tuple(words.split("\x00")) if words is not None else ()
        norm = " ".join(w) if norm is None else norm
        out.append(Line(i, a, b, text[a:b], para, w, norm, spaceless, key, number=numbers[i]))
    return Page(text, out, given_title(title))


def segment(text: str, title: str | None = None) -> Page:
    """Split `text` into trimmed non-empty lines with offsets and paragraph numbers (a blank `title` is
    none)."""
    title = given_title(title)
    spans: list[tuple[int, int]] = []
    paras: list[int] = []
    para = 0
    pos = 0
    blank = 0  # blank lines since the last line: one makes two line breaks, a new paragraph
    for piece in text.splitlines(True):
        raw = piece.rstrip(_BREAKS)
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            if blank and spans:
                para += 1
            spans.append((start, start + len(stripped)))
            paras.append(para)
            blank = 0
        else:
            blank += 1
        pos += len(piece)
    if not spans:
        return Page(text, [], title)
    words, spaceless = page_words(text, spans)
    texts = [text[a:b] for a, b in spans]
    # A line's normal form is its words joined by spaces when it is ASCII; and also when it has no token of a
    # script without spaces (those are words on their own, but joined in the normal form) and is in NFKC
    # already: then case folding is all `normalize` does to it, and it maps the word characters
    # ([\p{L}\p{N}\p{M}]) to word characters only and the others to others only (tests/text/test_segment.py
    # checks every code point), so the words are the normal form's runs. A text in NFKC has its lines in NFKC.
    nfkc = text.isascii() or unicodedata.is_normalized("NFKC", text)
    norms: list[str | None] = [
        " ".join(w) if t.isascii() or (not c and (nfkc or unicodedata.is_normalized("NFKC", t))) else None
        for t, w, c in zip(texts, words, spaceless)
    ]
    rest = [i for i, n in enumerate(norms) if n is None]
    for i, n in zip(rest, normalize_many([texts[i] for i in rest])):
        norms[i] = n
    numbers = line_numbers(text, [a for a, _ in spans])
    return Page(
        text,
        [
            Line(i, a, b, t, p, w, n or "", holds_spaceless=c, number=k)
            for i, ((a, b), t, p, w, n, c, k) in enumerate(
                zip(spans, texts, paras, words, norms, spaceless, numbers)
            )
        ],
        title,
    )
