"""dedup as datatrove pipeline steps: clean documents, and the two-stage corpus mode on datatrove's
executors (Local, Slurm, Ray). Needs ``pip install 'scrapeclean[datatrove]'``.

One step (each document on its own: repeated headlines, duplicate paragraphs, cue boilerplate, related
links)::

    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from dedup.integrations.datatrove import DedupClean

    LocalPipelineExecutor([JsonlReader("in/"), DedupClean(), JsonlWriter("out/")], tasks=4).run()

Corpus mode (site boilerplate, other documents' titles, and copies, across the whole corpus): fingerprint
every document (any number of tasks), merge the prints into one index (one task), then clean every
document against it (any number of tasks); copies go to the exclusion writer::

    stage1 = LocalPipelineExecutor([JsonlReader("in/"), DedupFingerprint("work/prints")], tasks=8)
    stage2 = LocalPipelineExecutor([DedupMergeIndex("work/prints", "work/index")], tasks=1, depends=stage1)
    stage3 = LocalPipelineExecutor(
        [JsonlReader("in/"), DedupClean(index_folder="work/index", exclusion_writer=JsonlWriter("removed/")),
         JsonlWriter("out/")],
        tasks=8,
        depends=stage2,
    )
    stage3.run()

The merge adds the prints in rank order, then in each rank's order, so with the same reader the index is the
one `scrapeclean clean` builds of the files read in order: the same documents are copies, the same
boilerplate goes. Document ids must be unique across the corpus (datatrove's readers give `<file>/<row>`
when the records have no id). A document's title and URL are read from its metadata (`title_key`,
`url_key`; the URL's domain names its site, or `site_key`).

Stats: ``cleaned``, ``changed``, ``removed_<label>`` (removals per label), ``removed_chars``, and the
filter's own ``dropped_duplicate`` for copies (written to the exclusion writer with ``filter_reason`` =
``duplicate`` and metadata ``dedup_duplicate_of``, ``dedup_similarity``).
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import numpy as np

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.io import DataFolderLike, get_datafolder
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as e:  # pragma: no cover - depends on the environment
    from ..version import DISTRIBUTION

    raise ImportError(
        "dedup.integrations.datatrove needs datatrove: install the extra with "
        f"`pip install '{DISTRIBUTION}[datatrove]'` [{type(e).__name__}: {e}]"
    ) from e

from ..config import Config
from ..corpus.index import Index
from ..corpus.prints import DocPrint
from ..errors import InputError
from ..pipeline import Doc, analyze, fingerprint_many, signer

#: documents fingerprinted together (their signatures in a few NumPy calls), and prints per file written
BATCH = 256
PRINTS_PER_FILE = 20_000
PRINTS_SUFFIX = ".dedup-prints.npz"
INDEX_FILE = "dedup-index.npz"


def _meta_str(doc: Document, key: str | None) -> str | None:
    v = doc.metadata.get(key) if key else None
    return v if isinstance(v, str) and v.strip() else None


class _Fields:
    """Where a document's title, URL and site are in its metadata."""

    def __init__(self, title_key: str | None, url_key: str | None, site_key: str | None) -> None:
        self.title_key, self.url_key, self.site_key = title_key, url_key, site_key

    def doc(self, d: Document) -> Doc:
        return Doc(
            d.text,
            str(d.id),
            _meta_str(d, self.title_key),
            _meta_str(d, self.url_key),
            _meta_str(d, self.site_key),
        )


