"""The address of a shared index: `redis://[:password@]host:port/db?prefix=NAME&retry=SECONDS` (also
rediss:// and unix://), and how to name it in messages (never with its password)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from ..errors import SharedIndexError

#: URL schemes of a shared index
SCHEMES = ("redis://", "rediss://", "unix://")
#: the default key prefix
PREFIX = "dedup"
#: seconds to keep retrying an operation while the server cannot be reached
RETRY_SECONDS = 30.0


def is_shared(spec: str | None) -> bool:
    """Whether `spec` names a shared index (a URL) rather than an index file."""
    return bool(spec) and str(spec).startswith(SCHEMES)


def shown(url: str) -> str:
    """`url` with its password (if any) replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


@dataclass(frozen=True)
class Where:
    """A shared index's address: the server URL (without dedup's parameters), the key prefix, the retry
    time, and how to name it in messages (without a password)."""

    url: str
    prefix: str
    retry: float
    shown: str

    @classmethod
    def parse(cls, url: str) -> Where:
        """`redis://[:password@]host:port/db?prefix=NAME&retry=SECONDS` (also rediss://, unix://)."""
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        prefix = query.pop("prefix", PREFIX)
        try:
            retry = float(query.pop("retry", RETRY_SECONDS))
        except ValueError:
            raise SharedIndexError(f"{shown(url)}: retry= must be a number of seconds") from None
        if not prefix or any(c in prefix for c in " \n{}"):
            raise SharedIndexError(f"{shown(url)}: prefix= must be a name without spaces or braces")
        server = urlunsplit(parts._replace(query=urlencode(query)))
        return cls(server, prefix, retry, shown(url))
