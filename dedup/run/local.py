"""The corpus run: a fingerprinting pass that builds the index, then a cleaning pass; workers, progress
and accounting. Every input record ends up in exactly one place: the clean output, the duplicates file,
or the rejects file."""

from __future__ import annotations

import base64
import io
import json
import os
import pickle
import shutil
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..config import Config
from ..corpus.access import OpenIndex, open_index
from ..corpus.base import CorpusIndex
from ..corpus.index import Index
from ..corpus.indexfile import applied_settings
from ..corpus.keyed.ids import unique_id
from ..corpus.prints import DocPrint
from ..corpus.shared_url import is_shared
from ..corpus.sites import site_of_url
from ..errors import InputError, OutputError, RecordTooLarge
from ..pipeline import Doc, analyze, analyze_page, check_size, fingerprint_many, prepare, signer
from ..text.segment import restore
from .io import (
    RawLine,
    Record,
    Reject,
    Spill,
    dump_json_line,
    iter_folder,
    iter_jsonl,
    iter_jsonl_lines,
    kind_of,
    open_bytes,
    parse_jsonl_line,
)
from .options import RunOptions, Summary
from .outputs import FolderOutput, Staging, check_target
from .progress import LOG, Meter, bar, input_bytes
from .workers import map_chunks

#: records per worker task (and at most about this many characters of text): signatures are computed per
#: chunk, and fewer, larger tasks cost less to hand between processes
CHUNK_DOCS = 256
CHUNK_CHARS = 1 << 21


# ---------------------------------------------------------------------- worker side
@dataclass
class RunState:
    """What every chunk of a run needs, the same for all: handed to each worker process once."""

    config: Config
    index: CorpusIndex | None
    opts: RunOptions
    folder: bool


def _record(state: RunState, item: Record | Reject | RawLine) -> Record | Reject:
    """A JSONL line parsed here, in the worker (the main process only reads lines); other items as they
    are."""
    if isinstance(item, RawLine):
        o = state.opts
        item = parse_jsonl_line(
            item,
            text_field=o.text_field,
            title_field=o.title_field,
            url_field=o.url_field,
            id_field=o.id_field,
            site_field=o.site_field,
        )
    if isinstance(item, Record):
        try:
            check_size(item.text, state.config)
        except RecordTooLarge as e:  # (set aside, with --rejects, like any bad record)
            raw = json.dumps(item.obj, ensure_ascii=False) if item.obj is not None else ""  # (a file stays)
            return Reject(item.source, item.line, f"a page of {e}: not cleaned", raw)
    return item


def _html_text(state: RunState, rec: Record) -> Record:
    if state.opts.html:
        from ..html import html_to_text

        text, title = html_to_text(rec.text, rec.url)
        rec.text, rec.title = text, rec.title or title
    return rec


def _fingerprint_chunk(
    state: RunState, items: list[Record | Reject | RawLine]
) -> list[tuple[DocPrint, bytes] | Reject]:
    """Fingerprint a chunk of records (their signatures together); rejects pass through in place.

    Each record also gets its single-page flags and its page layout, pickled with a checksum of the text they
    belong to: the cleaning pass reuses them for that text. The prints carry the ids as read: the main
    process makes them unique.
    """
    parsed = [_record(state, it) for it in items]
    recs = [_html_text(state, it) for it in parsed if isinstance(it, Record)]
    prints, flags, layouts = fingerprint_records(state, recs)
    done = iter(zip(prints, map(pickle.dumps, zip(flags, layouts, map(_checksum, recs)))))
    return [it if isinstance(it, Reject) else next(done) for it in parsed]


def fingerprint_records(state: RunState, recs: list[Record]) -> tuple[list[DocPrint], list, list]:
    """The prints of `recs`, their single-page flags and their page layouts (every engine's pass 1)."""
    flags: list = []
    layouts: list = []
    prints = fingerprint_many(
        [Doc(r.text, r.doc_id, r.title, r.url, r.site) for r in recs],
        state.config,
        single_page_flags=flags,
        layouts=layouts,
    )
    return prints, flags, layouts


