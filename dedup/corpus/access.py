"""Opening the index a run names: a file (loaded if it exists, locked for the run, saved at its end) or a
shared index (`redis://host:port/db?prefix=NAME`: connected to, nothing to save)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from .base import CorpusIndex
from .index import Index
from .lock import IndexLock
from .shared_url import is_shared


@dataclass
class OpenIndex:
    """An index a run works with, and what ends its use."""

    index: CorpusIndex
    path: Path | None = None  # an index file, saved by `save()`
    lock: IndexLock | None = None

    def save(self) -> None:
        """Write an index file (a shared index has nothing to save: every add is stored when made)."""
        if self.path is not None and isinstance(self.index, Index):
            self.index.save(self.path)

    def close(self) -> None:
        """Release the file's lock, or the connection to a shared index."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        close = getattr(self.index, "close", None)
        if close is not None:
            close()


def open_index(spec: str | None, config: Config, signer: str) -> OpenIndex:
    """The index `spec` names (None: a new one in memory). An index file is locked until `close()`: a
    second writer is refused (`IndexLockedError`, exit 4)."""
    if not spec:
        return OpenIndex(Index(config, signer=signer))
    if is_shared(spec):
        return OpenIndex(Index.connect(spec, config, signer=signer))
    path = Path(spec)
    lock = IndexLock(path).acquire()
    try:
        index = Index.load(path, config) if os.path.lexists(path) else Index(config, signer=signer)
    except BaseException:
        lock.release()
        raise
    return OpenIndex(index, path, lock)
