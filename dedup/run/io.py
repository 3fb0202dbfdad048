"""Readers and writers: text files, JSONL (plain, .gz, .zst), folders, stdin; atomic output files."""

from __future__ import annotations

import gzip
import io
import json
import os
import secrets
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, OutputError, RecordTooLarge

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")


@dataclass
class Record:
    """One input record: where it came from, its JSON object (or None for plain text), and its text."""

    source: str
    line: int
    obj: dict[str, Any] | None
    text: str
    doc_id: str
    title: str | None = None
    url: str | None = None
    site: str | None = None


@dataclass
class Reject:
    """A record that could not be read, with where it was and why: `raw` its text, and `data` its exact bytes
    when they are no UTF-8 (the text then has U+FFFD in their place); `spilled`, for a record too large to
    hold in memory, the key of its copy in the run's `Spill`."""

    source: str
    line: int
    reason: str
    raw: str
    data: bytes | None = None
    spilled: int | None = None


#: a JSONL record (one line) of more bytes is set aside as a reject without being read into memory (with
#: --rejects it is copied there whole). A record within `Config.limits.max_chars` holds at most 48 MiB (4M
#: characters, each escaped as a surrogate pair: 12 bytes), so no record the limits let through is refused
#: here; reading and parsing a line takes about three times its size.
MAX_RECORD_BYTES = 64 << 20
_COPY_CHUNK = 1 << 20


class Spill:
    """Records too large to hold in memory, copied to unnamed temporary files (in TMPDIR; nothing is left if
    the run is killed) until the rejects file takes them."""

    def __init__(self) -> None:
        self._files: dict[int, IO[bytes]] = {}

    def keep(self, copy: IO[bytes]) -> int:
        """Hold `copy` (rewound); its key."""
        key = len(self._files)
        copy.seek(0)
        self._files[key] = copy
        return key

    def take(self, key: int) -> IO[bytes]:
        """The copy held under `key`, no longer held (the caller closes it)."""
        return self._files.pop(key)

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: files and folders written through a temporary one (made private by `tempfile`) get the usual permissions
#: when they take their place
_UMASK = _read_umask()
FILE_MODE = 0o666 & ~_UMASK
DIR_MODE = 0o777 & ~_UMASK


def make_parent(path: str | Path) -> None:
    """Make the folder an output goes into (and its parents), or say in one line why it cannot be."""
    try:
        Path(path).resolve().parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None


def kind_of(path: str) -> str:
    """'stdin', 'dir', 'jsonl' or 'text', from the path's name."""
    if path == "-":
        return "stdin"
    p = Path(path)
    if p.is_dir():
        return "dir"
    name = p.name.lower()
    return "jsonl" if name.endswith(JSONL_SUFFIXES) else "text"


def decompressed(raw: IO[bytes], name: str) -> IO[bytes]:
    """`raw` read through the decompressor its name asks for (.gz, .zst), or as it is."""
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdReader(raw))
    return raw


def open_bytes(path: str, wrap: Callable[[IO[bytes]], IO[bytes]] | None = None) -> IO[bytes]:
    """Open a file for reading bytes, decompressing .gz and .zst; `wrap`, if given, wraps the file as stored
    (before decompression: a progress meter counts the bytes of the file read so far)."""
    try:
        raw: IO[bytes] = open(path, "rb")
        if wrap is not None:
            raw = wrap(raw)
        out = decompressed(raw, path)
        # (a wrapped plain file is buffered, as open() would have given it)
        return out if out is not raw or wrap is None else io.BufferedReader(raw)  # type: ignore[arg-type,type-var]
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


