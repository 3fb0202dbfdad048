"""Readers and writers: text files, JSONL (plain, .gz, .zst), folders, stdin; atomic output files."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, OutputError

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
    """A record that could not be read, with where it was and why."""

    source: str
    line: int
    reason: str
    raw: str


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
    """Read a whole text file (or stdin for '-') as UTF-8."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    with open_bytes(path) as f:
        try:
            data = f.read()
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{path}: cannot read ({e})") from None
    return decode(data, path)


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
        yield parse_jsonl_line(
            raw,
            text_field=text_field,
            title_field=title_field,
            url_field=url_field,
            id_field=id_field,
            site_field=site_field,
        )


def iter_jsonl_lines(
    path: str, stream: IO[bytes] | None = None, source: str | None = None
) -> Iterator[RawLine]:
    """Yield every non-blank line of a JSONL file, unparsed (a corpus run parses them in its workers);
    `source` names them when `path` is not the name to give (standard input spooled to a file: "<stdin>")."""
    name = source or path
    f = stream if stream is not None else open_bytes(path)
    with f:
        n = 0
        try:
            for n, raw in enumerate(f, start=1):
                if not raw.strip():
                    continue  # blank lines are not records
                yield RawLine(name, n, raw)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{name}: line {n + 1}: cannot read ({e})") from None


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
        return Reject(path, n, _utf8_error(raw, e), raw.decode("utf-8", "replace"))
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


def iter_folder(path: str) -> Iterator[Record | Reject]:
    """Yield every text file under a folder (sorted, recursive) as a Record."""
    root = Path(path)
    for p in sorted(q for q in root.rglob("*") if q.is_file() and q.name.lower().endswith(TEXT_SUFFIXES)):
        rel = str(p.relative_to(root))
        try:
            text = decode(p.read_bytes(), str(p))
        except InputError as e:
            yield Reject(str(p), 0, str(e).split(": ", 1)[1], "")
            continue
        except OSError as e:  # (unreadable: permissions, a broken link)
            yield Reject(str(p), 0, f"cannot read ({e.strerror or e})", "")
            continue
        yield Record(str(p), 0, None, text, rel)


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
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent))
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None
    os.close(fd)
    try:
        if str(path).endswith(".gz"):
            f: IO[Any] = _gzip_writer(tmp, target, mode)
        elif str(path).endswith(".zst"):
            import zstandard

            raw = zstandard.ZstdCompressor().stream_writer(open(tmp, "wb"), closefd=True)
            f = io.TextIOWrapper(raw, encoding="utf-8") if "b" not in mode else raw
        else:
            f = open(
                tmp, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else ""
            )
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
