"""What an index file must hold to be used (`Index.load` checks it): a damaged or crafted file is a one-line
error (`IndexFileError`, exit 4), never a traceback, a hang, or an index that answers wrongly; an index built
with other settings than the run's is refused, or the run says which of its own it applies."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..errors import IndexFileError
from ..fingerprint.sketch import DOC_ROWS, SKETCH_BYTES

#: the corpus settings an index's contents were made with (which blocks are one, which documents copies,
#: which copy is kept, which lines are blocks): an index built with others cannot serve this run
BUILT_WITH = ("block_similarity", "doc_similarity", "keep", "max_block_words")
#: the corpus settings read when the index answers (thresholds on its counts): a run may apply its own
APPLIED = (
    "site_min_docs",
    "site_min_share",
    "corpus_min_docs",
    "block_min_words",
    "title_link_min_words",
    "title_link_max_words",
)


def check_regular(path: str | Path) -> None:
    """The index path is a regular file (a FIFO would hang the run in open(), a device or a folder make no
    sense), or an IndexFileError."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise IndexFileError(f"{path}: no such index file") from None
    except OSError as e:
        raise IndexFileError(f"{path}: cannot read the index ({e.strerror or e})") from None
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a special file"
        raise IndexFileError(f"{path}: is {what}, not an index file")


def check_header(header: Any, path: str | Path) -> None:
    """The JSON header has every field, of its type: format and version are checked by the caller."""
    if not isinstance(header, dict):
        raise IndexFileError(f"{path}: damaged dedup index (its header is not a JSON object)")
    for name, kind in (("config", dict), ("doc_ids", list), ("sites", list)):
        if not isinstance(header.get(name), kind):
            raise IndexFileError(
                f"{path}: damaged dedup index (header field {name!r} missing or not a {kind})"
            )
    if not isinstance(header.get("signer", ""), str):
        raise IndexFileError(f"{path}: damaged dedup index (header field 'signer' is not a string)")
    for name in ("doc_ids", "sites"):
        values = header[name]
        if not all(isinstance(v, str) for v in values) or len(set(values)) != len(values):
            raise IndexFileError(f"{path}: damaged dedup index (header field {name!r}: not distinct strings)")


def check_built_with(saved: Config, config: Config, path: str | Path) -> None:
    """Refuse an index made with other corpus settings than `config`'s `BUILT_WITH` ones."""
    differ = [n for n in BUILT_WITH if getattr(saved.corpus, n) != getattr(config.corpus, n)]
    if differ:
        built = ", ".join(f"{n}={getattr(saved.corpus, n)!r}" for n in differ)
        asked = ", ".join(f"{n}={getattr(config.corpus, n)!r}" for n in differ)
        raise IndexFileError(
            f"{path}: built with {built}; this run asks {asked}: run with the index's settings or build "
            f"a new index"
        )


def applied_settings(saved: Config, config: Config) -> str | None:
    """What a run applies of its own settings to an index built with others (`APPLIED`), in words; None when
    they are the index's."""
    differ = [n for n in APPLIED if getattr(saved.corpus, n) != getattr(config.corpus, n)]
    if not differ:
        return None
    pairs = ", ".join(
        f"{n}={getattr(config.corpus, n)!r} (built with {getattr(saved.corpus, n)!r})" for n in differ
    )
    return f"this run applies {pairs}"


def _fail(path: str | Path, what: str) -> IndexFileError:
    return IndexFileError(f"{path}: damaged dedup index ({what})")


def _ints(
    data: dict[str, np.ndarray], name: str, shape: tuple[int | None, ...], path: str | Path
) -> np.ndarray:
    """Array `name`, of integers, of `shape` (None: any length)."""
    a = data.get(name)
    if a is None:
        raise _fail(path, f"no array {name!r}")
    if a.dtype.kind not in "iu" or a.ndim != len(shape):
        raise _fail(path, f"array {name!r} is not of integers of {len(shape)} dimension(s)")
    if any(want is not None and got != want for got, want in zip(a.shape, shape)):
        raise _fail(path, f"array {name!r} of shape {a.shape}, not {shape}")
    return a


def _within(a: np.ndarray, low: int, high: int, name: str, path: str | Path) -> None:
    """Every value of `a` in [low, high)."""
    if a.size and (int(a.min()) < low or int(a.max()) >= high):
        raise _fail(path, f"array {name!r} has values outside {low}..{high - 1}")


def _distinct(a: np.ndarray, name: str, path: str | Path) -> None:
    if a.size and np.unique(a).size != a.size:
        raise _fail(path, f"array {name!r} repeats a key")


