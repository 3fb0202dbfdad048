"""MinHash signatures for a whole batch of texts at once (NumPy).

A text's shingle hashes (:mod:`dedup.shingle`, 64-bit) are folded to 32 bits (``h ^ h >> 32``), and
permutation ``k`` maps a folded hash ``x`` to ``(a_k * x + b_k) mod 2**32`` with ``a_k`` odd; the
signature keeps the minimum per permutation. ``a_k, b_k`` come from splitmix64 of the seed, so signatures
are deterministic for a seed, across machines and NumPy versions.

The kernel loops over permutations, not shingles: per block of about 64k shingles (it stays in L2 cache),
each permutation is one multiply, one add and one ``np.minimum.reduceat`` over the block.

Empty texts (no tokens) get a signature of all ``0xFFFFFFFF`` (:data:`EMPTY`). Two empty texts therefore
estimate as identical (Jaccard 1.0), and an empty text against a non-empty one as almost surely 0.0.

Signatures can be handed to datasketch (:func:`to_lean_minhash`) to use its ``MinHashLSH`` or storage
backends. They are comparable only with other ``dedup`` signatures of the same ``seed``, ``num_perm`` and
``ngram``, never with signatures datasketch computed itself (same scheme label, different permutations).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .shingle import iter_shingle_chunks

if TYPE_CHECKING:  # pragma: no cover
    from datasketch import LeanMinHash

__all__ = [
    "EMPTY",
    "from_lean_minhash",
    "jaccard",
    "minhash",
    "permutations",
    "signatures",
    "to_lean_minhash",
]

#: the value of every slot of an empty text's signature
EMPTY = np.uint32(0xFFFFFFFF)

#: shingles per block of the permutation kernel (4 bytes each: 256 KB, fits L2 with its temporary)
BLOCK = 1 << 16

_SMALL = 1 << 17  # permutation x shingle products below which the kernel goes 2-D
_GOLDEN = 0x9E3779B97F4A7C15
_S32 = np.uint64(32)


def permutations(num_perm: int = 128, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Return the permutation parameters ``(a, b)`` (uint32, ``a`` odd) for `seed`.

    Args:
        num_perm: number of permutations.
        seed: any integer; taken mod 2**64.

    Returns:
        Two uint32 arrays of length `num_perm`.
    """
    if num_perm < 1:
        raise ValueError("num_perm must be >= 1")
    z = _splitmix64(seed, 2 * num_perm)
    a = (z[:num_perm] >> _S32).astype(np.uint32) | np.uint32(1)
    b = (z[num_perm:] >> _S32).astype(np.uint32)
    return a, b


def minhash(texts: Sequence[str], *, num_perm: int = 128, ngram: int = 5, seed: int = 1) -> np.ndarray:
    """Compute the MinHash signatures of a batch of texts.

    Args:
        texts: the texts.
        num_perm: permutations (signature length).
        ngram: words per shingle (characters for scripts written without spaces).
        seed: permutation seed.

    Returns:
        ``(len(texts), num_perm)`` uint32 array; an empty text's row is all ``0xFFFFFFFF``.

    Example:
        >>> sig = minhash(["the cat sat on the mat today", "the cat sat on the mat today", ""])
        >>> sig.shape, bool((sig[0] == sig[1]).all()), bool((sig[2] == EMPTY).all())
        ((3, 128), True, True)
    """
    a, b = permutations(num_perm, seed)
    out = np.empty((len(texts), num_perm), np.uint32)
    row = 0
    pend_h: list[np.ndarray] = []
    pend_c: list[np.ndarray] = []
    pend_size = 0
    for h, c in iter_shingle_chunks(texts, ngram):
        pend_h.append(h)
        pend_c.append(c)
        pend_size += h.size
        if pend_size >= BLOCK:
            row = _sign_into(out, row, pend_h, pend_c, a, b)
            pend_h, pend_c, pend_size = [], [], 0
    if pend_c:
        _sign_into(out, row, pend_h, pend_c, a, b)
    return out


