"""Banding LSH: parameters, recall on near-duplicates, incremental == batch, save/load."""

from __future__ import annotations

import io

import numpy as np
import pytest

from dedup.lsh import (
    LSHIndex,
    band_keys,
    candidate_pairs,
    candidate_probability,
    choose_params,
    effective_threshold,
)
from dedup.minhash import minhash
from dedup.shingle import batch_shingle_hashes


def _corpus(n_base: int = 600, copies: int = 3, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Random paragraphs plus edited copies (one or two runs of 1-4 words replaced), shuffled.

    Returns the texts and each text's group (the paragraph it was made from).
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(["".join(rng.choice(letters, rng.integers(2, 9))) for _ in range(4000)])
    texts, groups = [], []
    for g in range(n_base):
        words = rng.integers(0, vocab.size, 75)
        texts.append(" ".join(vocab[words]))
        groups.append(g)
        for _ in range(copies):
            edited = words.copy()
            for _ in range(rng.integers(1, 3)):
                start = int(rng.integers(0, 75))
                span = int(rng.integers(1, 5))
                edited[start : start + span] = rng.integers(0, vocab.size, len(edited[start : start + span]))
            texts.append(" ".join(vocab[edited]))
            groups.append(g)
    order = rng.permutation(len(texts))
    return [texts[i] for i in order], np.array(groups)[order]


def _exact_pairs(texts: list[str], groups: np.ndarray) -> dict[tuple[int, int], float]:
    """Exact Jaccard of every pair inside a group (pairs across groups share no 5-gram)."""
    h, off = batch_shingle_hashes(texts, 5)
    sets = [h[off[k] : off[k + 1]] for k in range(len(texts))]
    out = {}
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g).tolist()
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                inter = np.intersect1d(sets[a], sets[b], assume_unique=True).size
                out[(a, b)] = inter / (sets[a].size + sets[b].size - inter)
    return out


def test_params_and_effective_threshold():
    assert choose_params(0.8, 128) == (16, 8)
    b, r = choose_params(0.5, 128)
    assert b * r <= 128
    assert effective_threshold(16, 8) == pytest.approx((1 / 16) ** (1 / 8))
    index = LSHIndex(0.8)
    assert (index.bands, index.rows) == (16, 8)
    assert index.effective_threshold == pytest.approx(0.7071, abs=1e-4)
    assert candidate_probability(0.85, 16, 8) > 0.99
    assert candidate_probability(0.8, 16, 8) > candidate_probability(0.8, 9, 13) + 0.5
    # the S-curve crosses 1/2 near the effective threshold
    assert abs(candidate_probability(effective_threshold(16, 8), 16, 8) - 0.5) < 0.15
    with pytest.raises(ValueError):
        LSHIndex(0.8, bands=20, rows=8)


def test_band_keys():
    sig = minhash(["a b c d e f", "a b c d e f", "x y z w v u"])
    keys = band_keys(sig, 16, 8)
    assert keys.shape == (3, 16) and keys.dtype == np.uint64
    assert (keys[0] == keys[1]).all() and not (keys[0] == keys[2]).any()
    assert len(set(keys[0].tolist())) == 16  # bands are salted: same slots in two bands give two keys
    np.testing.assert_array_equal(keys, band_keys(sig, 16, 8))


def test_recall_above_threshold():
    texts, groups = _corpus()
    exact = _exact_pairs(texts, groups)
    sig = minhash(texts)
    i, j = candidate_pairs(band_keys(sig, 16, 8))
    found = set(zip(i.tolist(), j.tolist()))
    strong = [p for p, jac in exact.items() if jac >= 0.85]
    band = [p for p, jac in exact.items() if 0.8 <= jac < 0.85]
    assert len(strong) > 250 and len(band) > 250
    assert sum(p in found for p in strong) / len(strong) >= 0.98
    assert sum(p in found for p in band) / len(band) >= 0.85
    # datasketch's 9 x 13 would miss many of these
    i9, j9 = candidate_pairs(band_keys(sig, 9, 13))
    found9 = set(zip(i9.tolist(), j9.tolist()))
    assert sum(p in found9 for p in band) < sum(p in found for p in band)
    # unrelated paragraphs (different groups) are almost never candidates
    assert sum(groups[a] != groups[b] for a, b in found) <= 2


