"""Datasets in: several paths, globs, folders of shards and fsspec URLs, made into one ordered list of shards,
each read as the items of a corpus run (JSONL lines, or Parquet rows as JSON lines).

Order is the order of the inputs as given, and inside a folder or a glob the sorted names: the corpus
evidence depends on the order documents are added, so it is fixed here once for every engine.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import glob
import io
import json
import os
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .io import JSONL_SUFFIXES, RawLine, Reject, decompressed, iter_jsonl_lines

PARQUET_SUFFIXES = (".parquet", ".pq")
SHARD_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
_GLOB_CHARS = frozenset("*?[")
#: rows of a Parquet file read at a time
_BATCH_ROWS = 1024


@dataclass(frozen=True)
class Shard:
    """One file of a dataset: where it is (a path or a URL), its name under the dataset's root (the name of
    its output shard), its format, and its size in bytes (part of a run's identity)."""

    url: str
    rel: str
    fmt: str  # "jsonl" or "parquet"
    size: int


def is_url(name: str) -> bool:
    """True for an fsspec URL (`memory://`, `http://`, `s3://`...); `file://` URLs are local paths."""
    return "://" in name and not name.startswith("file://")


def _local(name: str) -> str:
    return name[len("file://") :] if name.startswith("file://") else name


def shard_format(name: str) -> str | None:
    """'jsonl' or 'parquet' from a file's name, or None for a file that is no dataset shard."""
    low = name.lower()
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def _skipped(name: str) -> bool:
    """Hidden files and those Spark and Hadoop tools write beside their shards (`_SUCCESS`, `_metadata`)."""
    return name.startswith((".", "_"))


def _fs(name: str) -> Any:
    """The fsspec filesystem of a URL, or None for a local path."""
    if not is_url(name):
        return None
    try:
        import fsspec
    except ImportError:
        raise ImportError(
            f"{name}: reading URLs needs fsspec: pip install 'scrapeclean[fsspec]' (and the package of the "
            "protocol, e.g. s3fs)"
        ) from None
    try:
        fs, _ = fsspec.core.url_to_fs(name)
    except (ValueError, ImportError) as e:
        raise InputError(f"{name}: cannot open this URL ({e})") from None
    return fs


def _protocol(name: str) -> str:
    return name.split("://", 1)[0] + "://"


def _listing(name: str) -> tuple[bool, list[str]]:
    """(is it a folder, the files under it, sorted, recursively); InputError when it does not exist."""
    fs = _fs(name)
    if fs is None:
        p = Path(_local(name))
        if p.is_dir():
            return True, sorted(str(q) for q in p.rglob("*") if q.is_file() and not _hidden_below(q, p))
        if p.exists():
            return False, [str(p)]
        raise InputError(f"{name}: no such file or folder")
    try:
        if fs.isdir(name):
            root = name.rstrip("/")
            found = sorted(f for f in fs.find(root) if not _hidden_below_url(f, fs._strip_protocol(root)))
            return True, [
                _protocol(name) + f.lstrip("/") if not f.startswith(_protocol(name)) else f for f in found
            ]
        if fs.exists(name):
            return False, [name]
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e})") from None
    raise InputError(f"{name}: no such file or folder")


def _hidden_below(q: Path, root: Path) -> bool:
    return any(_skipped(part) for part in q.relative_to(root).parts)


def _hidden_below_url(f: str, root: str) -> bool:
    rel = posixpath.relpath("/" + f.lstrip("/"), "/" + root.lstrip("/"))
    return any(_skipped(part) for part in rel.split("/"))


def _matches(pattern: str) -> list[str]:
    """A glob's matches, sorted (we expand it: a quoted glob reaches us whole)."""
    fs = _fs(pattern)
    if fs is None:
        found = sorted(glob.glob(_local(pattern), recursive=True))
    else:
        proto = _protocol(pattern)
        found = sorted(f if f.startswith(proto) else proto + f.lstrip("/") for f in fs.glob(pattern))
    if not found:
        raise InputError(f"{pattern}: no file matches")
    return found


def is_collection(name: str) -> bool:
    """True for an input that names many files at once (a glob, a folder): its outputs are a folder."""
    if _GLOB_CHARS & set(name):
        return True
    fs = _fs(name)
    return Path(_local(name)).is_dir() if fs is None else bool(fs.isdir(name))


def is_dataset_folder(path: str) -> bool:
    """True when a local folder holds dataset shards (JSONL or Parquet files), not only text files."""
    p = Path(path)
    return p.is_dir() and any(
        q.is_file() and shard_format(q.name) and not _hidden_below(q, p) for q in p.rglob("*")
    )


