"""Watching a run: log messages on stderr through `logging`, progress bars with a total and an ETA, and the
summary a run ends with (elapsed time, throughput, removals per label and per site).

Levels: the summary is INFO (shown by default), warnings (an option that does not apply to the input) are
WARNING, pass timings and the settings used are DEBUG. `-q` is `--log-level warning` (no bar, no summary),
`-v` is `--log-level debug`. Progress bars show only on a terminal, and only at INFO or below.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ..version import DISTRIBUTION
from .io import TEXT_SUFFIXES
from .options import RunOptions, Summary

LOG = logging.getLogger("dedup")
LEVELS = ("debug", "info", "warning", "error")
#: sites named in the summary on stderr (the --summary file has them all)
TOP_SITES = 5


class _Format(logging.Formatter):
    """'scrapeclean: message' for INFO, 'scrapeclean: warning: message' for the other levels."""

    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}: "
        return f"{DISTRIBUTION}: {level}{record.getMessage()}"


def level_of(log_level: str | None, quiet: bool, verbose: int) -> int:
    """The logging level the options ask for (`--log-level` wins over -q and -v)."""
    if log_level:
        return int(getattr(logging, log_level.upper()))
    if quiet:
        return logging.WARNING
    return logging.DEBUG if verbose else logging.INFO


def setup_logging(level: int) -> Callable[[], None]:
    """Send the package's log messages to stderr at `level`; returns what puts the logger back as it was
    (the command may run inside another program, or a test)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Format())
    before = (LOG.level, LOG.propagate)
    LOG.addHandler(handler)
    LOG.setLevel(level)
    LOG.propagate = False  # (one line each: not again through the root logger of an embedding program)

    def restore() -> None:
        LOG.removeHandler(handler)
        LOG.setLevel(before[0])
        LOG.propagate = before[1]

    return restore


def quiet_bars(opts: RunOptions) -> bool:
    """No progress bar: asked for quiet, logging above INFO, or stderr is not a terminal."""
    return opts.quiet or LOG.getEffectiveLevel() > logging.INFO or not sys.stderr.isatty()


class Meter:
    """Counts the bytes read of the input (before decompression), for a progress bar in bytes."""

    def __init__(self) -> None:
        self.read = 0

    def wrap(self, raw: IO[bytes]) -> IO[bytes]:
        """A reader of `raw` that counts what is read through it."""
        return _Counted(raw, self)  # type: ignore[return-value]


class _Counted(io.RawIOBase):
    def __init__(self, raw: IO[bytes], meter: Meter) -> None:
        self._raw, self._meter = raw, meter

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self._raw.readinto(b)  # type: ignore[attr-defined]
        self._meter.read += n or 0
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def input_bytes(path: str) -> int | None:
    """The size of the input as stored: a file's, or the text files' of a folder (None: unknown)."""
    p = Path(path)
    try:
        if p.is_dir():
            return sum(q.stat().st_size for q in p.rglob("*") if q.name.lower().endswith(TEXT_SUFFIXES))
        return p.stat().st_size
    except OSError:
        return None


def bar(desc: str, opts: RunOptions, total: int | None, unit: str = "doc") -> Any:
    """A progress bar on stderr (bytes: `unit="B"`); with a total it shows the share done and an ETA."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=True,
        unit_divisor=1024 if unit == "B" else 1000,
        dynamic_ncols=True,
        leave=False,
        disable=quiet_bars(opts),
        file=sys.stderr,
        smoothing=0.1,
    )


def summary_lines(s: Summary) -> list[str]:
    """The summary on stderr: counts, time and throughput; removals per label; the largest sites."""
    mb = s.bytes_in / 1e6
    speed = f", {mb / s.elapsed:.2f} MB/s" if s.elapsed > 0 else ""
    lines = [
        f"{s.records_in:,} records ({mb:,.1f} MB) in {s.elapsed:.1f} s{speed}: {s.clean:,} clean "
        f"({s.changed:,} changed), {s.duplicates:,} duplicates, {s.rejects:,} rejects; "
        f"{s.bytes_out:,} bytes out"
    ]
    removed = ", ".join(f"{k} {v:,}" for k, v in sorted(s.flags.items(), key=lambda kv: -kv[1]))
    lines.append(f"removed: {removed or 'nothing'}")
    if s.sites:
        top = sorted(s.sites.items(), key=lambda kv: (-kv[1]["records"], kv[0]))
        parts = [
            f"{name} {row['records']:,} ({row['changed']:,} changed, {row['duplicates']:,} duplicates, "
            f"{row['removals']:,} removals)"
            for name, row in top[:TOP_SITES]
        ]
        more = f"; {len(top) - TOP_SITES:,} more sites" if len(top) > TOP_SITES else ""
        lines.append(f"sites: {'; '.join(parts)}{more}")
    if s.duplicates and "duplicates" in s.outputs:
        lines.append(f"duplicates in {s.outputs['duplicates']}")
    return lines


def log_summary(s: Summary) -> None:
    """The summary, at INFO."""
    for line in summary_lines(s):
        LOG.info("%s", line)