class _ZstdReader(io.RawIOBase):
    """A .zst file decompressed as it is read; a file that ends inside a frame is an error ("ends early"),
    where zstandard's stream reader would stop quietly and a truncated corpus would look complete."""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw, self._zstd = raw, zstandard
        self._dec = zstandard.ZstdDecompressor().decompressobj()
        self._buf = b""
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._started and not self._dec.eof:
                    raise EOFError("the compressed file ends early (truncated?)")
                return 0
            self._started = True
            if self._dec.eof:  # a next frame
                self._dec = self._zstd.ZstdDecompressor().decompressobj()
            try:
                self._buf = self._dec.decompress(chunk)
            except self._zstd.ZstdError as e:
                raise OSError(f"not valid zstd data ({e})") from None
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def decode(data: bytes, where: str) -> str:
    """Decode UTF-8 (a BOM is dropped) or raise InputError naming the place and the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def read_text(path: str) -> str:
    """Read a whole text file (or stdin for '-') as UTF-8; more than `MAX_RECORD_BYTES` is refused
    (RecordTooLarge) without being read into memory."""
    name = "<stdin>" if path == "-" else path
    with nullcontext(sys.stdin.buffer) if path == "-" else open_bytes(path) as f:
        try:
            data = f.read(MAX_RECORD_BYTES + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{name}: cannot read ({e})") from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordTooLarge(f"{name}: more than {MAX_RECORD_BYTES:,} bytes (MAX_RECORD_BYTES): not read")
    return decode(data, name)


@dataclass
class RawLine:
    """One non-blank line of a JSONL file, not parsed yet (see `parse_jsonl_line`)."""

    source: str
    line: int
    data: bytes


def iter_jsonl(
    path: str,
    *,
    text_field: str,
    title_field: str | None,
    url_field: str | None,
    id_field: str | None,
    site_field: str | None,
    stream: IO[bytes] | None = None,
    source: str | None = None,
) -> Iterator[Record | Reject]:
    """Yield a Record for every good line of a JSONL file and a Reject for every bad one (`source`: the name
    they carry, and messages give, when not `path`)."""
    for raw in iter_jsonl_lines(path, stream, source):
        if isinstance(raw, Reject):
            yield raw
            continue
        yield parse_jsonl_line(
            raw,
            text_field=text_field,
            title_field=title_field,
            url_field=url_field,
            id_field=id_field,
            site_field=site_field,
        )


def iter_jsonl_lines(
    path: str,
    stream: IO[bytes] | None = None,
    source: str | None = None,
    *,
    spill: Spill | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawLine | Reject]:
    """Yield every non-blank line of a JSONL file, unparsed (a corpus run parses them in its workers);
    `source` names them when `path` is not the name to give (standard input spooled to a file: "<stdin>").

    A line of more than `max_bytes` is a Reject, read in pieces and never held whole: copied into `spill`
    when one is given (for the rejects file), else skipped. `max_bytes`: `MAX_RECORD_BYTES` by default."""
    max_bytes = max_bytes or MAX_RECORD_BYTES
    name = source or path
    f = stream if stream is not None else open_bytes(path)
    with f:
        n = 0
        try:
            while raw := f.readline(max_bytes + 1):
                n += 1
                if len(raw) > max_bytes and not (len(raw) == max_bytes + 1 and raw.endswith(b"\n")):
                    yield _oversized(f, raw, name, n, spill, max_bytes)
                elif raw.strip():  # (blank lines are not records)
                    yield RawLine(name, n, raw)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{name}: line {n + 1}: cannot read ({e})") from None


def _oversized(f: IO[bytes], head: bytes, name: str, n: int, spill: Spill | None, max_bytes: int) -> Reject:
    """The Reject of a line longer than `max_bytes` whose first bytes are `head`: the rest of the line is read
    in pieces, copied into `spill` if given."""
    copy = tempfile.TemporaryFile(prefix="dedup-record-") if spill is not None else None
    size, piece = 0, head
    while piece:
        size += len(piece)
        if copy is not None:
            copy.write(piece[:-1] if piece.endswith(b"\n") else piece)
        if piece.endswith(b"\n"):
            size -= 1
            break
        piece = f.readline(_COPY_CHUNK)
    reason = f"a record of {size:,} bytes, more than the limit of {max_bytes:,} (MAX_RECORD_BYTES): not read"
    return Reject(name, n, reason, "", spilled=spill.keep(copy) if spill is not None and copy else None)


def parse_jsonl_line(
    raw: RawLine,
    *,
    text_field: str,
    title_field: str | None,
    url_field: str | None,
    id_field: str | None,
    site_field: str | None,
) -> Record | Reject:
    """The Record of a JSONL line, or the Reject saying why it is not one."""
    return _parse_line(
        raw.source, raw.line, raw.data, text_field, title_field, url_field, id_field, site_field
    )


def _parse_line(
    path: str,
    n: int,
    raw: bytes,
    text_field: str,
    title_field: str | None,
    url_field: str | None,
    id_field: str | None,
    site_field: str | None,
) -> Record | Reject:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Reject(
            path,
            n,
            _utf8_error(raw, e),
            raw.decode("utf-8", "replace").rstrip("\n"),
            data=raw[:-1] if raw.endswith(b"\n") else raw,
        )
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:  # (columns count characters, as an editor does; "... at" ends some)
        msg = e.msg.removesuffix(" at")
        return Reject(path, n, f"not valid JSON ({msg} at column {e.colno})", line.rstrip("\n"))
    except RecursionError:
        return Reject(path, n, "JSON nested too deeply to read", line.rstrip("\n"))
    except ValueError as e:  # valid JSON Python will not read: an integer of more than 4,300 digits
        return Reject(
            path, n, f"a JSON value that cannot be read ({str(e).split(':')[0]})", line.rstrip("\n")
        )
    if not isinstance(obj, dict):
        return Reject(path, n, f"not a JSON object (a {type(obj).__name__})", line.rstrip("\n"))
    if text_field not in obj:
        return Reject(path, n, f"no {text_field!r} field ({_fields_of(obj)})", line.rstrip("\n"))
    text = obj[text_field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return Reject(path, n, f"field {text_field!r} is not a string (a {kind})", line.rstrip("\n"))

    def opt(field: str | None) -> str | None:
        v = obj.get(field) if field else None
        return v if isinstance(v, str) and v.strip() else None

    doc_id = obj.get(id_field) if id_field else None
    doc_id = str(doc_id) if doc_id is not None else f"{Path(path).name}:{n}"
    return Record(path, n, obj, text, doc_id, opt(title_field), opt(url_field), opt(site_field))


def _utf8_error(raw: bytes, e: UnicodeDecodeError) -> str:
    """Where a line stops being UTF-8: the byte, and its column in characters (as an editor counts them)."""
    column = len(raw[: e.start].decode("utf-8-sig", "replace")) + 1
    return f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at column {column})"


def _fields_of(obj: dict[str, Any], most: int = 12) -> str:
    """The keys a record has, for a message saying which field it lacks (use --text-field NAME)."""
    if not obj:
        return "the record is an empty object"
    keys = [repr(k) for k in list(obj)[:most]] + (["..."] if len(obj) > most else [])
    return f"it has {', '.join(keys)}; choose one with --text-field"


def iter_folder(path: str, skipped: list[dict[str, str]] | None = None) -> Iterator[Record | Reject]:
    """Yield every text file under a folder (sorted, recursive) as a Record: regular files inside the folder
    only. Links are not followed out of it: a link to a file outside (or a broken one) is a Reject saying so;
    a FIFO, socket, device or folder with a text file's name is not opened, and is listed in `skipped`."""
    root = Path(path)
    inside = root.resolve()
    for p in _text_files(root):
        try:
            target = p.resolve(strict=True) if p.is_symlink() else p
        except (OSError, RuntimeError):
            yield Reject(str(p), 0, "a broken symbolic link: not read", "")
            continue
        if target is not p and inside not in target.parents:
            yield Reject(str(p), 0, f"a symbolic link to a file outside the folder ({target}): not read", "")
            continue
        member = _read_member(p, target, str(p.relative_to(root)), skipped)
        if member is not None:
            yield member