def expand(inputs: Sequence[str]) -> list[Shard]:
    """The shards of `inputs` (files, folders of shards, globs, URLs), in order; a name that matches nothing,
    a folder holding a file that is no shard, or two inputs with one output name are InputErrors."""
    loose: list[str] = []  # files named on their own: named relative to their common folder
    shards: list[tuple[str, str | None]] = []
    for name in inputs:
        for found in _matches(name) if _GLOB_CHARS & set(name) else [name]:
            folder, files = _listing(found)
            if not folder:
                if shard_format(files[0]) is None:
                    raise InputError(
                        f"{found}: not a dataset shard (a .jsonl, .jsonl.gz, .jsonl.zst or .parquet file)"
                    )
                loose.append(files[0])
                shards.append((files[0], None))
                continue
            if not files:
                raise InputError(f"{found}: an empty folder (no dataset shard to read)")
            root = found.rstrip("/")
            for f in files:
                if shard_format(f) is None:
                    raise InputError(
                        f"{f}: not a dataset shard (.jsonl, .jsonl.gz, .jsonl.zst, .parquet) in the dataset "
                        f"folder {found}; move it out, or name the shards to read"
                    )
                shards.append((f, _relative(f, root)))
    common = _common_folder(loose)
    out: list[Shard] = []
    seen: dict[str, str] = {}
    for url, rel in shards:
        rel = rel if rel is not None else _relative(url, common)
        if rel in seen:
            raise InputError(f"{url}: its output shard would be {rel!r}, as that of {seen[rel]}; rename one")
        seen[rel] = url
        out.append(Shard(url, rel, shard_format(url) or "jsonl", _size(url)))
    return out


def _relative(url: str, root: str) -> str:
    if is_url(url):
        return (
            posixpath.relpath(url.split("://", 1)[1], root.split("://", 1)[1])
            if root
            else posixpath.basename(url)
        )
    return (
        Path(_local(url)).resolve().relative_to(Path(_local(root)).resolve()).as_posix()
        if root
        else Path(url).name
    )


def _common_folder(files: list[str]) -> str:
    """The folder the loose files share ('' for none: then each is named by its own name)."""
    if len(files) <= 1:
        return files[0].rsplit("/", 1)[0] if files and "/" in files[0] else ("." if files else "")
    if all(is_url(f) for f in files):
        parts = [f.split("/") for f in files]
        n = 0
        while all(len(p) > n + 1 and p[n] == parts[0][n] for p in parts):
            n += 1
        return "/".join(parts[0][:n])
    if any(is_url(f) for f in files):
        return ""
    return os.path.commonpath([str(Path(_local(f)).resolve().parent) for f in files])


def _size(url: str) -> int:
    fs = _fs(url)
    try:
        return int(fs.size(url)) if fs is not None else os.path.getsize(_local(url))
    except (OSError, TypeError) as e:
        raise InputError(f"{url}: cannot read ({e})") from None


# ---------------------------------------------------------------------- reading
def open_shard(url: str) -> IO[bytes]:
    """A shard's bytes, decompressed (.gz, .zst), from a path or any URL fsspec opens."""
    fs = _fs(url)
    try:
        # (through a BufferedReader: some fsspec files read no line of a given size, which reading a record
        # in pieces needs)
        raw = open(_local(url), "rb") if fs is None else io.BufferedReader(fs.open(url, "rb"))
    except FileNotFoundError:
        raise InputError(f"{url}: no such file") from None
    except OSError as e:
        raise InputError(f"{url}: cannot read ({e})") from None
    return decompressed(raw, url.lower())


def shard_items(shard: Shard) -> Iterator[RawLine | Reject]:
    """The items of a shard: its non-blank JSONL lines (a line over MAX_RECORD_BYTES: a Reject, never held),
    or its Parquet rows each as a JSON line. A non-empty shard that yields no item is an InputError naming
    it (a file read as the wrong kind)."""
    n = 0
    items: Iterator[RawLine | Reject] = (
        _parquet_rows(shard) if shard.fmt == "parquet" else iter_jsonl_lines(shard.url, open_shard(shard.url))
    )
    for item in items:
        n += 1
        yield item
    if n == 0 and shard.size > 0 and shard.fmt == "jsonl":
        raise InputError(f"{shard.url}: {shard.size} bytes but no record (not JSONL, or only blank lines)")


def _parquet_rows(shard: Shard) -> Iterator[RawLine]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(
            f"{shard.url}: reading Parquet needs pyarrow: pip install 'scrapeclean[parquet]'"
        ) from None
    n = 0
    with open_shard(shard.url) as f:
        try:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=_BATCH_ROWS):
                for row in batch.to_pylist():
                    n += 1
                    data = json.dumps(row, ensure_ascii=False, default=_json_value) + "\n"
                    yield RawLine(shard.url, n, data.encode("utf-8", "surrogatepass"))
        except (pa.ArrowException, OSError) as e:
            raise InputError(f"{shard.url}: not a readable Parquet file ({e})") from None


def _json_value(v: Any) -> Any:
    """A Parquet value JSON has no type for: dates and times as ISO 8601, decimals as strings, binary as
    base64."""
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return v.total_seconds()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(v).decode("ascii")
    raise TypeError(f"a {type(v).__name__} value")
