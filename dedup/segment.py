"""Segment an article into lines (the unit of removal) with character offsets into the original."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import regex

from .normalize import _NON_WORD, normalize, normalize_many
from .shingle import _NO_SPACE, _codepoints, _tables, batch_hashes_of_tokens

_TOKEN = regex.compile(rf"[{_NO_SPACE}]|[[\p{{L}}\p{{N}}\p{{M}}]--[{_NO_SPACE}]]+", regex.V1)
_NO_SPACE_CHAR = regex.compile(rf"[{_NO_SPACE}]")
# on ASCII text `_TOKEN` matches exactly the runs of ASCII letters and digits, and a token's normal form
# is its lower case
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
# tokens repeat across lines and pages: normalise each distinct one once (a pure function, so caching is safe)
_norm_token = lru_cache(maxsize=1 << 16)(normalize)
# a sentence ends at . ! ? … (and CJK full stops) followed by closing quotes/brackets, then space or end
_SENT_END = regex.compile(r"(?:[.!?…]+|[。！？])[\"'”’»)\]]*(?=\s|$)|[。！？](?=\S)")
# the characters that end a line (as str.splitlines has them; "\r\n" is one break)
_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
TRUNCATION = regex.compile(r"(?:\[\s*(?:…|\.{3})\s*\]|\(\s*(?:…|\.{3})\s*\)|…|\.{3})[\"'”’»]?\s*$")


class _cached:
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first access): the value
    is computed once and kept in the instance, whose attribute then shadows this descriptor."""

    def __init__(self, fn) -> None:
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Token:
    """One word (or one character of a script written without spaces) with its offsets in the line."""

    start: int
    end: int
    norm: str


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
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # detectors' per-line results
    #: whether the line holds a character of a script written without spaces (Han, kana, Thai, ...), as
    #: `cues.has_spaceless(text)` says (segmentation knows it for free); None: not known
    cjk: bool | None = field(default=None, repr=False, compare=False)

    @_cached
    def tokens(self) -> list[Token]:
        """The tokens with their offsets in the line."""
        return [Token(m.start(), m.end(), w) for m, w in zip(_TOKEN.finditer(self.text), self.words)]

    @_cached
    def spaceless(self) -> bool:
        """True when most of the line is in a script written without spaces (its tokens are characters)."""
        w = self.words
        if list(map(len, w)).count(1) * 2 <= len(w) or self.text.isascii():  # not even the one-character
            return False  # words are most
        ones = [t for t in w if len(t) == 1]
        return sum(_NO_SPACE_CHAR.match(t) is not None for t in ones) * 2 > len(w)

    @_cached
    def n_words(self) -> int:
        """Number of tokens; characters count one third each in spaceless scripts."""
        return len(self.words) // 3 if self.spaceless else len(self.words)


@dataclass(frozen=True)
class Sentence:
    """A sentence inside a line: offsets relative to the line, and its token index range."""

    start: int
    end: int
    tok_start: int
    tok_end: int


def line_tokens(text: str) -> list[Token]:
    """Tokenise one line keeping offsets; each token is NFKC-normalised and case-folded."""
    return [Token(m.start(), m.end(), _norm_token(m.group())) for m in _TOKEN.finditer(text)]


def line_words(text: str) -> tuple[str, ...]:
    """The normalised tokens of one line (the `norm` of `line_tokens`, without the offsets)."""
    if text.isascii():
        return tuple(_ASCII_TOKEN.findall(text.lower()))
    return tuple(map(_norm_token, _TOKEN.findall(text)))


_NONE = 0xFFFFFFFF  # not a code point: marks the unused cells when tokens are spaced out


@lru_cache(maxsize=1)
def _token_classes() -> np.ndarray:
    """The class of every code point under `_TOKEN`: 1 in a run of word characters, 2 a token on its own
    (scripts written without spaces), 0 neither. Built once per process (about 0.1 s)."""
    text = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    classes = np.zeros(0x110000, np.uint8)
    for m in regex.finditer(rf"[[\p{{L}}\p{{N}}\p{{M}}]--[{_NO_SPACE}]]+", text, regex.V1):
        classes[m.start() : m.end()] = 1
    for m in _NO_SPACE_CHAR.finditer(text):
        classes[m.start()] = 2
    return classes


