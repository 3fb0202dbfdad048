"""The local engine over a dataset (several inputs, globs, folders of shards, Parquet, URLs): the two passes
of `local.py`, pass 1 over every shard, pass 2 shard by shard into output shards (`shards.py`).

Resuming: once pass 1 is done, a sharded run keeps its index and pass 1's spool (single-page flags, layouts
and ids) in its run folder; a rerun of the same run loads them instead of fingerprinting again, and cleans
only the shards without a completion marker. Pass 2 then reads exactly what the uninterrupted run read, so
its output is the same. The index and spool are removed when every shard is done.
"""

from __future__ import annotations

import json
import struct
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from typing import IO, Any

from ..corpus.index import Index
from ..corpus.keyed.ids import unique_id
from ..errors import IndexFileError, UsageError
from ..pipeline import signer
from .io import RawLine, Record, Reject, parse_jsonl_line
from .local import _NO_RECORD, RunState, _check, _clean_chunk, _map, _with_flags, fingerprint_into
from .options import RunOptions, Summary
from .progress import bar as progress_bar
from .shards import Layout, RunFolder, ShardWriter, finish, identity, layout_of, write_json
from .sources import Shard, shard_items


def run_dataset(opts: RunOptions, shards: Sequence[Shard], summary: Summary) -> Summary:
    """Clean the dataset `shards` with the local engine; add the run's counts to `summary`."""
    if opts.index_path:
        raise UsageError(
            "--index is for a single input file; a dataset run keeps its index in its run folder"
        )
    layout = layout_of(opts, shards)
    run = RunFolder(layout) if layout.sharded else None
    if run is not None:
        run.open(identity(opts, shards, layout))
    todo = [not f for f in run.finished(shards)] if run is not None else [True] * len(shards)
    pass1: Pass1 | None = None
    if opts.corpus and any(todo):
        pass1 = (Pass1.resume(run, opts) if run is not None else None) or Pass1.compute(opts, shards, run)
    try:
        markers = _clean_shards(opts, shards, layout, run, todo, pass1)
    finally:
        if pass1 is not None:
            pass1.close()
    if run is not None:
        markers = [m for s in shards for m in run.markers(s)]
        for name in ("index.npz", "pass1.spool", "pass1.json"):  # (every shard is done: no resume needed)
            (run.path / name).unlink(missing_ok=True)
    finish(summary, layout, markers)
    stats = pass1.stats if pass1 is not None else run.stats() if run is not None else None
    if stats is not None:
        summary.settings["index"] = stats
    return summary


# ---------------------------------------------------------------------- pass 1
class Pass1:
    """What pass 1 leaves for pass 2: the index, and per item its spooled flags, layout and id."""

    def __init__(self, index: Index, spool: IO[bytes], items: list[int]) -> None:
        self.index, self.spool, self.items = index, spool, items
        self.stats = index.stats()

    @classmethod
    def compute(cls, opts: RunOptions, shards: Sequence[Shard], run: RunFolder | None) -> Pass1:
        """Fingerprint every shard, in order, into a new index (kept in the run folder for a resume)."""
        cfg = opts.config
        index = Index(cfg, signer=signer(cfg))
        where = run.path if run is not None else None
        spool: IO[bytes] = (
            open(where / "pass1.spool", "w+b")
            if where is not None
            else tempfile.TemporaryFile(prefix="dedup-flags-")  # type: ignore[assignment]
        )
        counts = [0] * len(shards)
        bar = progress_bar("pass 1/2 fingerprint", opts, None)
        tags: deque[int] = deque()
        state = RunState(cfg, None, opts, False)
        for _ in fingerprint_into(index, spool, _tagged(shards, tags), state):
            counts[tags.popleft()] += 1
            bar.update(1)
        bar.close()
        index.finalize()
        spool.flush()
        done = cls(index, spool, counts)
        if where is not None:  # (the index, then the file that says pass 1 is complete)
            index.save(where / "index.npz")
            write_json(where / "stats.json", done.stats)
            write_json(where / "pass1.json", {"items": counts})
        return done

    @classmethod
    def resume(cls, run: RunFolder, opts: RunOptions) -> Pass1 | None:
        """Pass 1 of an interrupted run, if it finished."""
        try:
            saved = json.loads((run.path / "pass1.json").read_text(encoding="utf-8"))
            index = Index.load(run.path / "index.npz", opts.config)
            spool = open(run.path / "pass1.spool", "rb")
        except (OSError, ValueError, IndexFileError):
            return None
        return cls(index, spool, list(saved["items"]))

    def close(self) -> None:
        self.spool.close()


def _tagged(shards: Sequence[Shard], tags: deque[int]) -> Iterator[RawLine | Reject]:
    """Every item of every shard, in order; each item's shard number goes to `tags` (results come back in
    the same order)."""
    for i, s in enumerate(shards):
        for item in shard_items(s):
            tags.append(i)
            yield item


def _skip(spool: IO[bytes], n: int) -> None:
    """Read past the spool entries of `n` items."""
    for _ in range(n):
        (size,) = struct.unpack("<I", spool.read(4))
        if size != _NO_RECORD:
            (k,) = struct.unpack("<I", spool.read(4))
            spool.seek(size + k, 1)


# ---------------------------------------------------------------------- pass 2
def _clean_shards(
    opts: RunOptions,
    shards: Sequence[Shard],
    layout: Layout,
    run: RunFolder | None,
    todo: list[bool],
    pass1: Pass1 | None,
) -> list[dict[str, Any]]:
    """Clean the shards to do, in order, each into its output shards; return their markers' data."""
    tags: deque[int] = deque()
    state = RunState(opts.config, pass1.index if pass1 else None, opts, False)
    bar = progress_bar("pass 2/2 clean", opts, None)
    staging = run.staging if run is not None else None
    writer = ShardWriter(layout, shards, run, staging)
    try:
        for res in _map(_clean_chunk, _pass2_items(opts, shards, todo, pass1, tags), state):
            writer.add(tags.popleft(), res)
            bar.update(1)
        for i, t in enumerate(todo):  # (a shard of no item still gets its, empty, output shard)
            if t:
                writer.ensure(i)
        writer.close()
    finally:
        bar.close()
        writer.abort()
    return writer.markers


def _pass2_items(
    opts: RunOptions, shards: Sequence[Shard], todo: list[bool], pass1: Pass1 | None, tags: deque[int]
) -> Iterator[Any]:
    """The items of the shards to clean, with what pass 1 spooled for them (corpus mode), or parsed here with
    ids made unique over the whole dataset (--no-corpus: skipped shards are read for their ids)."""
    if pass1 is not None:
        pass1.spool.seek(0)
        for i, s in enumerate(shards):
            if not todo[i]:
                _skip(pass1.spool, pass1.items[i])
                continue
            for it in _with_flags(shard_items(s), pass1.spool):
                tags.append(i)
                yield it
        return
    taken: set[str] = set()
    for i, s in enumerate(shards):
        for raw in shard_items(s):
            rec = raw if isinstance(raw, Reject) else _parse(opts, raw)
            if isinstance(rec, Record):
                rec.doc_id = unique_id(rec.doc_id, taken)
            elif todo[i]:
                _check(rec, opts)
            if todo[i]:
                tags.append(i)
                yield rec


def _parse(opts: RunOptions, raw: RawLine) -> Record | Reject:
    return parse_jsonl_line(
        raw,
        text_field=opts.text_field,
        title_field=opts.title_field,
        url_field=opts.url_field,
        id_field=opts.id_field,
        site_field=opts.site_field,
    )