def _checksum(rec: Record) -> int:
    return zlib.crc32(rec.text.encode("utf-8", "surrogatepass"))


_NO_RECORD = 0xFFFFFFFF  # the spool entry of an item that was no record in pass 1 (a reject)


def _spool(spool: IO[bytes], found: tuple[bytes, str] | None) -> None:
    """One entry per input item, in order: a record's pickled pass-1 results and the id the index knows it
    by, or the mark of a reject."""
    if found is None:
        spool.write(struct.pack("<I", _NO_RECORD))
        return
    blob, doc_id = found
    key = doc_id.encode("utf-8", "surrogatepass")
    spool.write(struct.pack("<II", len(blob), len(key)))
    spool.write(blob)
    spool.write(key)


def _with_flags(
    items: Iterator[Record | Reject | RawLine], spool: IO[bytes]
) -> Iterator[tuple[Record | Reject | RawLine, bytes, str] | Record | Reject | RawLine]:
    """Pair every item that was a record in pass 1 with what pass 1 spooled for it: its results and the id
    the index knows it by (same order); the others (rejects) go alone, to be rejected again."""
    for it in items:
        (size,) = struct.unpack("<I", spool.read(4))
        if size == _NO_RECORD:
            yield it
        else:
            (n,) = struct.unpack("<I", spool.read(4))
            blob = spool.read(size)
            yield it, blob, spool.read(n).decode("utf-8", "surrogatepass")


@dataclass
class Cleaned:
    """What the cleaning pass made of one record, ready to write (serialised and UTF-8 encoded in the worker:
    bytes cross between processes and are written as they are)."""

    bytes_in: int
    duplicate: bytes | None = None  # the duplicates-file line, for a copy
    bytes_out: int = 0
    changed: bool = False
    site: str = ""  # the record's site (the summary counts per site)
    removed: list[tuple[str, int]] = field(default_factory=list)  # (label, characters) per flag
    report: bytes | None = None  # the report-file line, when a report is written
    line: bytes | None = None  # the output line (JSONL input)
    path: str | None = None  # the output file and its text (folder input)
    text: str | None = None


def _clean_chunk(
    state: RunState,
    items: list[Record | Reject | RawLine | tuple[Record | RawLine, bytes, str]],
) -> list[Cleaned | Reject]:
    out: list[Cleaned | Reject] = []
    for it in items:
        flags = None
        if isinstance(it, tuple):  # (item, what pass 1 spooled for it, its id in the index)
            it, flags, doc_id = it
            it = _record(state, it)
            if isinstance(it, Record):
                it.doc_id = doc_id
        else:
            it = _record(state, it)
        out.append(it if isinstance(it, Reject) else _clean(state, it, flags))
    return out


def _json_bytes(obj: dict) -> bytes:
    """`obj` as a UTF-8 JSONL line; a string holding a lone surrogate (a JSON input may escape one: "\\ud83d")
    cannot be UTF-8, so such a line is written with every non-ASCII character escaped (the same values)."""
    line = dump_json_line(obj)
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")


