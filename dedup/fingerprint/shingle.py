"""Shingles (word n-grams) and their 64-bit hashes, over the tokens of `dedup.text.tokens`.

Scripts written without spaces are tokenised one character at a time, so their word n-grams are character
n-grams.

Two paths compute the same hashes:

* the reference, one text at a time: `dedup.text.tokens.tokens` → :func:`token_hashes` →
:func:`hashes_of_tokens`
  (:func:`shingle_hashes` chains them);
* the batch path, :func:`batch_shingle_hashes`, which normalises a whole batch in one call, classifies
  every code point with a lookup table and hashes tokens and n-grams with NumPy, without creating a Python
  string per token.

A token's hash is a polynomial hash of its code points (mod 2**64) plus its length, finished with the
murmur3 64-bit mixer. An n-gram's hash combines its tokens' hashes with :func:`hashes_of_tokens`. Both
paths share these functions, so ``shingle_hashes(t, n)`` equals text ``t``'s slice of
``batch_shingle_hashes([..., t, ...], n)`` exactly (a test checks it on multilingual text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

import numpy as np

from ..text.segment import Page
from ..text.tokens import ALONE, IN_RUN, MULTI, codepoints, tables, tokens

__all__ = [
    "batch_hashes_of_tokens",
    "batch_shingle_hashes",
    "hashes_of_tokens",
    "iter_shingle_chunks",
    "line_shingles",
    "line_shingles_many",
    "shingle_hashes",
    "token_hashes",
]


# odd 64-bit multipliers used to combine token hashes into shingle hashes (wrap-around arithmetic)
_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)
_S29 = np.uint64(29)


# token hash: sum(cp[j] * _BASE**j) + len * _LEN_MUL  (mod 2**64), then fmix64
_BASE = 0xD6E8FEB86659FD93
_BASE_INV = pow(_BASE, -1, 1 << 64)
_LEN_MUL = np.uint64(0xA0761D6478BD642F)
_FM1 = np.uint64(0xFF51AFD7ED558CCD)
_FM2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)


# powers of _BASE and of its inverse, grown as longer texts come (`_powers`)
_POWERS: tuple[np.ndarray, np.ndarray] = (np.ones(1, np.uint64), np.ones(1, np.uint64))

#: characters of text (after normalisation) tokenised per NumPy call in the batch path
CHUNK_CHARS = 1 << 17


def token_hashes(toks: Sequence[str]) -> np.ndarray:
    """Return the 64-bit hash of every token, as a uint64 array.

    The hash is a polynomial hash of the token's code points plus its length, mixed with murmur3's fmix64;
    the batch path computes the same values without Python strings.
    """
    if not toks:
        return np.empty(0, np.uint64)
    cp = codepoints("".join(toks))
    lens = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    ends = np.cumsum(lens)
    return _hash_spans(cp, ends - lens, ends)


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
            acc = (acc ^ (acc >> np.uint64(29))) + th[j : j + m] * _MIX[j % len(_MIX)]
    return np.unique(acc)


def batch_hashes_of_tokens(token_lists: Sequence[Sequence[str]], n: int) -> list[np.ndarray]:
    """``hashes_of_tokens(token_hashes(toks), n)`` for many token lists, in a few NumPy calls.

    Returns one sorted unique uint64 array per list (views into one buffer).
    """
    flat = [t for toks in token_lists for t in toks]
    bounds = np.zeros(len(token_lists) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists)), out=bounds[1:])
    if not flat:
        return [np.empty(0, np.uint64) for _ in token_lists]
    hashes, counts = _ngrams(token_hashes(flat), bounds, n)
    hashes, counts = _unique_per_text(hashes, counts)
    return np.split(hashes, np.cumsum(counts)[:-1])


def batch_shingle_hashes(texts: Sequence[str], n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Hash the word `n`-grams of many texts at once.

    Args:
        texts: the texts.
        n: words per shingle (characters for scripts written without spaces).

    Returns:
        ``(hashes, offsets)``: uint64 hashes and int64 offsets (length ``len(texts) + 1``) in CSR form;
        text ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``, sorted and unique, equal to
        ``shingle_hashes(texts[i], n)``.

    Example:
        >>> h, off = batch_shingle_hashes(["a b c d e f", "", "x"], n=5)
        >>> off.tolist()
        [0, 2, 2, 3]
    """
    parts: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for hashes, cnt in iter_shingle_chunks(texts, n):
        if hashes.size:
            hashes, cnt = _unique_per_text(hashes, cnt)
        parts.append(hashes)
        counts.append(cnt)
    offsets = np.zeros(len(texts) + 1, np.int64)
    if counts:
        np.cumsum(np.concatenate(counts), out=offsets[1:])
    hashes = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    return hashes, offsets


