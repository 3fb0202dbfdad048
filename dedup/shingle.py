"""Tokens, shingles and their 64-bit hashes, script-aware.

Words are runs of letters, digits and marks. Scripts written without spaces (Han, Kana, Thai, Lao, Khmer,
Myanmar) are tokenised one character at a time, so their word n-grams are character n-grams.
"""
from __future__ import annotations

import numpy as np
import regex
import xxhash

from .normalize import normalize

_NO_SPACE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_TOKEN = regex.compile(rf"[{_NO_SPACE}]|[[\p{{L}}\p{{N}}\p{{M}}]--[{_NO_SPACE}]]+", regex.V1)

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
# odd 64-bit multipliers used to combine token hashes into shingle hashes (wrap-around arithmetic)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


def tokens(text: str) -> list[str]:
    """Return the normalised tokens of `text`."""
    return _TOKEN.findall(normalize(text))


def token_hashes(toks: list[str]) -> np.ndarray:
    """Return the 64-bit xxh3 hash of every token, as a uint64 array."""
    return np.fromiter((xxhash.xxh3_64_intdigest(t.encode("utf-8")) for t in toks), dtype=np.uint64, count=len(toks))


def shingle_hashes(text: str, n: int = 5) -> np.ndarray:
    """Return the sorted unique hashes of the word `n`-grams of `text`.

    A text with fewer than `n` tokens (but at least one) gives one shingle made of all its tokens.
    """
    return hashes_of_tokens(token_hashes(tokens(text)), n)


def hashes_of_tokens(th: np.ndarray, n: int) -> np.ndarray:
    """Combine per-token hashes into sorted unique `n`-gram hashes."""
    if th.size == 0:
        return th
    k = min(n, th.size)
    m = th.size - k + 1
    with np.errstate(over="ignore"):
        acc = th[:m] * _MIX[0]
        for j in range(1, k):
            acc = (acc ^ (acc >> np.uint64(29))) + th[j:j + m] * _MIX[j % len(_MIX)]
    return np.unique(acc)
