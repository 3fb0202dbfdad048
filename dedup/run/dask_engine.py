"""The Dask engine: the two passes of a corpus run as distributed operations on a Dask cluster
(dask.distributed), with the same output, duplicates, rejects and summary as the local engine.

1. map: each input shard is read and fingerprinted by a task (`fingerprint_shard`), whose result stays on
   its worker: the parts of the prints the evidence needs (`corpus.keyed.PartPrints`) and, per record, the
   single-page flags and layout pass 2 reuses;
2. shuffle: `corpus.keyed.build` computes the evidence partitioned by key (ids, copies, titles, sites,
   block clusters), with tasks that exchange rows by key (`DaskExecutor`): no task holds more than its
   partition of the keys, and the client only ever gathers counts;
3. map: each input shard is cleaned by a task (`clean_shard`) with its pages' evidence joined to it, and its
   output shards written (staged, then moved into place, then marked done).

A worker lost mid-run (killed, out of memory) loses the results it held; the scheduler computes them again
from their inputs (the shards are read again), so the run goes on with the same answers. A rerun of the same
run recomputes pass 1 and the evidence, and cleans only the shards not marked done.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..corpus.index import Index
from ..corpus.keyed.build import build
from ..corpus.keyed.exchange import concat, split
from ..corpus.keyed.ids import asked, in_order, settle
from ..corpus.keyed.parts import PartPrints, title_asks
from ..corpus.keyed.view import EvidenceView
from ..errors import InputError, UsageError
from ..text.segment import restore
from .io import Record, Reject
from .local import CHUNK_DOCS, RunState, _clean_chunk, _html_text, _record, fingerprint_records
from .options import RunOptions, Summary
from .shards import Layout, RunFolder, ShardWriter, finish, identity, layout_of, write_json
from .sources import Shard, shard_items

#: how many partitions each exchange makes, per worker (more: smaller partitions, more tasks)
PARTITIONS_PER_WORKER = 1


# ---------------------------------------------------------------------- the executor
class DaskExecutor:
    """`corpus.keyed.exchange.Executor` on a dask.distributed client: partitions are futures; an exchange
    splits each partition into pieces (one task each) and concatenates the pieces of each output partition
    (one task each): the tasks-based shuffle."""

    def __init__(self, client: Any, width: int) -> None:
        self.client, self.width = client, width

    def map(self, fn: Callable[..., Any], *parts: Sequence[Any], **const: Any) -> list[Any]:
        return [self.client.submit(fn, *args, **const) for args in zip(*parts)]

    def exchange(self, parts: Sequence[Any], to: int | None = None) -> list[Any]:
        n = self.width if to is None else to
        split_parts = [self.client.submit(split, p, n, to is not None) for p in parts]
        pieces = [[self.client.submit(operator.getitem, s, q) for s in split_parts] for q in range(n)]
        return [self.client.submit(_concat, *ps) for ps in pieces]

    def total(self, parts: Sequence[Any]) -> int:
        return int(sum(self.client.gather(list(parts))))

    def totals(self, named: dict[str, Sequence[Any]]) -> dict[str, int]:
        got = self.client.gather({k: list(v) for k, v in named.items()})
        return {k: int(sum(v)) for k, v in got.items()}


def _concat(*pieces: list) -> list:
    return concat(pieces)


# ---------------------------------------------------------------------- pass 1 (a task per shard)
@dataclass
class Fingerprinted:
    """What pass 1 made of one shard: its prints, and per item its pass-1 results (None for a reject)."""

    prints: PartPrints
    blobs: list[bytes | None] = field(default_factory=list)
    first_reject: tuple[int, str] | None = None  # (line, message) of its first bad record


def fingerprint_shard(part: int, shard: Shard, opts: RunOptions) -> Fingerprinted:
    """Read and fingerprint one shard (pass 1's map); in --no-corpus mode, only read its ids."""
    import pickle

    from .local import _checksum

    state = RunState(opts.config, None, opts, False)
    out = Fingerprinted(PartPrints(part))
    for chunk in _chunks(shard_items(shard), CHUNK_DOCS):
        parsed = [_record(state, it) for it in chunk]
        recs = [_html_text(state, r) for r in parsed if isinstance(r, Record)]
        for r in parsed:
            if isinstance(r, Reject) and out.first_reject is None:
                out.first_reject = (r.line, f"{r.source}: line {r.line}: {r.reason}")
        if not opts.corpus:
            out.prints.ids += [r.doc_id for r in recs]
            out.blobs += [None if isinstance(r, Reject) else b"" for r in parsed]
            continue
        prints, flags, layouts = fingerprint_records(state, recs)
        blobs = iter([pickle.dumps(t) for t in zip(flags, layouts, map(_checksum, recs))])
        for rec, fp, lines in zip(recs, prints, layouts):
            out.prints.add(fp, title_asks(restore(rec.text, rec.title, lines), opts.config))
        out.blobs += [None if isinstance(r, Reject) else next(blobs) for r in parsed]
    return out


def _chunks(items: Iterator[Any], size: int) -> Iterator[list]:
    chunk: list = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prints(f: Fingerprinted) -> PartPrints:
    return f.prints


def _first_reject(f: Fingerprinted) -> tuple[int, str] | None:
    return f.first_reject


# ---------------------------------------------------------------------- pass 2 (a task per shard)
def clean_shard(
    shard: Shard,
    f: Fingerprinted,
    uids: list[str],
    view: EvidenceView | None,
    opts: RunOptions,
    layout: Layout,
    run: RunFolder | None,
) -> list[dict[str, Any]]:
    """Clean one shard with its pages' evidence and write its output shards; return their markers' data."""
    state = RunState(opts.config, cast(Index, view), opts, False)  # (the view answers as the index would)
    writer = ShardWriter(layout, [shard], run, run.staging if run is not None else None)
    ids = iter(uids)
    try:
        items = (
            it if blob is None else (it, blob, next(ids)) for it, blob in zip(shard_items(shard), f.blobs)
        )
        for chunk in _chunks(items, CHUNK_DOCS):
            if not opts.corpus:
                chunk = [_with_id(state, it) for it in chunk]
            for res in _clean_chunk(state, chunk):
                writer.add(0, res)
        writer.ensure(0)
        writer.close()
    finally:
        writer.abort()
    return writer.markers


def _with_id(state: RunState, item: Any) -> Any:
    """--no-corpus: the record parsed, with the id the run made unique (there are no pass-1 results)."""
    if not isinstance(item, tuple):
        return item
    rec = _record(state, item[0])
    if isinstance(rec, Record):
        rec.doc_id = item[2]
    return rec


# ---------------------------------------------------------------------- the run
def run_dask(opts: RunOptions, shards: Sequence[Shard], summary: Summary, client: Any = None) -> Summary:
    """Clean the dataset `shards` on a Dask cluster (`client`, or one `opts` names or starts)."""
    _check_options(opts, shards)
    layout = layout_of(opts, shards)
    run = RunFolder(layout) if layout.sharded else None
    if run is not None:
        run.open(identity(opts, shards, layout))
    with _client(opts, client) as c:
        markers = _run(c, opts, shards, layout, run, summary)
    if run is not None:
        markers = [m for s in shards for m in run.markers(s)]
    return finish(summary, layout, markers)


def _run(
    client: Any,
    opts: RunOptions,
    shards: Sequence[Shard],
    layout: Layout,
    run: RunFolder | None,
    summary: Summary,
) -> list[dict[str, Any]]:
    todo = [not f for f in run.finished(shards)] if run is not None else [True] * len(shards)
    if not any(todo):
        stats = run.stats() if run is not None else None
        if stats is not None:
            summary.settings["index"] = stats
        return []
    width = max(1, PARTITIONS_PER_WORKER * _workers(client))
    ex = DaskExecutor(client, width)
    fps = [client.submit(fingerprint_shard, i, s, opts) for i, s in enumerate(shards)]
    pps = ex.map(_prints, fps)
    _strict(client, ex.map(_first_reject, fps), opts)
    if opts.corpus:
        built = build(ex, pps, opts.config)
        views, uids = built.views, built.uids
        summary.settings["index"] = built.stats
        if run is not None:
            write_json(run.path / "stats.json", built.stats)
    else:
        uids = ex.map(in_order, ex.exchange(ex.map(settle, ex.exchange(ex.map(asked, pps))), to=len(pps)))
        views = [None] * len(shards)
    cleaned = [
        client.submit(clean_shard, s, fps[i], uids[i], views[i], opts, layout, run)
        for i, s in enumerate(shards)
        if todo[i]
    ]
    return [m for ms in client.gather(cleaned) for m in ms]


def _strict(client: Any, firsts: list[Any], opts: RunOptions) -> None:
    """Without a rejects file, the first bad record of the dataset stops the run, as in the local engine."""
    if opts.rejects is not None:
        return
    for found in client.gather(firsts):
        if found is not None:
            raise InputError(f"{found[1]} (use --rejects FILE to set bad records aside and go on)")


def _check_options(opts: RunOptions, shards: Sequence[Shard]) -> None:
    if opts.index_path:
        raise UsageError("--index is for the local engine (the Dask engine keeps its evidence partitioned)")
    for s in shards:
        if s.url.startswith("memory://"):
            raise UsageError(f"{s.url}: memory:// is one process's memory; Dask workers cannot read it")


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


class _client:
    """The client a run uses: the caller's, one to `opts.scheduler`, or a local cluster of `opts.workers`
    processes (started and stopped with the run)."""

    def __init__(self, opts: RunOptions, client: Any) -> None:
        self.opts, self.given = opts, client
        self.made: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        if self.given is not None:
            return self.given
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ImportError("the Dask engine needs dask.distributed: pip install 'dedup[dask]'") from None
        if self.opts.scheduler:
            try:
                self.made = Client(self.opts.scheduler, timeout="20s")
            except OSError as e:
                raise UsageError(f"--scheduler {self.opts.scheduler}: cannot reach it ({e})") from None
            return self.made
        n = self.opts.workers or os.cpu_count() or 1
        if n < 1:
            raise UsageError(f"--workers must be at least 1, not {n}")
        self.cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        self.made = Client(self.cluster)
        return self.made

    def __exit__(self, *exc: object) -> None:
        if self.made is not None:
            self.made.close()
        if self.cluster is not None:
            self.cluster.close()


def clean_dataset(inputs: Sequence[str], output: str, *, client: Any = None, **options: Any) -> Summary:
    """The Dask engine from Python: clean the dataset `inputs` into the folder (or file) `output` on the
    cluster of `client` (or on a local cluster: `workers=N`); `options` are `RunOptions` fields.

    Example (not run here: it starts a cluster):
        >>> from dask.distributed import Client  # doctest: +SKIP
        >>> clean_dataset(["s3://bucket/crawl/"], "clean/", client=Client("tcp://h:8786"))  # doctest: +SKIP
    """
    from .local import new_summary
    from .sources import expand

    opts = RunOptions(input=inputs[0], inputs=tuple(inputs), output=output, engine="dask", **options)
    summary = new_summary(opts)
    return run_dask(opts, expand(opts.all_inputs), summary, client)