def _page_words(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[str, ...]], list[bool]]:
    """`line_words` of the spans of `text`, tokenised for the whole text at once with a code point table;
    and whether each span holds a character of a script written without spaces."""
    if text.isascii():
        return [tuple(_ASCII_TOKEN.findall(text[a:b].lower())) for a, b in spans], [False] * len(spans)
    cp = _codepoints(text)
    cls = _token_classes()[cp]
    run = cls == 1
    alone = cls == 2
    has_alone = bool(alone.any())
    edge = np.empty(cls.size, bool)  # where a token starts
    edge[0] = run[0]
    np.greater(run[1:], run[:-1], out=edge[1:])
    starts = np.flatnonzero(edge | alone if has_alone else edge)
    # the tokens as one string, separated by spaces (no token holds a space), split in one call
    spaced = np.where(cls == 0, np.uint32(32), cp)
    if has_alone:  # (a character on its own gets a space on either side)
        spaced = np.stack(
            [np.full(cls.size, _NONE, np.uint32), spaced, np.full(cls.size, _NONE, np.uint32)], 1
        )
        spaced[alone, 0] = spaced[alone, 2] = 32
        spaced = spaced.reshape(-1)
        spaced = spaced[spaced != _NONE]
    joined = spaced.tobytes().decode("utf-32-le", "surrogatepass")
    norms = _norm_tokens(joined, starts.size, not has_alone)  # (tokens of a class-1 run: word characters)
    flat = np.asarray(spans, np.int64).reshape(-1)
    bounds = np.searchsorted(starts, flat).tolist()
    if has_alone:
        n_alone = np.zeros(cls.size + 1, np.int64)
        np.cumsum(alone, out=n_alone[1:])
        cjk = (n_alone[flat[1::2]] > n_alone[flat[0::2]]).tolist()
    else:
        cjk = [False] * len(spans)
    return [tuple(norms[bounds[k] : bounds[k + 1]]) for k in range(0, len(bounds), 2)], cjk


def _norm_tokens(joined: str, count: int, words_only: bool = False) -> list[str]:
    """`normalize` of each of the `count` tokens of `joined` (tokens separated by runs of U+0020), in one go.

    NFKC and case folding of the whole string equal those of the tokens put end to end: a space neither
    composes with its neighbours nor lets combining marks reorder across it, and folding maps each character
    on its own. So when the folded string holds only letters, digits, marks and spaces (no token's normal
    form has a space or a character `normalize` folds away: the usual case), its pieces are the normal
    forms. A piece holding another character (the U+2044 of "½", a sign of a script without spaces) is its
    token's NFKC and case folding, so `normalize` of the token is that piece with such runs folded to
    spaces. Should the pieces not be one per token, each token is normalised on its own. `words_only` says
    every token is a run of word characters (letters, digits, marks): then a `joined` in NFKC needs case folding
    only.
    """
    if words_only and unicodedata.is_normalized("NFKC", joined):  # (the usual case: tokens of word characters
        return joined.casefold().split()  # in NFKC; case folding keeps them word characters, see `segment`)
    folded = unicodedata.normalize("NFKC", joined).casefold()
    norms = folded.split()
    if len(norms) != count:
        return list(map(_norm_token, joined.split()))
    cp = _codepoints(folded)
    space = cp == 32
    good = (_tables()[1][cp] > 0) | space
    if good.all():
        return norms
    bad = np.flatnonzero(~good).tolist()
    if any(folded[i].isspace() for i in bad):  # (whitespace other than U+0020 would have split a piece)
        return list(map(_norm_token, joined.split()))
    first = np.empty(cp.size, bool)  # where a piece starts
    first[0] = not space[0]
    np.greater(space[:-1], space[1:], out=first[1:])
    for i in set((np.searchsorted(np.flatnonzero(first), bad, side="right") - 1).tolist()):
        norms[i] = _NON_WORD.sub(" ", norms[i]).strip()
    return norms


def sentences(line: Line) -> list[Sentence]:
    """Split a line into sentences (offsets relative to the line)."""
    out: list[Sentence] = []
    pos = 0
    ends = [m.end() for m in _SENT_END.finditer(line.text)]
    if not ends or ends[-1] < len(line.text):
        ends.append(len(line.text))
    toks = line.tokens
    ti = 0
    for end in ends:
        seg = line.text[pos:end]
        lead = len(seg) - len(seg.lstrip())
        s = pos + lead
        if s < end:
            t0 = ti
            while ti < len(toks) and toks[ti].start < end:
                ti += 1
            if ti > t0:
                out.append(Sentence(s, end, t0, ti))
        pos = end
    return out