def _clean(state: RunState, item: Record, flags: bytes | None) -> Cleaned:
    opts, index = state.opts, state.index
    rec = _html_text(state, item)
    out = Cleaned(len(rec.text.encode("utf-8", "surrogatepass")))
    out.site = rec.site if rec.site is not None else site_of_url(rec.url)
    dup = index.duplicate_of(rec.doc_id) if index is not None else None
    if dup is not None:  # a copy goes to the duplicates file whole: nothing to clean
        obj: dict[str, Any] = dict(rec.obj) if rec.obj is not None else {"path": rec.doc_id, "text": rec.text}
        obj.update(duplicate_of=dup[0], similarity=dup[1])
        out.duplicate = _json_bytes(obj)
        return out
    found, lines, checksum = pickle.loads(flags) if flags is not None else (None, None, None)
    # (a text that differs from pass 1's is analysed afresh)
    if found is None or lines is None or checksum != _checksum(rec):
        report = analyze(
            rec.text,
            title=rec.title,
            index=index,
            url=rec.url,
            site=rec.site,
            doc_id=rec.doc_id,
            config=state.config,
        )
    else:  # the same, with the single-page flags and the page layout found by the fingerprint pass
        report = analyze_page(
            restore(rec.text, rec.title, lines),
            index=index,
            url=rec.url,
            site=rec.site,
            doc_id=rec.doc_id,
            config=state.config,
            single_page_flags=found,
        )
    out.bytes_out = len(report.clean.encode("utf-8", "surrogatepass"))
    out.changed = report.clean != rec.text
    out.removed = [(f.label, f.end - f.start) for f in report.flags]
    if opts.report:
        d = report.to_dict()
        d["source"], d["line"] = rec.source, rec.line
        out.report = _json_bytes(d)
    if state.folder:  # (the file's own relative path: its id may have been made unique against an index)
        out.path, out.text = str(Path(rec.source).relative_to(opts.input)), report.clean
    else:
        obj = dict(rec.obj or {})
        obj[opts.text_field] = report.clean
        out.line = _json_bytes(obj)
    return out


# ---------------------------------------------------------------------- main side
@dataclass
class _Input:
    """The run's input, read once per pass: a path, or standard input copied to an unnamed temporary file
    (nothing is left in TMPDIR however the run ends)."""

    path: str
    name: str  # what its records are called in messages, rejects and default ids ("<stdin>")
    spool: IO[bytes] | None = None

    def stream(self) -> IO[bytes] | None:
        """A reader from the start of the spooled standard input (None for a path)."""
        if self.spool is None:
            return None
        f = os.fdopen(os.dup(self.spool.fileno()), "rb")
        f.seek(0)
        return f


def _records(
    opts: RunOptions, src: _Input, skipped: list[dict[str, str]] | None = None
) -> Iterator[Record | Reject]:
    if kind_of(src.path) == "dir":
        return iter_folder(src.path, skipped)
    return iter_jsonl(
        src.path,
        text_field=opts.text_field,
        title_field=opts.title_field,
        url_field=opts.url_field,
        id_field=opts.id_field,
        site_field=opts.site_field,
        stream=src.stream(),
        source=src.name,
    )


def _items(
    src: _Input,
    skipped: list[dict[str, str]] | None = None,
    spill: Spill | None = None,
    meter: Meter | None = None,
) -> Iterator[Record | Reject | RawLine]:
    """The input items of a corpus run: a folder's files read, a JSONL file's lines unparsed (the workers
    parse them: less work for the main process, which every worker waits on); `meter` counts the bytes
    read."""
    if kind_of(src.path) == "dir":
        files = iter_folder(src.path, skipped)
        return files if meter is None else _metered(files, meter)
    stream = src.stream()
    if meter is not None and stream is None:
        stream = open_bytes(src.path, meter.wrap)
    elif meter is not None:
        stream = io.BufferedReader(meter.wrap(stream))  # type: ignore[arg-type,type-var]
    return iter_jsonl_lines(src.path, stream, src.name, spill=spill)


def _metered(items: Iterator[Record | Reject], meter: Meter) -> Iterator[Record | Reject]:
    """A folder's files, their bytes counted as they are read."""
    for it in items:
        if isinstance(it, Record):
            meter.read += len(it.text.encode("utf-8", "surrogatepass"))
        yield it


def _unique_ids(items: Iterator[Record | Reject], taken: set[str]) -> Iterator[Record | Reject]:
    """Make document ids unique within the run (a second copy gets '#2'; an id a loaded index holds is an
    update of that document)."""
    for it in items:
        if isinstance(it, Record):
            it.doc_id = unique_id(it.doc_id, taken)
        yield it


def _check(it: Reject, opts: RunOptions) -> None:
    """Without a rejects file, the first bad record stops the run with an error naming it."""
    if opts.rejects is None:
        where = f"{it.source}: line {it.line}" if it.line else it.source
        raise InputError(f"{where}: {it.reason} (use --rejects FILE to set bad records aside and go on)")


