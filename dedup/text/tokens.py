"""The one tokenizer: what a token is, its normal form, and code point tables for doing it in NumPy.

A token is a run of letters, digits and marks (`\\p{L}\\p{N}\\p{M}`), except in scripts written without
spaces (Han, Kana, Thai, Lao, Khmer, Myanmar), where every letter, digit or mark is a token of its own.
Anything else (punctuation, symbols, spaces) separates tokens. A token's normal form is its NFKC form,
case-folded, with what that makes of punctuation folded to spaces (`normalize`).

Segmentation (`dedup.text.segment`) and fingerprints (`dedup.fingerprint.shingle`) both tokenise with
this module: the same text gives the same tokens in both.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import TypeVar

import numpy as np
import regex

#: the scripts written without spaces, as a character class body
NO_SPACE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_WORD_CLASS = r"[\p{L}\p{N}\p{M}]"
_RUN = rf"[{_WORD_CLASS}--[{NO_SPACE}]]+"
_ALONE = rf"[[{NO_SPACE}]&&{_WORD_CLASS}]"
#: one token: a character of a script without spaces, or a run of other word characters
TOKEN = regex.compile(rf"{_ALONE}|{_RUN}", regex.V1)
NO_SPACE_CHAR = regex.compile(rf"[{NO_SPACE}]")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}]+")
# on ASCII text `TOKEN` matches exactly the runs of ASCII letters and digits, whose normal form is their
# lower case
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")

#: token classes of code points: 0 separates, 1 is part of a run, 2 is a token on its own
SEPARATOR, IN_RUN, ALONE = 0, 1, 2
#: the case folding table's mark for a code point that folds to several ("ß" -> "ss")
MULTI = 0x110000
_TABLES: tuple[np.ndarray, np.ndarray] | None = None
_LOCK = threading.Lock()


def normalize(text: str) -> str:
    """Return `text` NFKC-normalised, case-folded, with punctuation and whitespace folded to single spaces."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


#: strings of at most this many characters are cached by `short_cache` (a line of a page is usually far
#: shorter); a cache of 8,192 longer strings could hold gigabytes for nothing
CACHED_CHARS = 1_000
_R = TypeVar("_R")


def short_cache(maxsize: int) -> Callable[[Callable[[str], _R]], Callable[[str], _R]]:
    """`lru_cache(maxsize)` for strings of at most `CACHED_CHARS` characters; longer ones computed anew."""

    def wrap(fn: Callable[[str], _R]) -> Callable[[str], _R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str) -> _R:
            return cached(text) if len(text) <= CACHED_CHARS else fn(text)

        return call

    return wrap


# tokens repeat across lines and pages: normalise each distinct one once (a pure function, so caching is safe)
norm_token = short_cache(1 << 16)(normalize)


def tokens(text: str) -> list[str]:
    """The normalised tokens of `text`."""
    return TOKEN.findall(normalize(text))


@dataclass(frozen=True)
class Token:
    """One token with its offsets in the line and its normal form."""

    start: int
    end: int
    norm: str


def line_tokens(text: str) -> list[Token]:
    """Tokenise one line keeping offsets; each token is NFKC-normalised and case-folded."""
    return [Token(m.start(), m.end(), norm_token(m.group())) for m in TOKEN.finditer(text)]


def line_words(text: str) -> tuple[str, ...]:
    """The normalised tokens of one line (the `norm` of `line_tokens`, without the offsets)."""
    if text.isascii():
        return tuple(_ASCII_TOKEN.findall(text.lower()))
    return tuple(map(norm_token, TOKEN.findall(text)))


def codepoints(s: str) -> np.ndarray:
    """The code points of `s` as uint32 (lone surrogates included)."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def tables() -> tuple[np.ndarray, np.ndarray]:
    """The case-folding table (code point -> folded code point, or `MULTI`) and the token class table over
    all code points; built once per process (about 0.2 s)."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = (_fold_table(), _class_table())
    return _TABLES


def _class_table() -> np.ndarray:
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    classes = np.zeros(0x110000, np.uint8)
    for m in regex.finditer(_RUN, every, regex.V1):
        classes[m.start() : m.end()] = IN_RUN
    for m in regex.finditer(_ALONE + "+", every, regex.V1):
        classes[m.start() : m.end()] = ALONE
    return classes


def _fold_table() -> np.ndarray:
    size = 0x110000
    every = np.arange(size, dtype=np.uint32)
    # case-fold "\0 c" for every c >= 1 at once; NUL folds to itself and marks the pieces
    pairs = np.zeros(2 * (size - 1), np.uint32)
    pairs[1::2] = every[1:]
    folded = codepoints(pairs.tobytes().decode("utf-32-le", "surrogatepass").casefold())
    seps = np.flatnonzero(folded == 0)
    lens = np.diff(np.append(seps, folded.size)) - 1
    fold = every.copy()
    fold[1:] = np.where(lens == 1, folded[np.minimum(seps + 1, folded.size - 1)], MULTI)
    return fold