def _text_files(root: Path) -> list[Path]:
    """The paths under `root` with a text file's name, sorted; folders that are links are not entered."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        found += [Path(folder, f) for f in files + dirs if f.lower().endswith(TEXT_SUFFIXES)]
    return sorted(found)


def _read_member(
    p: Path, target: Path, rel: str, skipped: list[dict[str, str]] | None
) -> Record | Reject | None:
    """A file of a folder input as a Record (a Reject when unreadable, undecodable or too large); a special
    file is opened without waiting (a FIFO would block), listed in `skipped` and not read (None)."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:  # (permissions)
        return Reject(str(p), 0, f"cannot read ({e.strerror or e})", "")
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a special file"
            if skipped is not None:
                skipped.append({"path": str(p), "reason": f"{what}, not a regular file: not read"})
            return None
        size = os.fstat(fd).st_size
        if size > MAX_RECORD_BYTES:
            reason = (
                f"a file of {size:,} bytes, more than the limit of {MAX_RECORD_BYTES:,} (MAX_RECORD_BYTES)"
            )
            return Reject(str(p), 0, reason + ": not read", "")
        try:
            text = decode(f.read(), str(p))
        except InputError as e:
            return Reject(str(p), 0, str(e).split(": ", 1)[1], "")
        except OSError as e:
            return Reject(str(p), 0, f"cannot read ({e.strerror or e})", "")
    return Record(str(p), 0, None, text, rel)