def _strict(items: Iterator[Record | Reject], opts: RunOptions) -> Iterator[Record | Reject]:
    """`_check` every reject of `items`."""
    for it in items:
        if isinstance(it, Reject):
            _check(it, opts)
        yield it


def _chunks(items: Iterator, max_docs: int = CHUNK_DOCS, max_chars: int = CHUNK_CHARS) -> Iterator[list]:
    """Consecutive runs of `items` of at most `max_docs` items or about `max_chars` characters of text."""
    chunk: list = []
    size = 0
    for it in items:
        chunk.append(it)
        rec = it[0] if isinstance(it, tuple) else it
        size += len(rec.text) if isinstance(rec, Record) else len(rec.data) if isinstance(rec, RawLine) else 0
        if len(chunk) >= max_docs or size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _map(fn: Any, items: Iterator, state: RunState) -> Iterator:
    """`fn` over chunks of `items` with the run's worker processes, results in input order."""
    # (compiled cues and code point tables, built once and shared by the forked workers)
    return map_chunks(fn, _chunks(items), state, state.opts.jobs, lambda: prepare(state.config))


def run(opts: RunOptions) -> Summary:
    """Clean a corpus end to end and return the summary (also written to `opts.summary`). Every output is
    checked before any work, written under a temporary name and moved into place once the run has succeeded,
    the index last (an index file is locked for the whole run: one writer at a time)."""
    summary = new_summary(opts)
    started = time.monotonic()
    with Staging() as stage:
        dup_path = _plan(opts, kind_of(opts.input) == "dir", stage)
        opened = _open_index(opts)
        try:
            if opts.input != "-":
                _run(opts, _Input(opts.input, opts.input), summary, stage, opened)
            else:
                with tempfile.TemporaryFile(prefix="dedup-stdin-") as spool:
                    shutil.copyfileobj(sys.stdin.buffer, spool)
                    spool.flush()  # (the passes read it through another descriptor)
                    _run(opts, _Input("-", "<stdin>", spool), summary, stage, opened)
            summary.elapsed = time.monotonic() - started
            _finish(opts, stage, summary, opened, dup_path)
        finally:
            if opened is not None:
                opened.close()
    if not summary.duplicates and os.path.lexists(dup_path):
        os.unlink(dup_path)  # (an earlier run's copies: this run found none)
    return summary


def new_summary(opts: RunOptions) -> Summary:
    """The summary of a run before it counts anything: the settings it runs with."""
    cfg = opts.config
    return Summary(
        settings={
            "site_min_docs": cfg.corpus.site_min_docs,
            "site_min_share": cfg.corpus.site_min_share,
            "corpus_min_docs": cfg.corpus.corpus_min_docs,
            "doc_similarity": cfg.corpus.doc_similarity,
            "block_similarity": cfg.corpus.block_similarity,
            "copy_share": float(cfg.corpus.copy_share),
            "keep": cfg.corpus.keep,
            "jobs": opts.jobs,
            "corpus": opts.corpus,
        }
    )


def default_sidecar(output: str | None, what: str) -> str:
    """Where a side output goes when not named: beside the output, compressed as it is (`out.jsonl` ->
    `out.<what>.jsonl`, `out.jsonl.gz` -> `out.<what>.jsonl.gz`)."""
    if output and output != "-":
        out = output.rstrip("/")
        for suf in (".jsonl.gz", ".jsonl.zst", ".jsonl"):
            if out.endswith(suf):
                return out[: -len(suf)] + f".{what}{suf}"
        return out + f".{what}.jsonl"
    return f"dedup-{what}.jsonl"


def _output_folder(opts: RunOptions) -> FolderOutput:
    """The -o folder of a folder input, checked before any work: not the input folder, inside it or holding
    it, not a file, and holding no file dedup did not write (but with --overwrite)."""
    if not opts.output:
        raise InputError(f"{opts.input}: a folder needs an output folder (-o DIR)")
    out, src = Path(opts.output).resolve(), Path(opts.input).resolve()
    if out == src or src in out.parents or out in src.parents:
        raise OutputError(f"{opts.output}: is, holds or is inside the input folder; choose another folder")
    return FolderOutput(opts.output, overwrite=opts.overwrite)