class DedupClean(BaseFilter):
    """Clean each document's text in place (alone, or against the index of `DedupMergeIndex` in
    `index_folder`); a copy of an earlier document is dropped, to `exclusion_writer` if one is given.

    With `flags_key`, the removals go to that metadata field as JSON (start, end, label, score, reason,
    text). Documents without text pass unchanged.
    """

    name = "🧹 dedup clean"

    def __init__(
        self,
        *,
        index_folder: DataFolderLike | None = None,
        config: Config | None = None,
        title_key: str | None = "title",
        url_key: str | None = "url",
        site_key: str | None = None,
        flags_key: str | None = None,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        self.fields = _Fields(title_key, url_key, site_key)
        self.index_folder = get_datafolder(index_folder) if index_folder is not None else None
        self.config = config or Config()
        self.flags_key = flags_key
        self._index: Index | None = None

    def _load(self) -> Index | None:
        """The merged index, read once per task (and not pickled with the step: it is read where it runs)."""
        if self.index_folder is not None and self._index is None:
            self._index = _read_index(self.index_folder, self.config)
        return self._index

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean `doc` (kept), or drop it as a copy."""
        if not isinstance(doc.text, str) or not doc.text.strip():
            return True
        d = self.fields.doc(doc)
        rep = analyze(
            d.text,
            title=d.title,
            url=d.url,
            site=d.site,
            doc_id=d.doc_id,
            index=self._load(),
            config=self.config,
        )
        if rep.duplicate_of is not None:
            doc.metadata["dedup_duplicate_of"] = rep.duplicate_of
            doc.metadata["dedup_similarity"] = rep.similarity
            return False, "duplicate"
        self.stat_update("cleaned")
        if rep.clean != doc.text:
            self.stat_update("changed")
            self.stat_update("removed_chars", value=len(doc.text) - len(rep.clean))
        for label, n in rep.counts().items():
            self.stat_update(f"removed_{label}", value=n)
        if self.flags_key:
            doc.metadata[self.flags_key] = json.dumps(rep.to_dict()["flags"], ensure_ascii=False)
        doc.text = rep.clean
        return True

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_index"] = None  # (each task reads the index itself)
        return state


class DedupFingerprint(PipelineStep):
    """Stage 1 of corpus mode: the print of every document (what the index keeps of it), written to
    `output_folder` as plain NumPy arrays, one run of files per task. Documents pass through unchanged."""

    name = "🫆 dedup fingerprint"
    type = "🫂 - DEDUP"

    def __init__(
        self,
        output_folder: DataFolderLike,
        *,
        config: Config | None = None,
        title_key: str | None = "title",
        url_key: str | None = "url",
        site_key: str | None = None,
    ) -> None:
        super().__init__()
        self.fields = _Fields(title_key, url_key, site_key)
        self.output_folder = get_datafolder(output_folder)
        self.config = config or Config()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Fingerprint the documents of this task, in order."""
        pending: list[Document] = []
        prints: list[DocPrint] = []
        part = 0
        for doc in data or ():
            if isinstance(doc.text, str) and doc.text.strip():
                pending.append(doc)
            if len(pending) >= BATCH:
                prints += self._sign(pending)
                pending = []
            if len(prints) >= PRINTS_PER_FILE:
                part = self._write(prints, rank, part)
                prints = []
            yield doc
        prints += self._sign(pending)
        if prints:
            self._write(prints, rank, part)

    def _sign(self, docs: list[Document]) -> list[DocPrint]:
        with self.track_time("batch"):
            out = fingerprint_many([self.fields.doc(d) for d in docs], self.config)
        self.stat_update("fingerprinted", value=len(out))
        return out

    def _write(self, prints: list[DocPrint], rank: int, part: int) -> int:
        with self.output_folder.open(f"{rank:05d}-{part:05d}{PRINTS_SUFFIX}", "wb") as f:
            np.savez(f, **_print_arrays(prints))  # type: ignore[arg-type]
        return part + 1


class DedupMergeIndex(PipelineStep):
    """Stage 2 of corpus mode: the prints of every task of `DedupFingerprint`, added in rank order to one
    index, saved in `output_folder` (run it with one task)."""

    name = "🧩 dedup merge index"
    type = "🫂 - DEDUP"

    def __init__(
        self, input_folder: DataFolderLike, output_folder: DataFolderLike, *, config: Config | None = None
    ):
        super().__init__()
        self.input_folder = get_datafolder(input_folder)
        self.output_folder = get_datafolder(output_folder)
        self.config = config or Config()

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Build and save the index (one task only: the index is one)."""
        if world_size != 1:
            raise ValueError(f"DedupMergeIndex builds one index: run it with tasks=1, not {world_size}")
        index = Index(self.config, signer=signer(self.config))
        seen: set[str] = set()  # (the index takes a known id as an update: here it is a mistake)
        for name in sorted(self.input_folder.list_files(glob_pattern=f"*{PRINTS_SUFFIX}")):
            with self.input_folder.open(name, "rb") as f:
                arrays = dict(np.load(io.BytesIO(f.read()), allow_pickle=False))
            for fp in _prints_of(arrays):
                if fp.doc_id in seen:
                    raise InputError(
                        f"document id {fp.doc_id!r} appears twice: corpus mode needs unique ids (give the "
                        f"reader an id_key of unique values)"
                    )
                seen.add(fp.doc_id)
                index.add(fp)
            self.stat_update("documents", value=len(arrays["doc_ids"]))
        index.finalize()
        _write_index(index, self.output_folder)
        self.stat_update("duplicates", value=len(index.dup))
        yield from data or ()


def _print_arrays(prints: list[DocPrint]) -> dict[str, np.ndarray]:
    """Prints as plain arrays (no pickle): per document its fields, the blocks of all in one run."""
    n_blocks = [len(p.block_keys) for p in prints]
    width = len(prints[0].signature) if prints else 0
    return {
        "doc_ids": np.array([p.doc_id for p in prints], dtype=str),
        "sites": np.array([p.site for p in prints], dtype=str),
        "title_keys": np.array(
            [p.title_key if p.title_key is not None else 0 for p in prints], dtype=np.uint64
        ),
        "has_title": np.array([p.title_key is not None for p in prints], dtype=bool),
        "lengths": np.array([p.length for p in prints], dtype=np.int64),
        "signatures": np.array([p.signature for p in prints], dtype=np.uint32).reshape(len(prints), width),
        "doc_bands": np.array([p.doc_bands for p in prints], dtype=np.uint64).reshape(len(prints), -1),
        "n_blocks": np.array(n_blocks, dtype=np.int64),
        "block_keys": np.array([k for p in prints for k in p.block_keys], dtype=np.uint64),
        "block_sketches": _stack([p.block_sketches for p in prints], np.uint8),
        "block_bands": _stack([p.block_bands for p in prints], np.uint64),
    }


def _stack(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros((0, 0), dtype=dtype)


def _prints_of(a: dict[str, np.ndarray]) -> Iterator[DocPrint]:
    ends = np.cumsum(a["n_blocks"])
    for i, doc_id in enumerate(a["doc_ids"].tolist()):
        lo, hi = int(ends[i] - a["n_blocks"][i]), int(ends[i])
        yield DocPrint(
            doc_id,
            str(a["sites"][i]),
            int(a["title_keys"][i]) if a["has_title"][i] else None,
            int(a["lengths"][i]),
            a["signatures"][i],
            a["block_keys"][lo:hi].tolist(),
            a["block_sketches"][lo:hi],
            a["block_bands"][lo:hi],
            a["doc_bands"][i],
        )


def _write_index(index: Index, folder: Any) -> None:
    """Save the index into a datatrove folder (local or remote): written locally, then copied there."""
    with tempfile.TemporaryDirectory(prefix="dedup-index-") as tmp:
        local = f"{tmp}/{INDEX_FILE}"
        index.save(local)
        with open(local, "rb") as src, folder.open(INDEX_FILE, "wb") as dst:
            shutil.copyfileobj(src, dst)


def _read_index(folder: Any, config: Config) -> Index:
    """The index `DedupMergeIndex` saved in a datatrove folder."""
    with tempfile.TemporaryDirectory(prefix="dedup-index-") as tmp:
        local = f"{tmp}/{INDEX_FILE}"
        with folder.open(INDEX_FILE, "rb") as src, open(local, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return Index.load(local, config)


__all__ = ["DedupClean", "DedupFingerprint", "DedupMergeIndex"]
