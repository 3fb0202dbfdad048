"""How the keyed build moves data: an `Executor` maps a function over partitions and exchanges rows between
them by key (a shuffle), and `InProcess` does both here (tests; a run without a cluster).

Rows are tuples whose first field is their key; `slot` sends a key to one of `n` partitions with a hash that
is the same in every process (Python's own `hash` of a string is not).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1

Rows = list[tuple]


def slot(key: Any, n: int) -> int:
    """The partition (of `n`) of a key: an int, a string, or a tuple of them."""
    if isinstance(key, int):
        return ((((key & _MASK) * _MIX) & _MASK) >> 20) % n
    if isinstance(key, str):
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % n
    h = 0
    for part in key:
        h = (h * 1_000_003 + slot(part, 1 << 30)) & _MASK
    return h % n


def split(rows: Rows, n: int, direct: bool = False) -> list[Rows]:
    """`rows` in `n` pieces by the slot of their key, or with `direct` by their key itself (their order kept
    within a piece)."""
    out: list[Rows] = [[] for _ in range(n)]
    for row in rows:
        out[row[0] if direct else slot(row[0], n)].append(row)
    return out


def first(pair: tuple) -> Any:
    """The first of a pair a mapped function returned (a partition and a count, two sets of rows)."""
    return pair[0]


def second(pair: tuple) -> Any:
    return pair[1]


def concat(pieces: Sequence[Rows]) -> Rows:
    """The pieces one partition received, one after the other (in the order of the partitions they came
    from)."""
    return [row for piece in pieces for row in piece]


class Executor(Protocol):
    """What the keyed build needs of an engine. Partitions are opaque handles (values here, futures on a
    cluster); functions must be module-level (they are sent to other processes)."""

    width: int  # how many partitions an exchange makes

    def map(self, fn: Callable[..., Any], *parts: Sequence[Any], **const: Any) -> list[Any]:
        """`fn(parts[0][i], parts[1][i], ..., **const)` for every i."""
        ...

    def exchange(self, parts: Sequence[Any], to: int | None = None) -> list[Any]:
        """Partitions of rows in, `width` partitions out: every row goes to the partition of its key's slot;
        rows keep the order of the partitions they came from. With `to`, `to` partitions out and a row's key
        is the number of the one it goes to (back to the input partitions)."""
        ...

    def total(self, parts: Sequence[Any]) -> int:
        """The sum of partitions that are small ints (counts: the only data a build gathers)."""
        ...

    def totals(self, named: dict[str, Sequence[Any]]) -> dict[str, int]:
        """`total` of several lists of partitions, gathered at once."""
        ...


class InProcess:
    """The executor of one process: partitions are values."""

    def __init__(self, width: int = 4) -> None:
        self.width = width

    def map(self, fn: Callable[..., Any], *parts: Sequence[Any], **const: Any) -> list[Any]:
        return [fn(*args, **const) for args in zip(*parts)]

    def exchange(self, parts: Sequence[Any], to: int | None = None) -> list[Any]:
        n = self.width if to is None else to
        pieces = [split(p, n, direct=to is not None) for p in parts]
        return [concat([pc[q] for pc in pieces]) for q in range(n)]

    def total(self, parts: Sequence[Any]) -> int:
        return int(sum(parts))

    def totals(self, named: dict[str, Sequence[Any]]) -> dict[str, int]:
        return {k: self.total(v) for k, v in named.items()}