def _plan(opts: RunOptions, folder: bool, stage: Staging) -> str:
    """Check, before any work, that every output can be written where it was asked for (exit 5 at once, not
    after the run); what killed runs left beside them is removed. Returns the duplicates file's path."""
    dup_path = opts.duplicates or default_sidecar(opts.output, "duplicates")
    if folder:
        stage.folder = _output_folder(opts)
    elif opts.output not in (None, "-"):
        check_target(opts.output)
    index_file = opts.index_path if opts.corpus and not is_shared(opts.index_path or "") else None
    for path in (dup_path, opts.rejects, opts.report, opts.summary, index_file):
        if path is not None:
            check_target(path)
    return dup_path


def _open_index(opts: RunOptions) -> OpenIndex | None:
    """The index of a corpus run (`open_index`: a file is locked for the run and checked, exit 4 if it cannot
    be used); a note on stderr when the run applies other query thresholds than the file was built with."""
    if not opts.corpus:
        return None
    opened = open_index(opts.index_path, opts.config, signer(opts.config))
    if isinstance(opened.index, Index) and opened.path is not None:
        note = applied_settings(opened.index.saved_config, opts.config)
        if note:
            LOG.warning("%s: %s", opts.index_path, note)
    return opened


def fingerprint_into(
    index: CorpusIndex, spool: IO[bytes], items: Iterator[Record | Reject | RawLine], state: RunState
) -> Iterator[None]:
    """Pass 1 over `items` with the run's workers: each record's print into `index` under an id unique in
    the run, its single-page flags and that id into `spool` (a reject: an empty entry, or the run stops
    without a rejects file). Yields once per item, for the caller's counts and progress."""
    taken: set[str] = set()
    for item in _map(_fingerprint_chunk, items, state):
        if isinstance(item, Reject):
            _check(item, state.opts)
            _spool(spool, None)
        else:
            fp, blob = item
            fp.doc_id = unique_id(fp.doc_id, taken)
            index.add(fp)
            _spool(spool, (blob, fp.doc_id))
        yield


def _fingerprint_pass(
    opts: RunOptions, src: _Input, index: CorpusIndex, summary: Summary, flag_spool: IO[bytes]
) -> None:
    """Pass 1: every record's print into the index (an id the index holds is an update of that document),
    its single-page flags and its id into `flag_spool`."""
    loaded, t0 = len(index), time.monotonic()
    # (in bytes of the input read, with the input's size as total: an ETA from the start)
    pass1 = bar("pass 1/2 fingerprint", opts, input_bytes(src.path) if src.spool is None else None, unit="B")
    meter = Meter()
    state = RunState(opts.config, None, opts, kind_of(opts.input) == "dir")
    for _ in fingerprint_into(index, flag_spool, _items(src, summary.skipped, meter=meter), state):
        pass1.update(meter.read - pass1.n)
    flag_spool.seek(0)
    pass1.close()
    index.finalize()
    LOG.debug("pass 1: %d documents fingerprinted in %.1f s", len(index) - loaded, time.monotonic() - t0)


