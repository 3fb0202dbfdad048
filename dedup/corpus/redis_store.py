"""Redis for a shared index: the URL, the connection, bounded retries, and optimistic transactions.

A transaction (`Tx`) reads hash fields (cached; each value read is remembered), buffers its writes (later
reads of the same transaction see them), and commits with one Lua script that checks every value read is
unchanged and then applies the writes, all at once: serializable without locks, and a writer that read a
value another writer changed meanwhile does its work again (`Conflict`). Every value is plain bytes or a
number.

Connection errors (the server restarting, loading its data, a network cut) are retried with exponential
backoff for `retry` seconds (URL parameter; `shared_url.RETRY_SECONDS` by default), then reported as one
`SharedIndexError` naming the URL (without its password).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import SharedIndexError
from .shared_url import Where

try:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"a shared index needs redis-py: install the extra with `pip install 'dedup[redis]'` "
        f"[{type(e).__name__}: {e}]"
    ) from e

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: first wait between two tries, doubled each time up to the last
BACKOFF_FIRST, BACKOFF_MAX = 0.05, 2.0
#: seconds to wait for the server to answer one command (a connection: CONNECT_TIMEOUT)
SOCKET_TIMEOUT, CONNECT_TIMEOUT = 10.0, 5.0
#: a transaction whose reads others keep changing gives up after this many tries
MAX_CONFLICTS = 200

# Reads many hash fields at once: KEYS[i], ARGV[i] -> HGET (nil: false, read as None).
_READ = """
local out = {}
for i = 1, #KEYS do out[i] = redis.call('HGET', KEYS[i], ARGV[i]) end
return out
"""

# Commits a transaction. ARGV[1]: the number of checks; then (key index, field, expected) for each, the
# expected value "" for an absent field, else "=" .. value; then the writes, (op, key index, field, value):
# S = HSET, D = HDEL, I = HINCRBY (the field goes when it reaches 0), R = HSET of the next rank (KEYS[1]'s
# field "seq", counted once per commit). Returns 0 when a value read has changed (nothing written), else 1.
_COMMIT = """
local n = tonumber(ARGV[1])
local i = 2
for _ = 1, n do
  local v = redis.call('HGET', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
  local want = ARGV[i + 2]
  if want == '' then
    if v then return 0 end
  elseif (not v) or v ~= string.sub(want, 2) then
    return 0
  end
  i = i + 3
end
local rank = nil
while i <= #ARGV do
  local op, key, field, val = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
  if op == 'S' then
    redis.call('HSET', key, field, val)
  elseif op == 'D' then
    redis.call('HDEL', key, field)
  elseif op == 'I' then
    if redis.call('HINCRBY', key, field, val) == 0 then redis.call('HDEL', key, field) end
  elseif op == 'R' then
    if not rank then rank = redis.call('HINCRBY', KEYS[1], 'seq', 1) end
    redis.call('HSET', key, field, rank)
  end
  i = i + 4
end
return 1
"""

# The number of a name in a hash (KEYS[1]), made from a counter (KEYS[2], field ARGV[2]) when new.
_NUMBER = """
local id = redis.call('HGET', KEYS[1], ARGV[1])
if id then return tonumber(id) end
id = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HSET', KEYS[1], ARGV[1], id)
return id
"""


class Conflict(Exception):
    """A transaction read a value that another writer changed before it committed."""


class Store:
    """The connection to one shared index, its scripts, and retries."""

    def __init__(self, where: Where) -> None:
        self.where = where
        try:
            self.client = redis.Redis.from_url(
                where.url,
                socket_timeout=SOCKET_TIMEOUT,
                socket_connect_timeout=CONNECT_TIMEOUT,
                retry=Retry(NoBackoff(), 0),  # (retries are ours: bounded, with backoff, reported)
            )
        except ValueError as e:
            raise SharedIndexError(f"{where.shown}: not a Redis URL ({e})") from None
        self._read = self.client.register_script(_READ)
        self._commit = self.client.register_script(_COMMIT)
        self._number = self.client.register_script(_NUMBER)

    def check(self) -> None:
        """Reach the server once, now (a shared index that is down at start is an error at once)."""
        try:
            self.client.ping()
        except redis.RedisError as e:
            raise SharedIndexError(
                f"{self.where.shown}: cannot reach the shared index ({_reason(e)})"
            ) from None

    def retrying(self, fn: Callable[[], T]) -> T:
        """`fn()`, tried again with backoff while the server cannot be reached, for `where.retry` seconds."""
        deadline = time.monotonic() + self.where.retry
        delay, tries = BACKOFF_FIRST, 1
        while True:
            try:
                return fn()
            except (redis.ConnectionError, redis.TimeoutError) as e:
                if time.monotonic() + delay > deadline:
                    raise SharedIndexError(
                        f"{self.where.shown}: the shared index stayed unreachable for {self.where.retry:g} s "
                        f"({tries} tries; {_reason(e)})"
                    ) from None
                if tries == 1:
                    logger.warning("dedup: %s unreachable (%s); retrying", self.where.shown, _reason(e))
                time.sleep(delay)
                delay, tries = min(delay * 2, BACKOFF_MAX), tries + 1
            except redis.ResponseError as e:  # (out of memory, read-only replica, persistence failing)
                raise SharedIndexError(f"{self.where.shown}: the server refused ({e})") from None

    def read(self, pairs: Sequence[tuple[bytes, bytes]]) -> list[bytes | None]:
        """HGET of every (key, field) of `pairs`, in one round trip."""
        if not pairs:
            return []
        return list(self._read(keys=[k for k, _ in pairs], args=[f for _, f in pairs]))

    def commit(self, keys: list[bytes], args: list[Any]) -> bool:
        """Run the commit script; False when a value read has changed."""
        return bool(self._commit(keys=keys, args=args))

    def number(self, table: bytes, name: bytes, counters: bytes, counter: bytes) -> int:
        """The number of `name` in hash `table`, made from `counters`' field `counter` when new."""
        return int(self._number(keys=[table, counters], args=[name, counter]))

    def close(self) -> None:
        """Close the connections."""
        self.client.close()


def _reason(e: Exception) -> str:
    return str(e).strip().rstrip(".") or type(e).__name__


class Reader:
    """Hash fields read through one cache (the lifetime of one query, or of one transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[bytes, bytes], bytes | None] = {}

    def get(self, key: bytes, field: bytes, *, stable: bool = False) -> bytes | None:
        """The value of `field` of hash `key` (None: absent). `stable`: a value that never changes once
        written (a transaction need not check it)."""
        return self.get_many([(key, field)], stable=stable)[0]

    def get_many(self, pairs: Sequence[tuple[bytes, bytes]], *, stable: bool = False) -> list[bytes | None]:
        """`get` of each pair; the pairs not seen yet are read in one round trip."""
        self.prefetch(pairs)
        return [self._seen(p, stable) for p in pairs]

    def prefetch(self, pairs: Sequence[tuple[bytes, bytes]]) -> None:
        """Read the pairs not seen yet, in one round trip, for later `get`s (a transaction checks only
        the values it then reads)."""
        missing = list(dict.fromkeys(p for p in pairs if p not in self._cache and not self._written(p)))
        for p, v in zip(missing, self.store.read(missing)):
            self._cache[p] = v

    def cached(self, pair: tuple[bytes, bytes]) -> bytes | None:
        """A value prefetched (None when absent or not read)."""
        return self._cache.get(pair)

    def _written(self, pair: tuple[bytes, bytes]) -> bool:
        return False

    def _seen(self, pair: tuple[bytes, bytes], stable: bool) -> bytes | None:
        return self._cache[pair]


class Tx(Reader):
    """A transaction: reads remembered (but stable ones), writes buffered and seen by later reads."""

    def __init__(self, store: Store, meta: bytes) -> None:
        super().__init__(store)
        self._meta = meta  # (the hash holding the rank counter)
        self._checks: dict[tuple[bytes, bytes], bytes | None] = {}
        self._writes: dict[tuple[bytes, bytes], bytes | None] = {}  # HSET (bytes) or HDEL (None)
        self._ops: list[tuple[str, bytes, bytes, Any]] = []

    def _written(self, pair: tuple[bytes, bytes]) -> bool:
        return pair in self._writes

    def _seen(self, pair: tuple[bytes, bytes], stable: bool) -> bytes | None:
        if pair in self._writes:
            return self._writes[pair]
        value = self._cache[pair]
        if not stable:
            self._checks.setdefault(pair, value)
        return value

    def set(self, key: bytes, field: bytes, value: bytes) -> None:
        self._writes[(key, field)] = value
        self._ops.append(("S", key, field, value))

    def delete(self, key: bytes, field: bytes) -> None:
        self._writes[(key, field)] = None
        self._ops.append(("D", key, field, b""))

    def incr(self, key: bytes, field: bytes, n: int) -> None:
        """HINCRBY (not readable in the transaction); a field that reaches 0 is removed."""
        if n:
            self._ops.append(("I", key, field, n))

    def set_rank(self, key: bytes, field: bytes) -> None:
        """Set `field` to the next rank, taken when the transaction commits."""
        self._ops.append(("R", key, field, b""))

    def commit(self) -> bool:
        """Check and write at once; False (nothing written) when a value read has changed."""
        if not self._ops:
            return True
        index: dict[bytes, int] = {self._meta: 1}
        args: list[Any] = [len(self._checks)]
        for (key, field), value in self._checks.items():
            args += [index.setdefault(key, len(index) + 1), field, b"" if value is None else b"=" + value]
        for op, key, field, value in self._ops:
            args += [op, index.setdefault(key, len(index) + 1), field, value]
        return self.store.commit(list(index), args)
