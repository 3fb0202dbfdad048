"""MinHash signatures: shape, determinism, estimation error, datasketch interchange."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from dedup.fingerprint.minhash import (
    EMPTY,
    from_lean_minhash,
    jaccard,
    minhash,
    permutations,
    signatures,
    to_lean_minhash,
)
from dedup.fingerprint.shingle import batch_shingle_hashes


def _vocab(rng: np.random.Generator, size: int = 5000) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzäöüéñ"))
    return np.array(["".join(rng.choice(letters, rng.integers(2, 10))) for _ in range(size)])


def _pairs(count: int, seed: int = 0) -> list[tuple[str, str]]:
    """Pairs of ~75-word paragraphs: the second has 0-30 words substituted (overlap from 1.0 to ~0)."""
    rng = np.random.default_rng(seed)
    vocab = _vocab(rng)
    out = []
    for k in range(count):
        words = list(rng.choice(vocab, rng.integers(40, 110)))
        edited = list(words)
        for pos in rng.choice(len(words), size=min(k % 31, len(words)), replace=False):
            edited[pos] = str(rng.choice(vocab))
        out.append((" ".join(words), " ".join(edited)))
    return out


def _exact(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def test_shape_dtype_and_csr_equivalence():
    texts = ["the cat sat on the mat", "", "中文文本没有空格", "one"] * 3
    sig = minhash(texts)
    assert sig.shape == (12, 128) and sig.dtype == np.uint32
    h, off = batch_shingle_hashes(texts, 5)
    np.testing.assert_array_equal(signatures(h, off), sig)
    assert minhash([]).shape == (0, 128)
    assert minhash(texts, num_perm=7, ngram=2).shape == (12, 7)


def test_empty_texts_are_all_ones():
    sig = minhash(["", "   ", "...", "real words here"])
    assert (sig[:3] == EMPTY).all()
    assert not (sig[3] == EMPTY).all()
    assert jaccard(sig[0], sig[1]) == 1.0  # documented: two empties estimate as identical


def test_deterministic_for_a_seed():
    texts = [a for a, _ in _pairs(50)]
    a = minhash(texts, seed=7)
    np.testing.assert_array_equal(a, minhash(list(texts), seed=7))
    assert not np.array_equal(a, minhash(texts, seed=8))
    pa, _pb = permutations(128, 1)
    assert pa.dtype == np.uint32 and (pa & 1).all() and len(set(pa.tolist())) == 128
    # pinned values: a change here changes every stored signature
    assert minhash(["the quick brown fox jumps over the lazy dog"])[0, :4].tolist() == PINNED


PINNED = [520589711, 18825604, 299925856, 523525380]


def test_identical_texts_identical_signatures():
    sig = minhash(["Same words, SAME words!", "same words same words"])
    assert jaccard(sig[0], sig[1]) == 1.0


def test_estimate_vs_exact_jaccard():
    pairs = _pairs(600)
    left = [a for a, _ in pairs]
    right = [b for _, b in pairs]
    h, off = batch_shingle_hashes(left + right, 5)
    sets = [h[off[i] : off[i + 1]] for i in range(len(pairs) * 2)]
    exact = np.array([_exact(sets[i], sets[i + len(pairs)]) for i in range(len(pairs))])
    sig = minhash(left + right)
    est = jaccard(sig[: len(pairs)], sig[len(pairs) :])
    assert est.shape == (len(pairs),)
    err = est - exact
    theory_sd = np.sqrt(exact * (1 - exact) / 128)
    assert np.abs(err).mean() <= theory_sd.mean()  # a perfect estimator has E|err| ~ 0.8 sd
    assert abs(err.mean()) < 0.01  # unbiased
    assert (np.abs(err) <= 5 * theory_sd + 1e-9).all()
    assert exact.min() < 0.3 and exact.max() == 1.0  # the pairs span the range


def test_lean_minhash_round_trip_and_datasketch_jaccard():
    pytest.importorskip("datasketch")
    pairs = _pairs(40, seed=3)
    sig = minhash([a for a, _ in pairs] + [b for _, b in pairs], seed=5)
    for i in range(len(pairs)):
        la, lb = to_lean_minhash(sig[i], seed=5), to_lean_minhash(sig[i + len(pairs)], seed=5)
        np.testing.assert_array_equal(from_lean_minhash(la), sig[i])
        assert la.jaccard(lb) == pytest.approx(jaccard(sig[i], sig[i + len(pairs)]))


def test_lean_minhash_in_datasketch_lsh():
    datasketch = pytest.importorskip("datasketch")
    a, b = _pairs(31, seed=4)[30]  # unrelated pair
    same = a
    sig = minhash([a, same, b])
    lsh = datasketch.MinHashLSH(threshold=0.8, num_perm=128)
    lsh.insert("a", to_lean_minhash(sig[0]))
    lsh.insert("b", to_lean_minhash(sig[2]))
    assert lsh.query(to_lean_minhash(sig[1])) == ["a"]


def test_small_and_large_kernels_agree(monkeypatch):
    mh = importlib.import_module("dedup.fingerprint.minhash")

    texts = [a for a, _ in _pairs(30, seed=9)] + ["", "x"]
    h, off = batch_shingle_hashes(texts, 5)
    results = []
    for small in (0, 1 << 40):
        monkeypatch.setattr(mh, "_SMALL", small)
        results.append(signatures(h, off))
    np.testing.assert_array_equal(results[0], results[1])
    assert (results[0][-2] == EMPTY).all()