class _Discard:
    """A writer that keeps nothing."""

    def write(self, data) -> int:
        return len(data)


@contextmanager
def optional_writer(path: str | None, mode: str = "w") -> Iterator[IO]:
    """`atomic_writer(path)` when a path is given, else a writer that keeps nothing (a side output the run
    was not asked for: nothing is opened, and no file such as os.devnull is ever replaced)."""
    if path is None:
        yield _Discard()  # type: ignore[misc]
        return
    with atomic_writer(path, mode) as f:
        yield f


#: the mark in every temporary name a run makes beside its outputs (`temp_name`)
TAG = "dedup-part"


def temp_name(target: Path) -> Path:
    """A unique temporary name beside `target`, recognisable as this process's (`.<name>.dedup-part-<pid>-
    <random>`): the next run writing in that folder removes it if this process is gone (`outputs`)."""
    return target.parent / f".{target.name}.{TAG}-{os.getpid()}-{secrets.token_hex(4)}"


def open_writer(tmp: Path, path: str, mode: str = "w") -> IO[Any]:
    """A new file `tmp` open for writing, compressed as the name `path` says (.gz, .zst); text is UTF-8."""
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # (a new file, never another's)
    text = "b" not in mode
    if path.endswith(".gz"):
        return _gzip_writer(str(tmp), Path(path), mode)
    if path.endswith(".zst"):
        import zstandard

        raw = zstandard.ZstdCompressor().stream_writer(open(tmp, "wb"), closefd=True)
        return io.TextIOWrapper(raw, encoding="utf-8") if text else raw  # type: ignore[return-value]
    return open(tmp, "w" if text else "wb", encoding="utf-8" if text else None, newline="" if text else None)


@contextmanager
def atomic_writer(path: str | None, mode: str = "w") -> Iterator[IO]:
    """Write to `path` through a temporary file renamed into place on success; stdout when path is None or
    '-'.

    On any exception the temporary file is removed, so no partial output is left behind.
    """
    if path is None or path == "-":
        if "b" in mode:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    make_parent(target)
    tmp = temp_name(target.resolve().parent / target.name)
    try:
        f = open_writer(tmp, str(path), mode)
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None
    try:
        with f:
            yield f
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _gzip_writer(tmp: str, target: Path, mode: str) -> IO[Any]:
    """A gzip stream into `tmp` whose header names the file it becomes (`gzip -d` restores that name, not
    the temporary one) and carries no time, so the same input gives the same bytes."""
    raw = open(tmp, "wb")
    z = gzip.GzipFile(filename=target.name.removesuffix(".gz"), mode="wb", fileobj=raw, mtime=0)
    z.myfileobj = raw  # type: ignore[attr-defined,assignment]  # (closed with the stream, as gzip.open does)
    return io.TextIOWrapper(z, encoding="utf-8") if "b" not in mode else z  # type: ignore[return-value]


def dump_json_line(obj: Any) -> str:
    """One JSON object as a JSONL line."""
    return json.dumps(obj, ensure_ascii=False) + "\n"
