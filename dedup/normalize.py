"""Text normalisation: the form in which blocks are compared."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import regex

_NON_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}]+")


def normalize(text: str) -> str:
    """Return `text` NFKC-normalised, case-folded, with punctuation and whitespace folded to single spaces."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def normalize_many(texts: Sequence[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, with the punctuation and whitespace folding done for all texts at
    once in NumPy (a table of the word characters, the same table the shingle hashes use)."""
    from .shingle import _codepoints, _tables

    # NFKC and case folding of the texts joined by NULs (a NUL neither composes with its neighbours nor
    # lets combining marks reorder across it) equal those of each text, joined
    joined = unicodedata.normalize("NFKC", "\x00".join(texts)).casefold()
    if len(texts) < 2 or joined.count("\x00") != len(texts) - 1:
        return [normalize(t) for t in texts]  # one text, or a NUL inside a text: no separator to split on
    cp = _codepoints(joined)
    word = _tables()[1][cp] > 0  # [\p{L}\p{N}\p{M}]
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