def iter_shingle_chunks(
    texts: Sequence[str], n: int = 5, chunk_chars: int | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(hashes, counts)`` for consecutive runs of `texts`, in order.

    ``counts[i]`` is the number of shingle hashes of the run's i-th text; within a text the hashes are in
    token order and may repeat (MinHash does not care; :func:`batch_shingle_hashes` de-duplicates).
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    limit = chunk_chars or CHUNK_CHARS
    i, total = 0, len(texts)
    while i < total:
        j, size = i, 0
        while j < total and (size == 0 or size + len(texts[j]) <= limit):
            size += len(texts[j]) + 1
            j += 1
        yield _chunk_shingles(texts[i:j], n)
        i = j


# ----------------------------------------------------------------------------------------------- internals


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(BASE**k, BASE**-k)`` mod 2**64 for k < size (cached, grown geometrically)."""
    global _POWERS
    pw, inv = _POWERS
    if pw.size < size:
        size = max(size, 2 * pw.size)
        pw = np.empty(size, np.uint64)
        inv = np.empty(size, np.uint64)
        pw[0] = inv[0] = 1
        pw[1:] = _BASE
        inv[1:] = _BASE_INV
        np.multiply.accumulate(pw, out=pw)
        np.multiply.accumulate(inv, out=inv)
        _POWERS = (pw, inv)
    return pw, inv


def _fmix64(h: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finaliser, in place."""
    h ^= h >> _S33
    h *= _FM1
    h ^= h >> _S33
    h *= _FM2
    h ^= h >> _S33
    return h


def _hash_spans(cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hash the code point spans ``cp[starts[i]:ends[i]]`` (token hashes)."""
    pw, inv = _powers(cp.size + 1)
    prefix = np.zeros(cp.size + 1, np.uint64)
    np.multiply(cp, pw[: cp.size], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    h = prefix[ends]
    h -= prefix[starts]
    h *= inv[starts]
    lens = (ends - starts).astype(np.uint64)
    lens *= _LEN_MUL
    h += lens
    return _fmix64(h)


def _chunk_shingles(texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes (token order, per-text duplicates kept) and per-text counts for a few texts."""
    cp = _normalizedcodepoints(texts)
    cls = tables()[1][cp]
    word = cls == IN_RUN
    alone = cls == ALONE
    edge = np.empty(cp.size, bool)
    if cp.size:
        edge[0] = word[0]
        np.greater(word[1:], word[:-1], out=edge[1:])
    edge |= alone
    starts = np.flatnonzero(edge)
    if cp.size:
        edge[-1] = word[-1]
        np.greater(word[:-1], word[1:], out=edge[:-1])
    edge |= alone
    ends = np.flatnonzero(edge) + 1
    th = _hash_spans(cp, starts, ends)
    # tokens per text: the NUL separators split the token list
    seps = np.flatnonzero(cp == 0)
    bounds = np.empty(len(texts) + 1, np.int64)
    bounds[0] = 0
    bounds[1:-1] = np.searchsorted(starts, seps)
    bounds[-1] = starts.size
    return _ngrams(th, bounds, n)


def _normalizedcodepoints(texts: Sequence[str]) -> np.ndarray:
    """Code points of the texts NFKC-normalised and case-folded, joined by NUL (U+0000).

    NFKC runs only on the texts that fail the quick check (most pass); case folding is a table look-up,
    except in the rare chunks with a character that folds to several (German sharp s, some Greek).
    """
    parts = list(texts)
    for i, t in enumerate(parts):
        if "\x00" in t:  # a NUL inside a text separates tokens like a space does
            parts[i] = t = t.replace("\x00", " ")
        if not t.isascii() and not unicodedata.is_normalized("NFKC", t):
            parts[i] = unicodedata.normalize("NFKC", t)
    fold = tables()[0]
    cp = fold[codepoints("\x00".join(parts))]
    if cp.size and cp.max() >= MULTI:  # case-fold the few texts that hold such a character in Python
        seps = np.flatnonzero(cp == 0)
        for i in np.unique(np.searchsorted(seps, np.flatnonzero(cp >= MULTI))).tolist():
            parts[i] = parts[i].casefold()
        cp = fold[codepoints("\x00".join(parts))]
    return cp


def _ngrams(th: np.ndarray, bounds: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`hashes_of_tokens` over the concatenated token hashes of many texts (``bounds`` in CSR form)."""
    total = th.size
    ntok = np.diff(bounds)
    counts = np.where(ntok >= n, ntok - n + 1, np.minimum(ntok, 1))
    if total == 0:
        return np.empty(0, np.uint64), counts
    padded = np.zeros(total + n - 1, np.uint64)
    padded[:total] = th
    acc = th * _MIX[0]
    tmp = np.empty_like(acc)
    short = np.flatnonzero((ntok > 0) & (ntok < n))
    short_vals = np.empty(short.size, np.uint64)
    for k in range(1, n):
        sel = ntok[short] == k
        if sel.any():
            short_vals[sel] = acc[bounds[short[sel]]]
        np.right_shift(acc, _S29, out=tmp)
        acc ^= tmp
        np.multiply(padded[k : k + total], _MIX[k % len(_MIX)], out=tmp)
        acc += tmp
    valid = np.ones(total, bool)
    ends = bounds[1:]
    for k in range(1, n):  # the last n-1 positions of each text start no full n-gram
        pos = ends - k
        valid[pos[pos >= bounds[:-1]]] = False
    if short.size:
        acc[bounds[short]] = short_vals
        valid[bounds[short]] = True
    return acc[valid], counts


def _unique_per_text(hashes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort and de-duplicate the hashes of each text of a CSR run."""
    # sort by hash, then stably by text (a radix sort for up to 65,536 texts): several times lexsort's speed
    tid = np.repeat(np.arange(counts.size, dtype=np.uint16 if counts.size <= 1 << 16 else np.int64), counts)
    by_hash = np.argsort(hashes)
    order = by_hash[np.argsort(tid[by_hash], kind="stable")]
    h = hashes[order]  # (its texts are `tid` again: the order keeps each text's hashes where they were)
    keep = np.ones(h.size, bool)
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    keep[1:] |= tid[1:] != tid[:-1]
    return h[keep], np.bincount(tid[keep], minlength=counts.size).astype(np.int64)


def line_shingles(page: Page) -> list[np.ndarray]:
    """Word 3-gram hashes of every line of `page` (sorted, unique; as `shingle_hashes` of the line's words),
    computed for the whole page at once and kept on it: several detectors and the index use them."""
    if page.shingles3 is None:
        line_shingles_many([page])
    assert page.shingles3 is not None
    return page.shingles3


def line_shingles_many(pages: Sequence[Page]) -> None:
    """`line_shingles` of many pages, computed together (fewer, larger NumPy calls) and kept on each."""
    todo = [p for p in pages if p.shingles3 is None]
    if not todo:
        return
    flat = batch_hashes_of_tokens([ln.words for p in todo for ln in p.lines], 3)
    pos = 0
    for page in todo:
        page.shingles3 = flat[pos : pos + len(page.lines)]
        pos += len(page.lines)
        # a line with as many distinct 3-gram hashes as 3-grams repeats none: no tandem repeat to look for
        for ln, sh in zip(page.lines, page.shingles3):
            if ln.repeats_3gram is None:
                size = len(ln.words)
                ln.repeats_3gram = size >= 6 and sh.size < size - 2
