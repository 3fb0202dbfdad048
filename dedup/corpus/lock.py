"""One writer per index file: an advisory lock held for a whole run, and saves through a temporary file of
their own.

Two runs that loaded the same index file and saved it in turn would each save only their own documents
(the last writer wins), and two saves through one fixed temporary name could mix their bytes. So a run
that will save an index holds `IndexLock` on `<index>.lock` (an `flock` the system drops when the process
ends, however it ends): a second run is refused at once with `IndexLockedError` (exit 4), naming the
process that holds it; and `replace_atomically` writes each save to a unique temporary file beside the
index, renamed over it when complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import IndexLockedError


def _file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()  # (what a plain open() would have made)

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


def lock_path(index: Path) -> Path:
    """The lock file of an index file."""
    return index.with_name(index.name + ".lock")


class IndexLock:
    """The lock of one index file, held from `acquire()` to `release()` (or the end of the process)."""

    def __init__(self, index: str | Path) -> None:
        self.index = Path(index)
        self.path = lock_path(self.index)
        self._fd: int | None = None

    def acquire(self) -> IndexLock:
        """Take the lock, or raise IndexLockedError if another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise IndexLockedError(
                f"{self.index}: in use by another dedup run (process {holder}, lock {self.path}); one run "
                f"at a time writes an index file (a shared index for many writers: --index redis://...)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        """Let the lock go (the lock file stays: it is the lock, not its holder)."""
        if self._fd is not None:
            os.close(self._fd)  # (closing drops the flock)
            self._fd = None

    def __enter__(self) -> IndexLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def replace_atomically(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` when the block ends without error (a unique temporary name in
    the same folder until then; removed on error)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, _FILE_MODE)  # (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
