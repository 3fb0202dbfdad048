"""Segment an article into lines (the unit of removal) with character offsets into the original."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex

from .normalize import normalize
from .shingle import _NO_SPACE

_LINE = regex.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_TOKEN = regex.compile(rf"[{_NO_SPACE}]|[[\p{{L}}\p{{N}}\p{{M}}]--[{_NO_SPACE}]]+", regex.V1)
_NO_SPACE_CHAR = regex.compile(rf"[{_NO_SPACE}]")
# on ASCII text `_TOKEN` matches exactly the runs of ASCII letters and digits, and a token's normal form
# is its lower case
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
# tokens repeat across lines and pages: normalise each distinct one once (a pure function, so caching is safe)
_norm_token = lru_cache(maxsize=1 << 16)(normalize)
# a sentence ends at . ! ? … (and CJK full stops) followed by closing quotes/brackets, then space or end
_SENT_END = regex.compile(r"(?:[.!?…]+|[。！？])[\"'”’»)\]]*(?=\s|$)|[。！？](?=\S)")
_BREAK = regex.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
TRUNCATION = regex.compile(r"(?:\[\s*(?:…|\.{3})\s*\]|\(\s*(?:…|\.{3})\s*\)|…|\.{3})[\"'”’»]?\s*$")


@dataclass(frozen=True)
class Token:
    """One word (or one character of a script written without spaces) with its offsets in the line."""

    start: int
    end: int
    norm: str


@dataclass
class Line:
    """A non-empty line of the original text, trimmed; `start`/`end` are offsets into the original.

    `words` (the normalised tokens) are computed when the line is made; the tokens with their offsets
    only when a detector asks for them (few do, and only for lines where they found something).
    """

    index: int
    start: int
    end: int
    text: str
    para: int
    words: tuple[str, ...] = field(repr=False)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # detectors' per-line results

    @cached_property
    def tokens(self) -> list[Token]:
        """The tokens with their offsets in the line."""
        return [Token(m.start(), m.end(), w) for m, w in zip(_TOKEN.finditer(self.text), self.words)]

    @cached_property
    def norm(self) -> str:
        """Normalised text of the line."""
        return normalize(self.text)

    @cached_property
    def spaceless(self) -> bool:
        """True when most of the line is in a script written without spaces (its tokens are characters)."""
        if self.text.isascii():
            return False
        w = self.words
        return bool(w) and sum(len(t) == 1 and _NO_SPACE_CHAR.match(t) is not None for t in w) * 2 > len(w)

    @cached_property
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


def segment(text: str, title: str | None = None) -> Page:
    """Split `text` into trimmed non-empty lines with offsets and paragraph numbers."""
    lines: list[Line] = []
    para = 0
    prev_end = 0
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        if lines and _BREAK.subn("", text[prev_end:start])[1] > 1:
            para += 1
        lines.append(Line(len(lines), start, start + len(stripped), stripped, para, line_words(stripped)))
        prev_end = start + len(stripped)
    return Page(text, lines, title)