def normalize_many(texts: Sequence[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, with the punctuation and whitespace folding done for all texts at
    once in NumPy (the class table says which code points are word characters)."""
    # NFKC and case folding of the texts joined by NULs (a NUL neither composes with its neighbours nor
    # lets combining marks reorder across it) equal those of each text, joined
    joined = unicodedata.normalize("NFKC", "\x00".join(texts)).casefold()
    if len(texts) < 2 or joined.count("\x00") != len(texts) - 1:
        return [normalize(t) for t in texts]  # one text, or a NUL inside a text: no separator to split on
    cp = codepoints(joined)
    word = _word_chars(cp)
    sep = cp == 0
    other = ~(word | sep)  # what _NON_WORD folds, cut at the separators
    prev_word = np.zeros_like(word)
    prev_word[1:] = word[:-1]
    next_word = np.zeros_like(word)
    next_word[:-1] = word[1:]
    prev_other = np.zeros_like(word)
    prev_other[1:] = other[:-1]
    next_other = np.zeros_like(word)
    next_other[:-1] = other[1:]
    run_start = np.flatnonzero(other & ~prev_other)
    run_end = np.flatnonzero(other & ~next_other)
    # a run becomes one space between two words; at either end of a text it goes (strip)
    space = run_start[prev_word[run_start] & next_word[run_end]]
    keep = word | sep
    keep[space] = True
    cp = cp.copy()
    cp[space] = 32
    return cp[keep].tobytes().decode("utf-32-le", "surrogatepass").split("\x00")


def _word_chars(cp: np.ndarray) -> np.ndarray:
    """Which code points are word characters ([\\p{L}\\p{N}\\p{M}]: of a token's class)."""
    return tables()[1][cp] != SEPARATOR


_NONE = 0xFFFFFFFF  # not a code point: marks the unused cells when tokens are spaced out


def page_words(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[str, ...]], list[bool]]:
    """`line_words` of the spans of `text`, tokenised for the whole text at once with the class table; and
    whether each span holds a token of a script written without spaces."""
    if text.isascii():
        return [tuple(_ASCII_TOKEN.findall(text[a:b].lower())) for a, b in spans], [False] * len(spans)
    cp = codepoints(text)
    cls = tables()[1][cp]
    run = cls == IN_RUN
    alone = cls == ALONE
    has_alone = bool(alone.any())
    edge = np.empty(cls.size, bool)  # where a token starts
    edge[0] = run[0]
    np.greater(run[1:], run[:-1], out=edge[1:])
    starts = np.flatnonzero(edge | alone if has_alone else edge)
    # the tokens as one string, separated by spaces (no token holds a space), split in one call
    spaced = np.where(cls == SEPARATOR, np.uint32(32), cp)
    if has_alone:  # (a character on its own gets a space on either side)
        spaced = np.stack(
            [np.full(cls.size, _NONE, np.uint32), spaced, np.full(cls.size, _NONE, np.uint32)], 1
        )
        spaced[alone, 0] = spaced[alone, 2] = 32
        spaced = spaced.reshape(-1)
        spaced = spaced[spaced != _NONE]
    joined = spaced.tobytes().decode("utf-32-le", "surrogatepass")
    norms = _norm_tokens(joined, starts.size, not has_alone)  # (tokens of a run: word characters)
    flat = np.asarray(spans, np.int64).reshape(-1)
    bounds = np.searchsorted(starts, flat).tolist()
    if has_alone:
        n_alone = np.zeros(cls.size + 1, np.int64)
        np.cumsum(alone, out=n_alone[1:])
        spaceless = (n_alone[flat[1::2]] > n_alone[flat[0::2]]).tolist()
    else:
        spaceless = [False] * len(spans)
    return [tuple(norms[bounds[k] : bounds[k + 1]]) for k in range(0, len(bounds), 2)], spaceless


def _norm_tokens(joined: str, count: int, words_only: bool = False) -> list[str]:
    """`normalize` of each of the `count` tokens of `joined` (tokens separated by runs of U+0020), in one go.

    NFKC and case folding of the whole string equal those of the tokens put end to end: a space neither
    composes with its neighbours nor lets combining marks reorder across it, and folding maps each character
    on its own. So when the folded string holds only letters, digits, marks and spaces (no token's normal
    form has a space or a character `normalize` folds away: the usual case), its pieces are the normal
    forms. A piece holding another character (the U+2044 of "½") is its token's NFKC and case folding, so
    `normalize` of the token is that piece with such runs folded to spaces. Should the pieces not be one per
    token, each token is normalised on its own. `words_only` says every token is a run of word characters:
    then a `joined` in NFKC needs case folding only.
    """
    if words_only and unicodedata.is_normalized("NFKC", joined):  # (the usual case: tokens of word characters
        return joined.casefold().split()  # in NFKC; case folding keeps them word characters, see `segment`)
    folded = unicodedata.normalize("NFKC", joined).casefold()
    norms = folded.split()
    if len(norms) != count:
        return list(map(norm_token, joined.split()))
    cp = codepoints(folded)
    space = cp == 32
    good = _word_chars(cp) | space
    if good.all():
        return norms
    bad = np.flatnonzero(~good).tolist()
    if any(folded[i].isspace() for i in bad):  # (whitespace other than U+0020 would have split a piece)
        return list(map(norm_token, joined.split()))
    first = np.empty(cp.size, bool)  # where a piece starts
    first[0] = not space[0]
    np.greater(space[:-1], space[1:], out=first[1:])
    for i in set((np.searchsorted(np.flatnonzero(first), bad, side="right") - 1).tolist()):
        norms[i] = _NON_WORD.sub(" ", norms[i]).strip()
    return norms
