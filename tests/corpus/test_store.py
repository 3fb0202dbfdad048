"""The compact maps of the corpus index answer exactly like the dicts they replace, across flushes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.corpus.store import BandMap, KeyMap, Rows, fold32

KEYS64 = st.integers(min_value=0, max_value=2**64 - 1)
SMALL_KEYS = st.integers(min_value=0, max_value=40)  # few keys: many repeats
OPS = st.lists(st.tuples(st.sampled_from(["set", "flush"]), st.one_of(KEYS64, SMALL_KEYS)), max_size=200)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(OPS, st.integers(min_value=1, max_value=9))
def test_keymap_is_a_first_wins_dict(ops, buffer):
    m, model = KeyMap(buffer), {}
    for n, (op, key) in enumerate(ops):
        if op == "flush":
            m.flush()
            continue
        assert m.setdefault(key, n) == model.setdefault(key, n)
        m.flush()  # flushes only when the buffer is full
    assert len(m) == len(model)
    assert len(m._runs) <= max(1, int(np.log2(max(1, len(model)))) + 2)  # binary-counter merging
    probe = list(model) + [k + 1 for k in model if k + 1 < 2**64] + [2**64 - 1, 0]
    for k in probe:
        assert m.get(k) == model.get(k)
    flushed = m.get_flushed(np.asarray(probe, dtype=np.uint64))
    for k, v in zip(probe, flushed.tolist()):
        assert v == (model[k] if k in model and m.buffered(k) is None else -1)
    keys, vals = m.to_arrays()
    assert dict(zip(keys.tolist(), vals.tolist())) == model and list(keys) == sorted(model)
    back = KeyMap.from_arrays(keys[::-1], vals[::-1])
    assert all(back.get(k) == v for k, v in model.items())


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=30), st.booleans()), max_size=200),
    st.integers(min_value=1, max_value=9),
)
def test_bandmap_keeps_every_id_and_the_first(ops, buffer):
    m, model = BandMap(buffer), {}
    for ident, (key, flush) in enumerate(ops):
        m.add(key, ident)
        model.setdefault(key, []).append(ident)
        if flush:
            m.flush()
        first = m.first_flushed(np.asarray([key], dtype=np.uint64))[0]
        buffered = m.first_buffered(key)
        assert (buffered if first < 0 else first) == model[key][0]
    assert len(m) == sum(len(v) for v in model.values())
    for key, ids in model.items():
        assert m.all_ids(np.asarray([key], dtype=np.uint64)) == set(ids)
    assert m.all_ids(np.asarray([999, 1000], dtype=np.uint64)) == set()
    packed = m.to_array()
    assert np.all(packed[:-1] <= packed[1:])
    back = BandMap.from_array(packed)
    keys = np.asarray(sorted(model), dtype=np.uint64)
    want = [model[k][0] for k in sorted(model)]
    assert back.first_flushed(keys).tolist() == want
    assert back.all_ids(keys) == {i for v in model.values() for i in v}


def test_bandmap_lookups_take_a_matrix_of_keys():
    m = BandMap(2)
    for i, k in enumerate([5, 7, 5, 9, 11]):
        m.add(k, i)
    m.flush(force=True)
    got = m.first_flushed(np.asarray([[5, 6], [9, 7]], dtype=np.uint64))
    assert got.tolist() == [[0, -1], [3, 1]]


def test_rows_grow_in_chunks_and_keep_their_values():
    rng = np.random.default_rng(1)
    data = rng.integers(0, 256, (23, 5), dtype=np.uint8)
    r = Rows(5, np.uint8, chunk=4)
    for row in data:
        r.append(row)
    assert len(r) == 23 and len(r._chunks) == 6
    assert np.array_equal(r.to_array(), data)
    assert all(np.array_equal(r[i], data[i]) for i in range(23))
    back = Rows.from_array(data, chunk=7)
    assert np.array_equal(back.to_array(), data) and np.array_equal(back[22], data[22])
    back.append(data[0])
    assert np.array_equal(back[23], data[0])


def test_fold32_mixes_both_halves_into_32_bits():
    k = np.asarray([0, 1, 2**32, 2**32 + 1, 2**64 - 1], dtype=np.uint64)
    f = fold32(k)
    assert f.max() < 2**32
    assert f.tolist() == [0, 1, 1, 0, 0]
