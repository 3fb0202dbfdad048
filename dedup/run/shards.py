"""Datasets out: one output shard per input shard (or per `shard_size` records of it) in the input's folder
layout, JSONL or Parquet; the duplicates, rejects and report files sharded alike; and the run folder that
makes a run resumable.

A shard's files are written under temporary names in the run folder (`<output>/.dedup-run/staging`), moved
into place once all are written, and only then is the shard's completion marker written
(`.dedup-run/done/<name>.json`, holding its counts): a rerun of the same run skips every shard whose marker
and files are there, and an interrupted shard leaves no file under its final name. Both engines write a
shard through `ShardSink`, line by line, so their files are byte-identical.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError, UsageError
from ..version import __version__
from .io import DIR_MODE, FILE_MODE, temp_name
from .options import RunOptions, Summary
from .outputs import remove_leftovers
from .sources import PARQUET_SUFFIXES, SHARD_SUFFIXES, Shard, is_collection

RUN_FOLDER = ".dedup-run"
#: the kinds of file a shard has; rejects and reports are dedup's own rows: always JSONL
KINDS = ("clean", "duplicates", "rejects", "report")
#: rows per Parquet row group (fixed, so that both engines write the same bytes)
PARQUET_ROW_GROUP = 4096
#: the counts of a Summary a shard adds up
_COUNTS = ("records_in", "clean", "duplicates", "rejects", "changed", "bytes_in", "bytes_out")


# ---------------------------------------------------------------------- layout
@dataclass(frozen=True)
class Layout:
    """Where a dataset run writes: a folder of shards (`sharded`) or one file per kind."""

    sharded: bool
    output: str | None  # the -o folder, or file (None: standard output)
    fmt: str | None  # "jsonl" / "parquet" for every clean shard, or None: each as its input shard
    duplicates: str | None
    rejects: str | None
    report: str | None
    shard_size: int | None

    def names(self, shard: Shard, piece: int) -> dict[str, str]:
        """The file of each kind of output shard `piece` of input `shard` (kinds not written: absent)."""
        if not self.sharded:
            one = {"clean": self.output or "-", "duplicates": self.duplicates}
            one.update(rejects=self.rejects, report=self.report)
            return {k: v for k, v in one.items() if v}
        clean = self._piece(_with_format(shard.rel, self.fmt or _format_of(shard.rel)), piece)
        plain = self._piece(_with_format(shard.rel, "jsonl", plain=True), piece)
        out = {"clean": _join(self.output or "", clean)}
        if self.duplicates:
            out["duplicates"] = _join(self.duplicates, clean)
        if self.rejects:
            out["rejects"] = _join(self.rejects, plain)
        if self.report:
            out["report"] = _join(self.report, plain)
        return out

    def _piece(self, rel: str, piece: int) -> str:
        if self.shard_size is None:
            return rel
        stem, suffix = _split_suffix(rel)
        return f"{stem}-{piece:05d}{suffix}"

    def marker(self, shard: Shard, piece: int) -> Path:
        """The completion marker of an output shard."""
        name = self._piece(shard.rel, piece) if self.sharded else "output"
        return Path(self.run_folder) / "done" / (name + ".json")

    @property
    def run_folder(self) -> str:
        return str(Path(self.output or ".") / RUN_FOLDER)


def _join(folder: str, rel: str) -> str:
    return str(Path(folder) / rel)


def _split_suffix(rel: str) -> tuple[str, str]:
    low = rel.lower()
    for suf in sorted(SHARD_SUFFIXES, key=len, reverse=True):
        if low.endswith(suf):
            return rel[: -len(suf)], rel[-len(suf) :]
    return rel, ""


def _format_of(name: str) -> str:
    return "parquet" if name.lower().endswith(PARQUET_SUFFIXES) else "jsonl"


def _with_format(rel: str, fmt: str, *, plain: bool = False) -> str:
    """`rel` named for `fmt`: a JSONL shard keeps its compression unless `plain`; a Parquet one becomes .jsonl
    (and the reverse, .parquet)."""
    stem, suffix = _split_suffix(rel)
    if fmt == "parquet":
        return stem + ".parquet"
    if plain or suffix.lower() in PARQUET_SUFFIXES or not suffix:
        return stem + ".jsonl"
    return stem + suffix


def layout_of(opts: RunOptions, shards: Sequence[Shard]) -> Layout:
    """The layout of a run, checked: a sharded run (several shards, a folder or a glob, or a shard size)
    writes folders; one shard writes files."""
    fmt = opts.output_format
    sharded = bool(opts.shard_size) or len(shards) != 1 or any(is_collection(i) for i in opts.all_inputs)
    if sharded:
        if not opts.output or opts.output == "-":
            raise UsageError("a dataset of several shards needs an output folder (-o DIR)")
        for flag, name in (
            ("-o", opts.output),
            ("--duplicates", opts.duplicates),
            ("--rejects", opts.rejects),
            ("--report", opts.report),
        ):
            if name and (name.lower().endswith(SHARD_SUFFIXES) or Path(name).is_file()):
                raise UsageError(
                    f"{flag} {name}: a sharded run writes a folder of shards there; name a folder"
                )
        dup = opts.duplicates or opts.output.rstrip("/") + ".duplicates"
        return Layout(True, opts.output, fmt, dup, opts.rejects, opts.report, opts.shard_size)
    out = opts.output
    if fmt is None and out and out != "-":
        fmt = _format_of(out)
    if fmt == "parquet" and (not out or out == "-"):
        raise UsageError("Parquet output needs a file (-o FILE.parquet), not standard output")
    from .local import default_sidecar

    dup = opts.duplicates or default_sidecar(out, "duplicates")
    if fmt == "parquet" and not opts.duplicates:  # (out.parquet -> out.duplicates.parquet)
        stem = out[: -len(".parquet")] if out and out.lower().endswith(".parquet") else (out or "dedup")
        dup = stem + ".duplicates.parquet"
    return Layout(False, out, fmt or "jsonl", dup, opts.rejects, opts.report, None)


# ---------------------------------------------------------------------- the run folder
def identity(opts: RunOptions, shards: Sequence[Shard], layout: Layout) -> dict[str, Any]:
    """What makes two runs the same run (their outputs equal): inputs, settings, layout, version. The engine
    and its parallelism are not part of it: every engine writes the same files."""
    o = opts
    return {
        "dedup": __version__,
        "inputs": [[s.url, s.rel, s.size] for s in shards],
        "config": o.config.to_dict(),
        "fields": [o.text_field, o.title_field, o.url_field, o.id_field, o.site_field],
        "html": o.html,
        "corpus": o.corpus,
        "layout": [layout.fmt, layout.duplicates, layout.rejects, layout.report, layout.shard_size],
    }


class RunFolder:
    """`<output>/.dedup-run`: the run's identity, the markers of its finished shards, its staging area, and
    (local engine) what pass 1 left for a resumed pass 2."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.path = Path(layout.run_folder)
        self.staging = self.path / "staging"

    def open(self, ident: dict[str, Any]) -> None:
        """Start or resume the run; refuse a folder that holds another run's shards."""
        run_file = self.path / "run.json"
        try:
            if run_file.exists():
                old = json.loads(run_file.read_text(encoding="utf-8"))
                if old != ident:
                    what = next(k for k in ident if old.get(k) != ident[k])
                    raise OutputError(
                        f"{self.layout.output}: holds the shards of another run (its {what} differ); choose "
                        f"another folder, or remove it to start again"
                    )
            elif (
                self.layout.output
                and Path(self.layout.output).exists()
                and any(Path(self.layout.output).iterdir())
            ):
                raise OutputError(
                    f"{self.layout.output}: is not empty and holds no dedup run; choose a new or empty folder"
                )
            shutil.rmtree(self.staging, ignore_errors=True)  # (what an interrupted run left half written)
            self.staging.mkdir(parents=True, exist_ok=True)
            (self.path / "done").mkdir(exist_ok=True)
            if not run_file.exists():
                write_json(run_file, ident)
        except OSError as e:
            raise OutputError(f"{self.layout.output}: cannot write there ({e.strerror or e})") from None

    def done(self, shard: Shard, piece: int) -> dict[str, Any] | None:
        """The marker of a finished output shard whose files are all in place, else None."""
        marker = self.layout.marker(shard, piece)
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = data.get("files", {})
        if all(Path(p).is_file() and Path(p).stat().st_size == n for p, n in files.values()):
            return data
        return None

    def markers(self, shard: Shard) -> list[dict[str, Any]]:
        """The markers of the finished output shards of an input shard, in order."""
        out: list[dict[str, Any]] = []
        while (data := self.done(shard, len(out))) is not None:
            out.append(data)
            if data.get("last"):
                break
        return out

    def finished(self, shards: Sequence[Shard]) -> list[bool]:
        """For each input shard: are all its output shards finished."""
        return [bool(m) and bool(m[-1].get("last")) for m in map(self.markers, shards)]

    def stats(self) -> dict[str, Any] | None:
        """The index's sizes pass 1 saved (a rerun that found every shard done computes none)."""
        try:
            return json.loads((self.path / "stats.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def write_json(path: Path, data: Any) -> None:
    """A small JSON file, written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------------- counts
def tally(summary: Summary, res: Any) -> tuple[str, bytes] | None:
    """Count one result of the cleaning pass (a `local.Cleaned` or a Reject) in `summary`; return the kind of
    file its line goes to and the line (None: nothing to write)."""
    kind = summary.count(res)
    if kind == "rejects":
        from .local import _json_bytes

        return kind, _json_bytes(
            {"source": res.source, "line": res.line, "reason": res.reason, "record": res.raw}
        )
    return kind, res.duplicate if kind == "duplicates" else res.line


def counts(summary: Summary) -> dict[str, Any]:
    """The additive counts of `summary` (a shard's, kept in its marker)."""
    d: dict[str, Any] = {k: getattr(summary, k) for k in _COUNTS}
    d["flags"], d["removed_chars"] = dict(summary.flags), dict(summary.removed_chars)
    d["sites"] = {site: dict(row) for site, row in summary.sites.items()}
    return d


def add_counts(summary: Summary, d: dict[str, Any]) -> None:
    """Add a shard's `counts` to `summary`."""
    for k in _COUNTS:
        setattr(summary, k, getattr(summary, k) + d[k])
    summary.flags.update(Counter(d["flags"]))
    summary.removed_chars.update(Counter(d["removed_chars"]))
    for site, row in d.get("sites", {}).items():  # (a marker of an earlier version has none)
        summary.sites.setdefault(site, Counter()).update(row)


def finish(summary: Summary, layout: Layout, markers: Sequence[dict[str, Any]]) -> Summary:
    """`summary` with the counts of every output shard's marker and the side outputs written."""
    for m in markers:
        add_counts(summary, m["counts"])
    if summary.duplicates:
        summary.outputs["duplicates"] = str(layout.duplicates)
    if layout.rejects:
        summary.outputs["rejects"] = layout.rejects
    return summary


# ---------------------------------------------------------------------- writing one output shard
@dataclass
class ShardSink:
    """The files of one output shard, written under temporary names, moved into place by `commit`."""

    layout: Layout
    shard: Shard
    piece: int
    staging: Path | None
    summary: Summary = field(default_factory=Summary)
    _writers: dict[str, _LineFile] = field(default_factory=dict)

    def add(self, res: Any, report: bytes | None) -> None:
        """Write one result of the cleaning pass (and its report line)."""
        routed = tally(self.summary, res)
        if routed is not None and routed[1] is not None:
            self._write(*routed)
        if report is not None:
            self._write("report", report)

    def _write(self, kind: str, line: bytes) -> None:
        w = self._writers.get(kind)
        if w is None:
            name = self.layout.names(self.shard, self.piece).get(kind)
            if name is None:
                return
            w = self._writers[kind] = _LineFile(name, self._format(kind, name), self.staging)
        w.write(line)

    def _format(self, kind: str, name: str) -> str:
        if kind in ("rejects", "report"):
            return "jsonl"
        return _format_of(name) if self.layout.sharded else (self.layout.fmt or "jsonl")

    def commit(self, run: RunFolder | None, *, last: bool) -> dict[str, Any]:
        """Close the files, move them into place (the clean file even when empty), then write the marker
        (`last`: no output shard of this input shard follows)."""
        if "clean" not in self._writers:
            self._write_empty()
        files = {}
        for kind, w in self._writers.items():
            files[kind] = w.close()
        for w in self._writers.values():
            w.place()
        data = {"files": files, "counts": counts(self.summary), "last": last}
        if run is not None:
            write_json(self.layout.marker(self.shard, self.piece), data)
        return data

    def _write_empty(self) -> None:
        name = self.layout.names(self.shard, self.piece)["clean"]
        self._writers["clean"] = _LineFile(name, self._format("clean", name), self.staging)

    def abort(self) -> None:
        for w in self._writers.values():
            w.discard()


class _LineFile:
    """One output file fed line by line: JSONL (plain, .gz with a fixed header, .zst) straight to its
    temporary file, Parquet through a JSONL spool turned into a table when it is closed."""

    def __init__(self, target: str, fmt: str, staging: Path | None) -> None:
        self.target, self.fmt = target, fmt
        self.stdout = target == "-"
        if self.stdout:
            import sys

            self._f: IO[bytes] = sys.stdout.buffer
            return
        folder = staging if staging is not None else Path(target).resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if staging is None:  # (a staging folder is emptied when its run starts)
                remove_leftovers(folder)
            self.tmp = str(temp_name(folder / Path(target).name))  # (a killed run's: found by its name)
            fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as e:
            raise OutputError(f"{target}: cannot write there ({e.strerror or e})") from None
        raw = os.fdopen(fd, "wb")
        self._raw = raw
        low = target.lower()
        if fmt == "jsonl" and low.endswith(".gz"):
            self._f = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)  # type: ignore[assignment]
        elif fmt == "jsonl" and low.endswith(".zst"):
            import zstandard

            self._f = zstandard.ZstdCompressor().stream_writer(raw, closefd=False)
        else:
            self._f = raw

    def write(self, line: bytes) -> None:
        self._f.write(line)

    def close(self) -> list[Any]:
        """Finish the file; return [final name, size]."""
        if self.stdout:
            self._f.flush()
            return [self.target, 0]
        if self._f is not self._raw:
            self._f.close()
        self._raw.close()
        if self.fmt == "parquet":
            _jsonl_to_parquet(self.tmp)
        os.chmod(self.tmp, FILE_MODE)
        return [self.target, os.path.getsize(self.tmp)]

    def place(self) -> None:
        if self.stdout:
            return
        target = Path(self.target)
        try:
            _make_folders(target.parent)
            shutil.move(self.tmp, target)
        except OSError as e:
            raise OutputError(f"{self.target}: cannot write there ({e.strerror or e})") from None

    def discard(self) -> None:
        if not self.stdout:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass


def _make_folders(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(DIR_MODE)


def _jsonl_to_parquet(path: str) -> None:
    """Replace a JSONL spool by the Parquet file of its rows (the schema inferred from all of them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(path, "rb") as f:
        rows = [json.loads(line) for line in f]
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    pq.write_table(table, path, row_group_size=PARQUET_ROW_GROUP)


class ShardWriter:
    """Results of the cleaning pass in order, shard after shard, into `ShardSink`s: a new one at each input
    shard, and every `shard_size` items of one; `markers` holds what each committed shard's marker says."""

    def __init__(
        self, layout: Layout, shards: Sequence[Shard], run: RunFolder | None, staging: Path | None
    ) -> None:
        self.layout, self.shards, self.run, self.staging = layout, shards, run, staging
        self.sink: ShardSink | None = None
        self.current, self.seen = -1, 0
        self.made: set[int] = set()
        self.markers: list[dict[str, Any]] = []

    def add(self, i: int, res: Any) -> None:
        size = self.layout.shard_size
        if i != self.current or (size and self.seen == size):
            same = i == self.current and self.sink is not None
            self._open(i, self.sink.piece + 1 if same and self.sink is not None else 0, last=not same)
        assert self.sink is not None
        self.seen += 1
        self.sink.add(res, getattr(res, "report", None))

    def ensure(self, i: int) -> None:
        if i not in self.made:
            self._open(i, 0, last=True)

    def _open(self, i: int, piece: int, *, last: bool) -> None:
        self.close(last=last)
        self.sink, self.current, self.seen = ShardSink(self.layout, self.shards[i], piece, self.staging), i, 0
        self.made.add(i)

    def close(self, *, last: bool = True) -> None:
        """Commit the open output shard; `last`: the last of its input shard (a full piece is committed once
        the next item shows whether another follows)."""
        if self.sink is None:
            return
        self.markers.append(self.sink.commit(self.run, last=last))
        self.sink = None

    def abort(self) -> None:
        if self.sink is not None:
            self.sink.abort()
            self.sink = None
