"""A real `redis-server` for the tests: started on a free loopback port in a folder of its own, with the
persistence a test asks for, and stopped (or killed) by the test."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

BINARY = "redis-server"
_names = itertools.count()


def require() -> str:
    """The server binary, or skip the test saying how to get it."""
    found = shutil.which(BINARY)
    if found is None:
        pytest.skip(f"{BINARY} is not installed (apt-get install redis-server; ./scripts/test installs it)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One redis-server process; `persist` turns on the append-only file (fsync at every write)."""

    def __init__(self, folder: Path, *, persist: bool = False) -> None:
        self.binary = require()
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.persist = persist
        self.proc: subprocess.Popen | None = None

    def args(self) -> list[str]:
        aof = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        return [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *aof]

    def start(self) -> RedisServer:
        """Start the server and wait until it answers."""
        log = open(self.folder / "redis.log", "ab")
        self.proc = subprocess.Popen(self.args(), cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited: {(self.folder / 'redis.log').read_text()[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer within 10 s")

    def kill(self) -> None:
        """Kill the server at once (SIGKILL: nothing flushed that was not already)."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def url(self, prefix: str | None = None, **params: object) -> str:
        """A URL of this server, with a prefix of its own unless given."""
        query = {"prefix": prefix or f"t{next(_names)}", **params}
        return f"redis://127.0.0.1:{self.port}/0?" + "&".join(f"{k}={v}" for k, v in query.items())