@dataclass
class Page:
    """A segmented article: the original text, its lines, and its title."""

    text: str
    lines: list[Line]
    title: str | None = None
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def covered(self, start: int, end: int) -> range:
        """The indices of the lines that lie wholly within [start, end) (a flag's span): found by bisection,
        as a page of many lines may carry many flags."""
        starts = self.memo.get("starts")
        if starts is None:
            starts = self.memo["starts"] = [ln.start for ln in self.lines]
        i = j = bisect_left(starts, start)
        while j < len(self.lines) and self.lines[j].end <= end:  # (lines are in order and do not overlap)
            j += 1
        return range(i, j)

    def line_shingles(self, n: int = 3) -> list[np.ndarray]:
        """Word `n`-gram hashes of every line (sorted, unique; as `shingle_hashes` of the line's words),
        computed for the whole page at once and kept: several detectors and the index use them."""
        out = self.memo.get(("shingles", n))
        if out is None:
            line_shingles_many([self], n)
            out = self.memo[("shingles", n)]
        return out


def line_shingles_many(pages: Sequence[Page], n: int = 3) -> None:
    """`Page.line_shingles(n)` of many pages, computed together (fewer, larger NumPy calls) and kept."""
    todo = [p for p in pages if ("shingles", n) not in p.memo]
    if not todo:
        return
    flat = batch_hashes_of_tokens([ln.words for p in todo for ln in p.lines], n)
    pos = 0
    for page in todo:
        out = page.memo[("shingles", n)] = flat[pos : pos + len(page.lines)]
        pos += len(page.lines)
        if n == 3:  # a line with as many distinct 3-gram hashes as 3-grams repeats none: tandem repeats
            for ln, sh in zip(page.lines, out):  # (detectors/_text.py) need not look
                if "rep3" not in ln.memo:
                    size = len(ln.words)
                    ln.memo["rep3"] = size >= 6 and sh.size < size - 2


def layout(page: Page) -> list[tuple]:
    """The lines of `page` as plain values (offsets, paragraph, words, normal form, block key if computed),
    for `restore`: a second pass over the same text rebuilds its page from them instead of tokenising again.
    Compact: the words go as one NUL-separated string, the normal form only where it is not the words
    joined by spaces."""
    out = []
    for ln in page.lines:
        joined = " ".join(ln.words)
        out.append(
            (
                ln.start,
                ln.end,
                ln.para,
                "\x00".join(ln.words) if ln.words else None,
                None if ln.norm == joined else ln.norm,
                ln.cjk,
                ln.memo.get("block_key"),
            )
        )
    return out


def given_title(title: str | None) -> str | None:
    """A page's given title, None when it is blank (then the first line stands for it, as with no title)."""
    return title if title is not None and title.strip() else None


def restore(text: str, title: str | None, lines: list[tuple]) -> Page:
    """The page `segment(text, title)` gives, from the `layout` of a page of the same `text`."""
    title = given_title(title)
    out = []
    for i, (a, b, para, words, norm, cjk, key) in enumerate(lines):
        w = tuple(words.split("\x00")) if words is not None else ()
        out.append(
            Line(
                i,
                a,
                b,
                text[a:b],
                para,
                w,
                " ".join(w) if norm is None else norm,
                {} if key is None else {"block_key": key},
                cjk,
            )
        )
    return Page(text, out, title)


def segment(text: str, title: str | None = None) -> Page:
    """Split `text` into trimmed non-empty lines with offsets and paragraph numbers (a blank `title` is none)."""
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
    words, cjk = _page_words(text, spans)
    texts = [text[a:b] for a, b in spans]
    # A line's normal form is its words joined by spaces when it is ASCII; and also when it has no character
    # of a script without spaces (those are words on their own, but joined in the normal form) and is in NFKC
    # already: then case folding is all `normalize` does to it, and it maps the word characters
    # ([\p{L}\p{N}\p{M}]) to word characters only and the others to others only (tests/test_segment.py
    # checks every code point), so the words are the normal form's runs. A text in NFKC has its lines in NFKC.
    nfkc = text.isascii() or unicodedata.is_normalized("NFKC", text)
    norms = [
        " ".join(w) if t.isascii() or (not c and (nfkc or unicodedata.is_normalized("NFKC", t))) else None
        for t, w, c in zip(texts, words, cjk)
    ]
    rest = [i for i, n in enumerate(norms) if n is None]
    for i, n in zip(rest, normalize_many([texts[i] for i in rest])):
        norms[i] = n
    return Page(
        text,
        [
            Line(i, a, b, t, p, w, n, cjk=c)
            for i, ((a, b), t, p, w, n, c) in enumerate(zip(spans, texts, paras, words, norms, cjk))
        ],
        title,
    )