def _run(opts: RunOptions, src: _Input, summary: Summary, stage: Staging, opened: OpenIndex | None) -> None:
    """Both passes, every result written to the staged outputs."""
    cfg = opts.config
    folder = kind_of(opts.input) == "dir"
    dup_path = opts.duplicates or default_sidecar(opts.output, "duplicates")
    index = opened.index if opened is not None else None
    with tempfile.TemporaryFile(prefix="dedup-flags-") as flag_spool:
        spill = Spill()  # (records too large to read, on their way to the rejects file)
        if index is not None:
            loaded = len(index)
            _fingerprint_pass(opts, src, index, summary, flag_spool)
            # with what pass 1 spooled, and the ids pass 1 gave (unique in the run): the index knows the
            # records by them
            items: Iterator[Any] = _with_flags(_items(src, spill=spill), flag_spool)
        else:
            items = _strict(_unique_ids(_records(opts, src, summary.skipped), set()), opts)
        writers = _Writers(stage, opts, folder, dup_path, spill)
        pass2 = bar("pass 2/2 clean", opts, len(index) - loaded if index is not None else None)
        t1 = time.monotonic()
        try:
            for res in _map(_clean_chunk, items, RunState(cfg, index, opts, folder)):
                writers.add(res, summary)
                pass2.update(1)
        finally:
            pass2.close()
            LOG.debug("pass 2: %d records cleaned in %.1f s", summary.records_in, time.monotonic() - t1)
            spill.close()
    stage.close()  # (a full disk shows here, before anything is moved into place)


def _finish(
    opts: RunOptions, stage: Staging, summary: Summary, opened: OpenIndex | None, dup_path: str
) -> None:
    """The summary and the index file, staged with the rest; then every output moved into place, the index
    last (a shared index has nothing to save: every add is stored when made)."""
    index_file = opened.path if opened is not None and isinstance(opened.index, Index) else None
    if index_file is not None:
        summary.outputs["index"] = str(index_file)
    if summary.duplicates:
        summary.outputs["duplicates"] = dup_path
    else:
        stage.drop(dup_path)
    if opts.rejects:
        summary.outputs["rejects"] = opts.rejects
    if opened is not None:
        summary.settings["index"] = opened.index.stats()
    if opts.summary:
        with stage.open(opts.summary, "w") as f:
            json.dump(summary.to_dict(), f, indent=2, ensure_ascii=False)
    if opened is not None and index_file is not None:
        stage.index(opened.index, str(index_file))
    stage.commit()


class _Writers:
    """Where pass 2 writes each result: the output (a file, standard output or the -o folder), the duplicates,
    rejects and report files, all staged; and the counts of the summary."""

    def __init__(self, stage: Staging, opts: RunOptions, folder: bool, dup_path: str, spill: Spill) -> None:
        self.folder = stage.folder if folder else None
        to_stdout = not folder and opts.output in (None, "-")
        self.out: IO[bytes] | None = None
        if not folder:
            self.out = sys.stdout.buffer if to_stdout else stage.open(str(opts.output))
        self.dup = stage.open(dup_path)
        self.rej = stage.open(opts.rejects) if opts.rejects else None
        self.rep = stage.open(opts.report) if opts.report else None
        self.spill = spill

    def add(self, res: Cleaned | Reject, summary: Summary) -> None:
        kind = summary.count(res)
        if isinstance(res, Reject):
            if self.rej is not None:
                _write_reject(self.rej, res, self.spill)
            return
        if kind == "duplicates":
            assert res.duplicate is not None
            self.dup.write(res.duplicate)
            return
        if res.report is not None and self.rep is not None:
            self.rep.write(res.report)
        if self.folder is not None:
            assert res.path is not None and res.text is not None
            self.folder.write(res.path, res.text)
        elif self.out is not None and res.line is not None:
            self.out.write(res.line)


def _write_reject(f: IO[bytes], res: Reject, spill: Spill) -> None:
    """One line of the rejects file: where the record was, why it was set aside, and the record: its text,
    and its exact bytes (base64) when they are no UTF-8; a record too large to hold is copied from its
    spill in pieces."""
    head: dict[str, Any] = {"source": res.source, "line": res.line, "reason": res.reason}
    if res.spilled is None:
        head["record"] = res.raw
        if res.data is not None:
            head["record_base64"] = base64.b64encode(res.data).decode("ascii")
        f.write(_json_bytes(head))
        return
    f.write(_json_bytes(head)[:-2] + b', "record_base64": "')
    with spill.take(res.spilled) as copy:
        while piece := copy.read(3 << 18):  # (a multiple of 3 bytes: the pieces encode end to end)
            f.write(base64.b64encode(piece))
    f.write(b'"}\n')
