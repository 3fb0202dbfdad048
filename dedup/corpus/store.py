"""Compact storage for the corpus index: sorted NumPy runs instead of Python dicts.

A Python dict entry with int keys and values costs about 100 bytes; the index holds tens of millions of
them (a band key per band per block). These structures keep the same answers in 8 to 12 bytes per entry:

* new entries go to a small dict (bounded by `buffer` entries), so lookups made while one document is
  added see the blocks added just before;
* `flush()` turns the dict into a sorted NumPy run; runs are merged like a binary counter (a run is
  merged with the one before it while that one is not larger), so there are at most about
  log2(entries / buffer) runs and every entry is merged O(log n) times;
* lookups of many keys are one `np.searchsorted` per run.

`KeyMap` maps 64-bit keys to 32-bit values (first insert wins); `BandMap` maps 32-bit keys to one or more
32-bit ids, packed as ``key << 32 | id`` in a single uint64 array. `Rows` is an append-only matrix kept
in fixed-size chunks (no reallocation of the whole matrix as it grows).
"""

from __future__ import annotations

import numpy as np

BUFFER = 1 << 16
_MASK32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)


def fold32(keys: np.ndarray) -> np.ndarray:
    """64-bit keys folded to 32 bits (high half XOR low half), as uint64 values below 2**32."""
    k = np.asarray(keys, dtype=np.uint64)
    return (k ^ (k >> _S32)) & _MASK32


def _add_run(runs: list, run) -> None:
    """Append a run and merge like a binary counter (keeps O(log n) runs)."""
    runs.append(run)
    while len(runs) >= 2 and _size(runs[-2]) <= _size(runs[-1]):
        b, a = runs.pop(), runs.pop()
        runs.append(_merge(a, b))


def _merge_all(runs: list) -> None:
    """Merge the runs into one, in place."""
    while len(runs) > 1:
        b, a = runs.pop(), runs.pop()
        runs.append(_merge(a, b))


def _size(run) -> int:
    return len(run[0]) if isinstance(run, tuple) else len(run)


def _merge(a, b):
    if isinstance(a, tuple):  # (keys, values), keys unique across runs
        keys = np.concatenate([a[0], b[0]])
        vals = np.concatenate([a[1], b[1]])
        order = np.argsort(keys, kind="stable")
        return keys[order], vals[order]
    out = np.concatenate([a, b])
    out.sort()
    return out


