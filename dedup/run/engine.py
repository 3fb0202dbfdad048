"""Which runner a corpus run takes: the local run of one JSONL file, standard input or a folder of text files
(`local.py`); the local engine over a dataset (`dataset.py`); or the Dask engine (`dask_engine.py`)."""

from __future__ import annotations

import json
import time
import zlib
from pathlib import Path

from ..errors import InputError, UsageError
from .io import TEXT_SUFFIXES, kind_of, open_bytes
from .local import new_summary
from .local import run as run_local
from .options import RunOptions, Summary
from .outputs import Staging, check_target
from .sources import PARQUET_SUFFIXES, expand, is_collection, is_dataset_folder, is_url

ENGINES = ("local", "dask")


def is_dataset(opts: RunOptions) -> bool:
    """A run over a dataset (several inputs, a glob, a folder of shards, a URL, Parquet, or sharded or
    Parquet output), rather than over one local JSONL file, standard input or a folder of text files."""
    inputs = opts.all_inputs
    if len(inputs) > 1 or opts.engine != "local" or opts.shard_size or opts.output_format == "parquet":
        return True
    name = inputs[0]
    if name == "-":
        return False
    if is_url(name) or name.lower().endswith(PARQUET_SUFFIXES) or is_dataset_folder(name):
        return True
    if (opts.output or "").lower().endswith(PARQUET_SUFFIXES):
        return True
    return is_collection(name) and not Path(name).is_dir()  # (a glob)


def run(opts: RunOptions) -> Summary:
    """Clean a corpus with the engine `opts` asks for and return the summary."""
    if opts.engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, not {opts.engine!r}")
    if opts.shard_size is not None and opts.shard_size < 1:
        raise UsageError(f"--shard-size must be at least 1, not {opts.shard_size}")
    if opts.engine == "dask" and len(opts.all_inputs) == 1 and Path(opts.input).is_dir():
        if not is_dataset_folder(opts.input):
            raise UsageError(
                f"{opts.input}: a folder of text files runs with the local engine (no --engine dask)"
            )
    if not is_dataset(opts):
        _check_yields(opts.input, opts.html)
        return run_local(opts)
    started = time.monotonic()
    if opts.summary:  # (checked before any work: exit 5 at once)
        check_target(opts.summary)
    shards = expand(opts.all_inputs)
    summary = new_summary(opts)
    if opts.engine == "dask":
        from .dask_engine import run_dask

        summary = run_dask(opts, shards, summary)
    else:
        from .dataset import run_dataset

        summary = run_dataset(opts, shards, summary)
    summary.elapsed = time.monotonic() - started
    _write_summary(opts, summary)
    return summary


def _write_summary(opts: RunOptions, summary: Summary) -> None:
    """The summary of a dataset run, once its shards are all in place (the local run writes its own with its
    other outputs)."""
    if not opts.summary:
        return
    with Staging() as stage:
        with stage.open(opts.summary, "w") as f:
            json.dump(summary.to_dict(), f, indent=2, ensure_ascii=False)
        stage.commit()


def _check_dask_inputs(opts: RunOptions) -> None:
    """The Dask engine reads datasets its workers can open: not standard input, not a folder of text files."""
    if "-" in opts.all_inputs:
        raise UsageError("the Dask engine reads files and URLs its workers can open, not standard input")
    if len(opts.all_inputs) == 1 and Path(opts.input).is_dir() and not is_dataset_folder(opts.input):
        raise UsageError(
            f"{opts.input}: a folder of text files runs with the local engine (no --engine dask)"
        )


def _check_yields(path: str, html: bool) -> None:
    """A non-empty input that would yield no record is an error naming it, not a run of 0 records: a JSONL
    file of blank lines only, a folder without a text file."""
    if path == "-":
        return
    kind = kind_of(path)
    if kind == "dir":
        if not any(q.is_file() and q.name.lower().endswith(TEXT_SUFFIXES) for q in Path(path).rglob("*")):
            what = (
                "HTML pages are read from JSONL or Parquet records with --html" if html else "nothing to read"
            )
            raise InputError(
                f"{path}: holds no text file (.txt, .text, .md) and no dataset shard (.jsonl, .parquet); "
                f"{what}"
            )
        return
    p = Path(path)
    if kind != "jsonl" or not p.is_file() or p.stat().st_size == 0:
        return
    with open_bytes(path) as f:
        try:
            if any(line.strip() for line in f):
                return
        except (OSError, EOFError, zlib.error):
            return  # (the run says what is wrong with it, and where)
    raise InputError(f"{path}: {p.stat().st_size} bytes but no record (not JSONL, or only blank lines)")