def _pairs(data: dict[str, np.ndarray], keys: str, vals: str, high: int, path: str | Path) -> None:
    """A key array and its value array: as long as each other, keys distinct, values below `high`."""
    k, v = _ints(data, keys, (None,), path), _ints(data, vals, (None,), path)
    if k.shape != v.shape:
        raise _fail(path, f"arrays {keys!r} and {vals!r} of different lengths")
    _distinct(k, keys, path)
    _within(v, 0, max(high, 1), vals, path)


def _copies(data: dict[str, np.ndarray], name: str, docs: int, path: str | Path) -> None:
    """Rows (copy, original, similarity x 10,000) of distinct copies, none a copy of itself."""
    dup = _ints(data, name, (None, 3), path)
    _within(dup[:, :2], 0, max(docs, 1), name, path)
    _within(dup[:, 2], 0, 10001, name, path)
    _distinct(dup[:, 0], name, path)
    if np.any(dup[:, 0] == dup[:, 1]):
        raise _fail(path, "a document is a copy of itself")


def check_arrays(data: dict[str, np.ndarray], docs: int, sites: int, num_perm: int, path: str | Path) -> None:
    """The arrays agree with each other and the header: shapes, and every position points at a document,
    site or block that exists."""
    blocks = _ints(data, "sketches", (None, SKETCH_BYTES), path).shape[0]
    _check_docs(data, docs, sites, blocks, num_perm, path)
    _check_blocks(data, docs, sites, blocks, path)


def _check_docs(
    data: dict[str, np.ndarray], docs: int, sites: int, blocks: int, num_perm: int, path: str | Path
) -> None:
    """The arrays of one row per document, the copies, titles and each document's clusters."""
    _within(_ints(data, "doc_site", (docs,), path), 0, max(sites, 1), "doc_site", path)
    _within(_ints(data, "doc_len", (docs,), path), 0, 1 << 62, "doc_len", path)
    _within(_ints(data, "sigs", (docs, num_perm), path), 0, 256, "sigs", path)
    _within(
        _ints(data, "doc_band_rows", (docs, num_perm // DOC_ROWS), path), 0, 1 << 32, "doc_band_rows", path
    )
    _ints(data, "doc_title", (docs,), path)
    for name in ("doc_bands", "copy_bands"):
        _within(_ints(data, name, (None,), path) & 0xFFFFFFFF, 0, max(docs, 1), name, path)
    _copies(data, "dup", docs, path)
    _copies(data, "kept", docs, path)
    has_kept = data.get("has_kept")
    if has_kept is None or has_kept.dtype.kind != "b" or has_kept.shape != (1,):
        raise _fail(path, "array 'has_kept' is not one true or false")
    _pairs(data, "title_keys", "title_vals", docs, path)
    start, size = _ints(data, "cl_start", (docs,), path), _ints(data, "cl_len", (docs,), path)
    vals = _ints(data, "cl_vals", (None,), path)
    _within(vals, 0, max(blocks, 1), "cl_vals", path)
    if docs and int((start.astype(np.uint64) + size.astype(np.uint64)).max()) > len(vals):
        raise _fail(path, "a document's clusters run past 'cl_vals'")
    _ints(data, "cl_words", (len(vals),), path)  # (the words a document has in each of its clusters)
    _ints(data, "doc_words", (docs,), path)
    _within(_ints(data, "rebanded", (None,), path), 0, max(docs, 1), "rebanded", path)
    rows = _ints(data, "copy_rows", (None,), path)
    _within(rows, 0, max(docs, 1), "copy_rows", path)
    _distinct(rows, "copy_rows", path)
    sizes = _ints(data, "copy_sizes", (len(rows),), path)
    _within(sizes, 0, 1 << 40, "copy_sizes", path)
    if int(sizes.sum()) != len(_ints(data, "copy_blocks", (None,), path)):
        raise _fail(path, "arrays 'copy_sizes' and 'copy_blocks' disagree")


def _check_blocks(data: dict[str, np.ndarray], docs: int, sites: int, blocks: int, path: str | Path) -> None:
    """The arrays of one row per block cluster, and the maps into them."""
    _within(data["sketches"], 0, 256, "sketches", path)
    _within(_ints(data, "block_bands", (None,), path) & 0xFFFFFFFF, 0, max(blocks, 1), "block_bands", path)
    _pairs(data, "exact_keys", "exact_vals", blocks, path)
    for name in ("all_docs", "home_docs"):
        _within(_ints(data, name, (blocks,), path), 0, docs + 1, name, path)
    _within(_ints(data, "home_site", (blocks,), path), -1, max(sites, 1), "home_site", path)
    _within(_ints(data, "cl_first", (blocks,), path), -1, max(docs, 1), "cl_first", path)
    site_docs = _ints(data, "site_docs", (None, 3), path)
    _within(site_docs[:, 0], 0, max(sites, 1), "site_docs", path)
    _within(site_docs[:, 1], 0, max(blocks, 1), "site_docs", path)
    _within(site_docs[:, 2], 1, docs + 1, "site_docs", path)