class KeyMap:
    """uint64 key -> uint32 value; the first value set for a key stays (12 bytes per flushed entry)."""

    def __init__(self, buffer: int | None = None) -> None:
        self.buffer = buffer or BUFFER
        self._buf: dict[int, int] = {}
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return len(self._buf) + sum(len(k) for k, _ in self._runs)

    def __contains__(self, key: int) -> bool:
        return self.get(key) is not None

    def get(self, key: int) -> int | None:
        """The value of `key`, or None."""
        v = self._buf.get(key)
        if v is not None:
            return v
        if self._runs:
            found = self.get_flushed(np.asarray([key], dtype=np.uint64))[0]
            if found >= 0:
                return int(found)
        return None

    def get_flushed(self, keys: np.ndarray) -> np.ndarray:
        """Values of `keys` among the flushed entries only (int64, -1 where absent); see `buffered`."""
        out = np.full(len(keys), -1, dtype=np.int64)
        for rk, rv in self._runs:
            i = np.searchsorted(rk, keys)
            i[i == len(rk)] = 0
            hit = rk[i] == keys
            out[hit] = rv[i[hit]]
        return out

    def buffered(self, key: int) -> int | None:
        """The value of `key` among the entries not flushed yet."""
        return self._buf.get(key)

    def setdefault(self, key: int, value: int) -> int:
        """The value of `key`; if it has none, `value` becomes it."""
        v = self.get(key)
        if v is None:
            self._buf[key] = v = value
        return v

    def put_new(self, key: int, value: int) -> None:
        """Set a key the caller has checked is absent (flushed or not)."""
        self._buf[key] = value

    def flush(self, *, force: bool = False) -> None:
        """Move the buffer into a sorted run when it is full (or now, with `force`)."""
        if not self._buf or (len(self._buf) < self.buffer and not force):
            return
        keys = np.fromiter(self._buf.keys(), dtype=np.uint64, count=len(self._buf))
        vals = np.fromiter(self._buf.values(), dtype=np.uint32, count=len(self._buf))
        order = np.argsort(keys)
        self._buf = {}
        _add_run(self._runs, (keys[order], vals[order]))

    def compact(self) -> None:
        """Everything in one sorted run (fastest lookups)."""
        self.flush(force=True)
        _merge_all(self._runs)

    def to_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted keys uint64, values uint32) of every entry."""
        self.compact()
        if not self._runs:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32)
        return self._runs[0]

    @classmethod
    def from_arrays(cls, keys: np.ndarray, vals: np.ndarray, buffer: int | None = None) -> KeyMap:
        """The map of `to_arrays` output (keys need not be sorted; they must be unique)."""
        keys = np.asarray(keys, dtype=np.uint64)
        vals = np.asarray(vals, dtype=np.uint32)
        if len(keys) != len(vals):
            raise ValueError("keys and values of different lengths")
        m = cls(buffer)
        if len(keys):
            order = np.argsort(keys, kind="stable")
            m._runs = [(keys[order], vals[order])]
        return m


class BandMap:
    """32-bit band key -> ids (uint32) in insertion order; 8 bytes per flushed entry."""

    def __init__(self, buffer: int | None = None) -> None:
        self.buffer = buffer or BUFFER
        self._buf: dict[int, int | list[int]] = {}
        self._nbuf = 0
        self._runs: list[np.ndarray] = []

    def __len__(self) -> int:
        return self._nbuf + sum(len(r) for r in self._runs)

    def first_flushed(self, keys: np.ndarray) -> np.ndarray:
        """The smallest flushed id of each key (int64, -1 where absent); keys are 32-bit (see `fold32`)."""
        keys = np.asarray(keys, dtype=np.uint64)
        out = np.full(keys.shape, -1, dtype=np.int64)
        q = keys << _S32
        for run in self._runs:
            i = np.searchsorted(run, q)
            i[i == len(run)] = 0
            got = run[i]
            hit = (got >> _S32) == keys
            if hit.any():
                v = (got & _MASK32).astype(np.int64)
                take = hit & ((out < 0) | (v < out))
                out[take] = v[take]
        return out

    def first_buffered(self, key: int) -> int | None:
        """The first id of `key` among the entries not flushed yet."""
        return self.first_of([key], [-1])[0]

    def first_of(self, keys: list[int], flushed: list[int]) -> list[int | None]:
        """The first id of each key: its `first_flushed` value where that is one (>= 0 in `flushed`), else
        `first_buffered`."""
        get = self._buf.get
        out: list[int | None] = []
        for key, f in zip(keys, flushed):
            if f >= 0:
                out.append(f)
            else:
                v = get(key)
                out.append(v if v is None or isinstance(v, int) else v[0])
        return out

    def all_ids(self, keys: np.ndarray) -> set[int]:
        """Every id stored under any of `keys` (flushed or not)."""
        keys = np.asarray(keys, dtype=np.uint64)
        found: set[int] = set()
        for k in keys.tolist():
            v = self._buf.get(k)
            if isinstance(v, int):
                found.add(v)
            elif v is not None:
                found.update(v)
        for run in self._runs:
            lo = np.searchsorted(run, keys << _S32)
            hi = np.searchsorted(run, (keys + np.uint64(1)) << _S32)
            for a, b in zip(lo[hi > lo].tolist(), hi[hi > lo].tolist()):
                found.update((run[a:b] & _MASK32).tolist())
        return found

    def add(self, key: int, ident: int) -> None:
        """Store `ident` under `key` (a 32-bit int)."""
        self.add_all([key], ident)

    def add_all(self, keys: list[int], ident: int) -> None:
        """`add(key, ident)` for every key of `keys`, in order."""
        buf = self._buf
        for key in keys:
            v = buf.get(key)
            if v is None:
                buf[key] = ident
            elif isinstance(v, int):
                buf[key] = [v, ident]
            else:
                v.append(ident)
        self._nbuf += len(keys)

    def flush(self, *, force: bool = False) -> None:
        """Move the buffer into a sorted run when it is full (or now, with `force`)."""
        if not self._buf or (self._nbuf < self.buffer and not force):
            return
        ks: list[int] = []
        ids: list[int] = []
        for k, v in self._buf.items():
            if isinstance(v, int):
                ks.append(k)
                ids.append(v)
            else:
                ks.extend([k] * len(v))
                ids.extend(v)
        packed = (np.asarray(ks, dtype=np.uint64) << _S32) | np.asarray(ids, dtype=np.uint64)
        packed.sort()
        self._buf, self._nbuf = {}, 0
        _add_run(self._runs, packed)

    def compact(self) -> None:
        """Everything in one sorted run."""
        self.flush(force=True)
        _merge_all(self._runs)

    def to_array(self) -> np.ndarray:
        """Every entry as sorted ``key << 32 | id`` (uint64)."""
        self.compact()
        return self._runs[0] if self._runs else np.zeros(0, dtype=np.uint64)

    @classmethod
    def from_array(cls, packed: np.ndarray, buffer: int | None = None) -> BandMap:
        """The map of `to_array` output."""
        m = cls(buffer)
        packed = np.sort(np.asarray(packed, dtype=np.uint64))
        if len(packed):
            m._runs = [packed]
        return m


class Rows:
    """An append-only (n, width) matrix of `dtype`, kept in chunks of `chunk` rows."""

    def __init__(self, width: int, dtype, chunk: int = 8192) -> None:
        self.width, self.dtype, self.chunk = width, np.dtype(dtype), chunk
        self._chunks: list[np.ndarray] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, row: np.ndarray) -> int:
        """Add one row; return its index."""
        i = self._n
        if i % self.chunk == 0:
            self._chunks.append(np.zeros((self.chunk, self.width), dtype=self.dtype))
        self._chunks[-1][i % self.chunk] = row
        self._n += 1
        return i

    def __getitem__(self, i: int) -> np.ndarray:
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._chunks[i // self.chunk][i % self.chunk]

    def to_array(self) -> np.ndarray:
        """All rows as one (n, width) array."""
        if not self._n:
            return np.zeros((0, self.width), dtype=self.dtype)
        return np.concatenate(self._chunks)[: self._n]

    @classmethod
    def from_array(cls, rows: np.ndarray, chunk: int = 8192) -> Rows:
        """Rows holding a copy of `rows` (an (n, width) array)."""
        rows = np.asarray(rows)
        r = cls(rows.shape[1], rows.dtype, chunk)
        for s in range(0, len(rows), chunk):
            part = rows[s : s + chunk]
            block = np.zeros((chunk, r.width), dtype=r.dtype)
            block[: len(part)] = part
            r._chunks.append(block)
        r._n = len(rows)
        return r