def signatures(hashes: np.ndarray, offsets: np.ndarray, *, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """Compute MinHash signatures from shingle hashes in CSR form.

    Args:
        hashes: uint64 shingle hashes (as from :func:`dedup.shingle.batch_shingle_hashes`; duplicates
            within a text are harmless).
        offsets: int64, length n + 1; text ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``.
        num_perm: permutations (signature length).
        seed: permutation seed.

    Returns:
        ``(n, num_perm)`` uint32 array, equal to :func:`minhash` of the texts the hashes came from.
    """
    a, b = permutations(num_perm, seed)
    hashes = np.asarray(hashes, dtype=np.uint64)
    offsets = np.asarray(offsets, dtype=np.int64)
    n = offsets.size - 1
    out = np.empty((n, num_perm), np.uint32)
    i = 0
    while i < n:
        j = int(np.searchsorted(offsets, offsets[i] + BLOCK, "right")) - 1
        j = min(max(j, i + 1), n)
        _kernel(out[i:j], _fold(hashes[offsets[i] : offsets[j]]), np.diff(offsets[i : j + 1]), a, b)
        i = j
    return out


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float | np.ndarray:
    """Estimate Jaccard similarity: the share of equal slots.

    Args:
        sig_a: a signature, or a 2-D array of signatures.
        sig_b: same shape as `sig_a` (or broadcastable to it).

    Returns:
        A float for two 1-D signatures, else an array of row-wise estimates.
    """
    est = np.mean(np.asarray(sig_a) == np.asarray(sig_b), axis=-1)
    return float(est) if np.ndim(est) == 0 else est


def to_lean_minhash(sig_row: np.ndarray, seed: int = 1) -> LeanMinHash:
    """Wrap one signature as a datasketch ``LeanMinHash`` (scheme ``affine32``).

    Use it to put ``dedup`` signatures into datasketch's ``MinHashLSH`` (or its Redis/Cassandra storage).
    They compare correctly only with other ``dedup`` signatures made with the same seed and ngram, never
    with MinHashes that datasketch computed from text.

    Args:
        sig_row: one uint32 signature (a row of :func:`minhash`).
        seed: the seed the signature was made with (datasketch refuses to compare different seeds).
    """
    from datasketch import LeanMinHash

    row = np.asarray(sig_row)
    if row.ndim != 1:
        raise ValueError("expected one signature (1-D)")
    return LeanMinHash(seed=seed, hashvalues=row.astype(np.uint32), scheme="affine32")


def from_lean_minhash(lean: LeanMinHash) -> np.ndarray:
    """Return the uint32 signature held by a ``LeanMinHash`` made by :func:`to_lean_minhash`."""
    if getattr(lean, "scheme", None) != "affine32":
        raise ValueError("expected an affine32 (32-bit) MinHash")
    return np.asarray(lean.hashvalues, dtype=np.uint32).copy()


# ----------------------------------------------------------------------------------------------- internals


def _splitmix64(seed: int, count: int) -> np.ndarray:
    """`count` outputs of splitmix64 started at `seed`, as uint64."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed % (1 << 64)) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(_GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _fold(h: np.ndarray) -> np.ndarray:
    """Fold 64-bit hashes to 32 bits."""
    return (h ^ (h >> _S32)).astype(np.uint32)


def _sign_into(
    out: np.ndarray, row: int, hs: Iterable[np.ndarray], cs: list[np.ndarray], a: np.ndarray, b: np.ndarray
) -> int:
    """Sign the pending chunks into ``out[row:]``; return the next row."""
    counts = np.concatenate(cs) if len(cs) > 1 else cs[0]
    hashes = np.concatenate(list(hs)) if len(cs) > 1 else next(iter(hs))
    end = row + counts.size
    _kernel(out[row:end], _fold(hashes), counts, a, b)
    return end


def _kernel(out: np.ndarray, x: np.ndarray, counts: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Write the signatures of texts with ``counts`` folded hashes ``x`` (concatenated) into ``out``."""
    nonempty = counts > 0
    if not nonempty.all():
        out[~nonempty] = EMPTY
        if not nonempty.any():
            return
    starts = (np.cumsum(counts) - counts)[nonempty]
    if x.size * a.size <= _SMALL:  # a few texts: all permutations in one 2-D pass (less call overhead)
        tmp = np.multiply.outer(a, x)
        tmp += b[:, None]
        buf = np.minimum.reduceat(tmp, starts, axis=1)
    else:
        buf = np.empty((a.size, starts.size), np.uint32)
        tmp = np.empty_like(x)
        for k in range(a.size):
            np.multiply(x, a[k], out=tmp)
            tmp += b[k]
            np.minimum.reduceat(tmp, starts, out=buf[k])
    if nonempty.all():
        out[:] = buf.T
    else:
        out[nonempty] = buf.T
