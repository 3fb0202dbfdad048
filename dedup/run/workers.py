"""Worker processes of a corpus run: map a function over chunks of items, in order, with a bounded number of
chunks in flight; a worker killed by the system stops the run with an error instead of a hang."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ..errors import WorkerError

S = TypeVar("S")
#: a chunk function of `map_chunks`: (the run's state, a chunk of items) -> one result per item
ChunkFn = Callable[[S, list], list]

# the run's state in a worker process, set by `_init_worker` (it lives and dies with the worker; the main
# process calls the chunk functions with its state instead)
_WORKER_STATE: Any = None


def _init_worker(state: Any, parent: int) -> None:
    """An interrupt or a termination sent to the whole process group (Ctrl-C on a terminal) is the main
    process's to handle: it stops the workers itself (no traceback from every worker, and no worker dying
    first, which would read as a worker killed by the system). A worker dies with the main process, even
    killed with SIGKILL (`_die_with`)."""
    global _WORKER_STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with(parent)
    _WORKER_STATE = state


#: how often (seconds) a worker without PR_SET_PDEATHSIG looks whether the main process is still there
WATCH_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this process when `parent` ends: Linux sends it SIGKILL then (prctl PR_SET_PDEATHSIG); elsewhere a
    watchdog thread sees the parent gone. (A parent already gone before this: the worker ends now.)"""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="dedup-parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _call(fn: ChunkFn, chunk: list) -> list:
    return fn(_WORKER_STATE, chunk)


def map_chunks(
    fn: ChunkFn,
    chunks: Iterable[list],
    state: S,
    jobs: int,
    prepare: Callable[[], None] | None = None,
) -> Iterator[Any]:
    """`fn(state, chunk)` of every chunk, flattened, in order, with `jobs` worker processes (or in this one).

    `prepare` runs once in the main process before the workers are forked (what they can share).
    """
    if jobs <= 1:
        for chunk in chunks:
            yield from fn(state, chunk)
        return
    if prepare is not None:
        prepare()
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # (an executor rather than multiprocessing.Pool: when a worker dies, killed by the system for memory or
    # by a signal, Pool waits for its chunk forever; the executor says so, and the run stops with an error)
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(state, os.getpid()))
    try:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(_call, fn, chunk))
            if len(pending) >= 2 * jobs + 1:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:
        _stop(pool)
        raise WorkerError(
            "a worker process died (killed by the system, out of memory?); no output was written"
        ) from None
    except BaseException:  # an error, an interrupt, or the caller stopped reading
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: drop the chunks not started, end the workers (Python < 3.14 has no public way)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()  # (workers ignore SIGTERM: see _init_worker)