def test_incremental_equals_batch():
    texts, _ = _corpus(n_base=150, copies=2, seed=1)
    sig = minhash(texts)
    i, j = candidate_pairs(band_keys(sig, 16, 8))
    batch = set(zip(i.tolist(), j.tolist()))
    index = LSHIndex(0.8)
    found = set()
    for start in range(0, len(texts), 37):  # query each batch against the past, then add it
        part = sig[start : start + 37]
        ids = np.arange(start, start + len(part))
        q, hit = index.query(part)
        found |= {(int(h), int(start + k)) for k, h in zip(q, hit)}
        index.insert(ids, part)
    within = candidate_pairs(index.keys(sig[:0]))  # empty batch is fine
    assert within[0].size == 0
    # pairs inside one batch are found by candidate_pairs on that batch
    for start in range(0, len(texts), 37):
        a, b = candidate_pairs(index.keys(sig[start : start + 37]))
        found |= set(zip((a + start).tolist(), (b + start).tolist()))
    assert found == batch
    # querying everything after inserting everything finds each pair both ways, and each row itself
    q, hit = index.query(sig)
    both = set(zip(q.tolist(), hit.tolist()))
    assert {(k, k) for k in range(len(texts))} <= both
    assert {(a, b) for a, b in both if a < b} == batch
    assert len(index) == len(texts)


def test_keys_argument_and_max_bucket():
    sig = minhash(["same text here for all of them"] * 50 + ["other words entirely different now"])
    index = LSHIndex(0.8)
    keys = index.keys(sig)
    index.insert(np.arange(100, 151), keys=keys)
    q, ids = index.query(keys=keys[:1])
    assert ids.tolist() == list(range(100, 150))
    q, ids = index.query(sig[:1], max_bucket=5)
    assert ids.tolist() == [100, 101, 102, 103, 104]  # the earliest members
    i, j = candidate_pairs(keys)
    assert i.size == 50 * 49 // 2
    i, j = candidate_pairs(keys, max_bucket=2)
    assert set(i.tolist()) == {0, 1} and i.size == 1 + 2 * 48
    with pytest.raises(ValueError):
        index.query()


def test_save_and_load_arrays():
    texts, _ = _corpus(n_base=60, copies=2, seed=2)
    sig = minhash(texts)
    index = LSHIndex(0.7)
    for start in range(0, len(texts), 50):
        index.insert(np.arange(start, start + len(sig[start : start + 50])) * 10, sig[start : start + 50])
    before = index.query(sig)
    buf = io.BytesIO()
    np.savez(buf, **index.to_arrays())
    buf.seek(0)
    with np.load(buf, allow_pickle=False) as data:
        loaded = LSHIndex.from_arrays(dict(data))
    assert (loaded.bands, loaded.rows, loaded.threshold, len(loaded)) == (
        index.bands,
        index.rows,
        0.7,
        len(texts),
    )
    after = loaded.query(sig)
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_array_equal(before[1], after[1])
    empty = LSHIndex.from_arrays(LSHIndex(0.8).to_arrays())
    assert len(empty) == 0 and empty.query(sig)[0].size == 0


def test_bucket_table_lookup_matches_binary_search(monkeypatch):
    import dedup.lsh as lsh

    texts, _ = _corpus(n_base=120, copies=3, seed=5)
    sig = minhash(texts)
    sig[5] = sig[6] = sig[7] = sig[4]  # a crowded bucket
    expected = None
    for table_min in (1 << 62, 0):
        monkeypatch.setattr(lsh, "_TABLE_MIN", table_min)
        monkeypatch.setattr(lsh, "_TABLE_AFTER", 0)
        index = LSHIndex(0.8)
        for start in range(0, len(texts), 100):
            index.insert(np.arange(start, min(start + 100, len(texts))), sig[start : start + 100])
        got = index.query(sig)
        got_capped = index.query(sig, max_bucket=2)
        if expected is None:
            expected = (got, got_capped)
        else:
            for a, b in zip(expected[0] + expected[1], got + got_capped):
                np.testing.assert_array_equal(a, b)


def test_run_find_crowded_bucket(monkeypatch):
    import dedup.lsh as lsh

    monkeypatch.setattr(lsh, "_TABLE_MIN", 0)
    monkeypatch.setattr(lsh, "_TABLE_AFTER", 0)
    rng = np.random.default_rng(0)
    keys = np.sort(
        np.concatenate([rng.integers(0, 2**63, 1000, dtype=np.uint64) * 2, np.full(20, 2**62, np.uint64)])
    )
    run = lsh._Run(keys, np.arange(keys.size, dtype=np.uint32))
    queries = np.array([2**62, 2**62 + 1, 2**62 - 1, keys[0], keys[-1], keys[500] + 1], np.uint64)
    which, lo, hi = run.find(queries)
    assert which.tolist() == [0, 3, 4]
    assert (hi - lo).tolist() == [20, 1, 1]
    np.testing.assert_array_equal(keys[lo], queries[which])
