"""Index: the corpus memory of one process, kept in NumPy maps and saved to a file.

The rules (what a block, a copy, a count and an update are) are `dedup.corpus.base`'s; this module keeps
their memory compact (see `dedup.corpus.store`): a distinct indexed block costs its 8 band keys (8 bytes
each, sorted NumPy runs), a 48-byte sketch (the low 2 bits of 192 MinHash values), its exact key (12 bytes)
and four 4-byte counters (the fourth: the document that began it); a document costs a 128-byte sketch, its
16 band keys (in the band map and in its row, 192 bytes), the clusters it counts in (4 bytes each, and 4
for its words in each), its paragraph words, its title key and its id. A copy also keeps its blocks' keys,
sketches, band keys and words (90 bytes each), in case an update makes it an original.
benchmarks/speed measures the bytes per indexed block (README there).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import struct
import zipfile
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config, CorpusConfig, FingerprintConfig
from ..errors import IndexFileError
from ..fingerprint.sketch import DOC_ROWS, SKETCH_BYTES, signature_similarity
from . import indexfile
from .base import Anchor, BlockLookup, Blocks, Candidate, Cid, CorpusIndex, DocState, Ref
from .lock import replace_atomically
from .prints import DocPrint, title_key
from .store import BandMap, KeyMap, Rows

FORMAT = "dedup-index"
VERSION = 4
#: versions this one cannot read, and why (their files say so rather than fail on a missing array)
_OLD = {3: "it has no paragraph weights for copies rewritten in part (corpus.copy_share)"}


def _id_key(doc_id: str) -> int:
    """A 64-bit hash of a document id."""
    return int.from_bytes(
        hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
    )


def _trim_heap() -> None:
    """Hand freed heap memory back to the OS (glibc keeps what merged runs freed; no-op elsewhere)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Lookup(BlockLookup):
    """Lookups in the NumPy maps: the flushed runs for all keys at once, the buffers (entries of this
    document too) one key at a time; band keys only once some block is not known by its exact key."""

    def __init__(self, idx: Index, keys: Sequence[int], bands: np.ndarray) -> None:
        self._idx, self._bands = idx, bands
        self._exact = idx._exact.get_flushed(np.asarray(keys, dtype=np.uint64)).tolist()
        self._cand: list[list[int]] | None = None

    def exact(self, i: int, key: int) -> Cid | None:
        c = self._exact[i]
        return c if c >= 0 else self._idx._exact.buffered(key)

    def firsts(self, i: int, bkeys: list[int]) -> list[Cid | None]:
        if self._cand is None:
            self._cand = self._idx._block_bands.first_flushed(self._bands).tolist()
        return self._idx._block_bands.first_of(bkeys, self._cand[i])


class Index(CorpusIndex):
    """Corpus memory of one process: what recurs across a site's pages, which titles exist, which documents
    are copies (rules: `dedup.corpus.base`).

    Fit it with `add()` (the prints of `dedup.fingerprint`, one document at a time, in a stable order), then
    pass it to `analyze()`/`clean()`. State is explicit and deterministic: the same prints added in the same
    order give the same index. `signer` names what signed the prints (saved with the index). A print whose
    id is already in the index is an update of that document. `Index.connect(url)` opens a shared index
    instead (Redis: `dedup.corpus.redis_index`).

    Example:
        >>> import dedup
        >>> idx = Index()
        >>> for i, t in enumerate(["Title A\\n\\nBody one is here.\\n\\nSubscribe to The Brief for more.",
        ...                        "Title B\\n\\nBody two is here.\\n\\nSubscribe to The Brief for more.",
        ...                        "Title C\\n\\nBody three.\\n\\nSubscribe to The Brief for more."]):
        ...     idx.add(dedup.fingerprint(t, doc_id=str(i), url=f"https://site.example/{i}"))
        >>> len(idx)
        3
    """

    def __init__(self, config: Config | None = None, *, signer: str = "") -> None:
        self.config = config or Config()
        #: the settings the index was built with (a loaded index: those saved with it)
        self.saved_config = self.config
        self.signer = signer
        fp = self.config.fingerprint
        self.doc_ids: list[str] = []
        self._doc_keys = KeyMap()  # hash of a document id -> its position
        self._doc_pos: dict[str, int] = {}  # ... for the rare ids whose hash is taken
        self.doc_site = array("i")
        self.doc_len = array("q")
        self._sigs = Rows(fp.num_perm, np.uint8)  # low bytes of each document's signature
        self._doc_band_rows = Rows(fp.num_perm // DOC_ROWS, np.uint32)  # each document's band keys
        self._doc_bands = BandMap()  # band key -> originals
        self._copy_bands = BandMap()  # band key -> copies (an update may make them originals)
        self._doc_title = array("Q")  # each document's title key (0: none)
        self._cl_start = array("Q")  # where each original's clusters start in _cl_vals ...
        self._cl_len = array("I")  # ... and how many
        self._cl_vals = array("I")
        self._cl_words = array("I")  # ... and the words each has in them (`copy_share`)
        self._doc_words = array("I")  # each document's paragraph words
        self._copy_blocks: dict[int, bytes] = {}  # a copy's blocks (see Blocks.pack)
        self.dup: dict[int, tuple[int, float]] = {}  # copy -> (original, similarity), as added
        self._kept: dict[int, tuple[int, float]] | None = None  # ... as `keep="longest"` reports them
        self.sites: list[str] = []
        self._site_ids: dict[str, int] = {}
        self._site_counts: tuple[int, np.ndarray] | None = None
        self._titles = KeyMap()  # title key -> first document
        # blocks: exact key -> cluster; band key -> first cluster; one sketch and three counters per cluster
        self._exact = KeyMap()
        self._block_bands = BandMap()
        self._sketches = Rows(SKETCH_BYTES, np.uint8)
        self._all_docs = array("I")  # documents holding the cluster, corpus-wide
        self._home_site = array("i")  # the first site the cluster was seen on ...
        self._home_docs = array("I")  # ... and its documents there
        self._cl_first = array("i")  # the document that began the cluster (-1: none known)
        self._site_docs: dict[tuple[int, int], int] = {}  # (site, cluster) -> documents, other sites
        # what updates change (empty until one comes)
        self._copies: dict[int, list[int]] | None = None  # original -> its copies (made when first asked)
        self._rebanded: set[int] = set()  # documents whose band keys changed (old ones linger in the maps)
        self._title_fix: dict[int, int | None] = {}  # title key -> first document, where _titles is stale

    def __len__(self) -> int:
        return len(self.doc_ids)

    @classmethod
    def connect(cls, url: str, config: Config | None = None, *, signer: str = "") -> CorpusIndex:
        """A shared index (`redis://host:port/db?prefix=NAME`): see `dedup.corpus.redis_index`."""
        from .redis_index import RedisIndex

        return RedisIndex.connect(url, config, signer=signer)

    # ----------------------------------------------------------------- memory: blocks
    def _sorted_parts(self) -> tuple[KeyMap | BandMap, ...]:
        """The sorted runs behind the index's lookups (flushed between documents, compacted to finalize)."""
        return (
            self._doc_keys,
            self._titles,
            self._exact,
            self._doc_bands,
            self._copy_bands,
            self._block_bands,
        )

    def _begin(self) -> None:
        self._kept = None  # (a `keep="longest"` view holds until the next document)
        for part in self._sorted_parts():
            part.flush()  # only between documents: lookups below see one fixed set of runs

    def _lookup(self, keys: Sequence[int], bands: np.ndarray) -> BlockLookup:
        return _Lookup(self, keys, bands)

    def _sketch(self, c: Cid) -> np.ndarray:
        return self._sketches[c]

    def _new_cluster(
        self, key: int, sketch: np.ndarray, bkeys: list[int], firsts: list[Cid | None], doc: Ref | None
    ) -> Cid:
        c = self._sketches.append(sketch)
        self._all_docs.append(0)
        self._home_site.append(-1)
        self._home_docs.append(0)
        self._cl_first.append(-1 if doc is None else int(doc))
        self._exact.put_new(key, c)
        self._block_bands.add_all([b for b, r in zip(bkeys, firsts) if r is None], c)
        return c

    def _join_cluster(self, key: int, c: Cid) -> None:
        self._exact.put_new(key, c)

    def _firsts(self, clusters: Sequence[Cid]) -> list[Ref | None]:
        return [d if d >= 0 else None for d in (self._cl_first[c] for c in clusters)]

    def _new_ref(self, doc_id: str) -> Ref:
        return len(self.doc_ids)

    def _count(self, clusters: Sequence[Cid], site: int, delta: int) -> None:
        for c in clusters:
            self._all_docs[c] += delta
            home = self._home_site[c]
            if home == site:
                self._home_docs[c] += delta
            elif home < 0:  # a new cluster: this site is its home
                self._home_site[c] = site
                self._home_docs[c] = delta
            else:
                n = self._site_docs.get((site, c), 0) + delta
                if n:
                    self._site_docs[(site, c)] = n
                else:
                    del self._site_docs[(site, c)]

    def _counts(self, clusters: Sequence[Cid | None], site: str | None) -> list[tuple[int, int]]:
        return self._counts_in(clusters, self._site_ids.get(site or ""))

    def _counts_at(self, clusters: Sequence[Cid], site: int) -> list[tuple[int, int]]:
        return self._counts_in(clusters, site)

    def _counts_in(self, clusters: Sequence[Cid | None], sid: int | None) -> list[tuple[int, int]]:
        out = []
        for c in clusters:
            if c is None:
                out.append((0, 0))
            elif sid is not None and self._home_site[c] == sid:
                out.append((self._home_docs[c], self._all_docs[c]))
            else:
                out.append((self._site_docs.get((sid, c), 0) if sid is not None else 0, self._all_docs[c]))
        return out

    # ----------------------------------------------------------------- memory: documents
    def _ref_of(self, doc_id: str) -> int | None:
        pos = self._doc_pos.get(doc_id)
        if pos is not None:
            return pos
        pos = self._doc_keys.get(_id_key(doc_id))
        return pos if pos is not None and self.doc_ids[pos] == doc_id else None

    def _set_pos(self, doc_id: str, pos: int) -> None:
        if self._doc_keys.setdefault(_id_key(doc_id), pos) != pos:
            self._doc_pos[doc_id] = pos  # another id has this hash

    def _site_ref(self, site: str, *, create: bool) -> int | None:
        sid = self._site_ids.get(site)
        if sid is None and create:
            sid = self._site_ids[site] = len(self.sites)
            self.sites.append(site)
        return sid

    def _anchor_candidates(self, bands: np.ndarray, below: int | None) -> list[Candidate]:
        out = []
        for c in self._doc_bands.all_ids(bands):
            if (below is not None and c >= below) or c in self.dup:
                continue
            if c in self._rebanded and not self._holds(c, bands):
                continue
            out.append((c, c, self._sigs[c]))
        return out

    def _holds(self, pos: int, bands: np.ndarray) -> bool:
        """Whether one of `bands` is among document `pos`'s current band keys."""
        return bool(np.isin(self._doc_band_rows[pos], np.asarray(bands, dtype=np.uint32)).any())

    def _docs_under(self, bands: np.ndarray) -> list[tuple[int, Ref]]:
        found = self._doc_bands.all_ids(bands) | self._copy_bands.all_ids(bands)
        return [(d, d) for d in sorted(found) if d not in self._rebanded or self._holds(d, bands)]

    def _copies_of(self, ref: Ref) -> list[tuple[int, Ref]]:
        if self._copies is None:
            self._copies = {}
            for d, (a, _) in sorted(self.dup.items()):
                self._copies.setdefault(a, []).append(d)
        return [(d, d) for d in self._copies.get(ref, [])]

    def _put_new(
        self,
        fp: DocPrint,
        site: int,
        sig: np.ndarray,
        anchor: Anchor | None,
        clusters: list[Cid] | None,
        weights: list[int] | None,
    ) -> None:
        pos = len(self.doc_ids)
        self.doc_ids.append(fp.doc_id)
        self._set_pos(fp.doc_id, pos)
        self.doc_site.append(site)
        self.doc_len.append(fp.length)
        self._doc_words.append(fp.words)
        self._sigs.append(sig)
        self._doc_band_rows.append(fp.doc_bands)
        self._doc_title.append(fp.title_key or 0)
        if fp.title_key is not None:
            self._set_title(fp.title_key, pos)
        keys = fp.doc_bands.tolist()
        if anchor is None:
            assert clusters is not None and weights is not None
            self._doc_bands.add_all(keys, pos)
            self._cl_start.append(len(self._cl_vals))
            self._cl_len.append(len(clusters))
            self._cl_vals.extend(clusters)
            self._cl_words.extend(weights)
            return
        self.dup[pos] = anchor
        self._copy_bands.add_all(keys, pos)
        self._copy_blocks[pos] = Blocks.of(fp).pack()
        self._cl_start.append(0)
        self._cl_len.append(0)
        if self._copies is not None:
            self._copies.setdefault(anchor[0], []).append(pos)

    def _set_title(self, key: int, pos: int) -> None:
        if key in self._title_fix:
            if self._title_fix[key] is None:
                self._title_fix[key] = pos
        else:
            self._titles.setdefault(key, pos)

    def _doc(self, ref: Ref) -> DocState:
        pos = int(ref)
        packed = self._copy_blocks.get(pos)
        start, n = self._cl_start[pos], self._cl_len[pos]
        return DocState(
            pos,
            self.doc_ids[pos],
            pos,
            self.doc_site[pos],
            self.doc_len[pos],
            self._sigs[pos].copy(),
            self._doc_band_rows[pos].astype(np.uint64),
            self._doc_title[pos] or None,
            self.dup.get(pos),
            None if packed is not None else self._cl_vals[start : start + n].tolist(),
            Blocks.unpack(packed) if packed is not None else None,
            self._doc_words[pos],
            None if packed is not None else self._cl_words[start : start + n].tolist(),
        )

    def _put(self, doc: DocState, old: DocState) -> None:
        pos = doc.ref
        self.doc_site[pos], self.doc_len[pos] = doc.site, doc.length
        self._doc_words[pos] = doc.words
        self._site_counts = None
        self._sigs[pos][:] = doc.sig
        self._put_bands(doc, old)
        if doc.title != old.title:
            self._retitle(pos, old.title, doc.title)
        if doc.anchor != old.anchor:
            self._reanchor(pos, old.anchor, doc.anchor)
        if doc.clusters is not None and doc.clusters is not old.clusters:
            self._cl_start[pos], self._cl_len[pos] = len(self._cl_vals), len(doc.clusters)
            self._cl_vals.extend(doc.clusters)
            self._cl_words.extend(doc.weights or [0] * len(doc.clusters))
        if doc.blocks is None:
            self._copy_blocks.pop(pos, None)
        elif doc.blocks is not old.blocks:
            self._copy_blocks[pos] = doc.blocks.pack()

    def _put_bands(self, doc: DocState, old: DocState) -> None:
        """Register a document's band keys where lookups find it: new keys, or a new status."""
        new_keys = not np.array_equal(doc.bands, old.bands)
        if new_keys:
            self._doc_band_rows[doc.ref][:] = doc.bands
            self._rebanded.add(doc.ref)
        if new_keys or (doc.anchor is None) != (old.anchor is None):
            (self._doc_bands if doc.anchor is None else self._copy_bands).add_all(doc.bands.tolist(), doc.ref)

    def _retitle(self, pos: int, old: int | None, new: int | None) -> None:
        self._doc_title[pos] = new or 0
        titles = np.frombuffer(self._doc_title, dtype=np.uint64)
        for key in (old, new):
            if key:
                first = np.flatnonzero(titles == np.uint64(key))
                self._title_fix[key] = int(first[0]) if len(first) else None

    def _reanchor(self, pos: int, old: Anchor | None, new: Anchor | None) -> None:
        if new is None:
            del self.dup[pos]
        else:
            self.dup[pos] = new
        if self._copies is None:
            return
        if old is not None:
            self._copies[old[0]].remove(pos)
        if new is not None:
            self._copies.setdefault(new[0], []).append(pos)
            self._copies[new[0]].sort()

    # ----------------------------------------------------------------- lookups
    def finalize(self) -> Index:
        """Compact the index for lookups, and apply `keep="longest"` (in every group of copies, report the
        longest document as the kept one; ties: the first). Counts are those of the documents as added."""
        for part in self._sorted_parts():
            part.compact()
        _trim_heap()
        self._kept = self._keep_longest() if self.config.corpus.keep == "longest" and self.dup else None
        return self

    def _keep_longest(self) -> dict[int, tuple[int, float]]:
        kept = dict(self.dup)
        groups: dict[int, list[int]] = {}
        for d, (a, _) in sorted(self.dup.items()):
            groups.setdefault(a, [a]).append(d)
        for a, members in groups.items():
            keep = max(members, key=lambda d: (self.doc_len[d], -d))
            if keep == a:
                continue
            for d in members:
                if d != keep:
                    kept[d] = (keep, round(signature_similarity(self._sigs[d], self._sigs[keep]), 4))
            kept.pop(keep, None)
        return kept

    def _reported(self) -> dict[int, tuple[int, float]]:
        return self._kept if self._kept is not None else self.dup

    def site_pages(self, site: str | None) -> int:
        sid = self._site_ids.get(site or "")
        if sid is None:
            return 0
        n = len(self.doc_site)
        cached = self._site_counts
        if cached is None or cached[0] != n:  # (counted once per state of the index)
            counts = np.bincount(np.frombuffer(self.doc_site, dtype=np.int32), minlength=len(self.sites))
            cached = self._site_counts = (n, counts)
        return int(cached[1][sid]) if sid < len(cached[1]) else 0

    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        pos = self._ref_of(doc_id) if doc_id is not None else None
        found = self._reported().get(pos) if pos is not None else None
        if found is None:
            return None
        a, sim = found
        return self.doc_ids[a], sim

    def title_docs(self, texts: Sequence[str]) -> list[str | None]:
        out: list[str | None] = []
        for text in texts:
            key = title_key(text)
            pos = self._title_fix[key] if key in self._title_fix else self._titles.get(key)
            out.append(self.doc_ids[pos] if pos is not None else None)
        return out

    def stats(self) -> dict:
        m = self.config.corpus.site_min_docs
        titles = np.frombuffer(self._doc_title, dtype=np.uint64)
        return {
            "documents": len(self.doc_ids),
            "duplicates": len(self._reported()),
            "sites": len(np.unique(np.frombuffer(self.doc_site, dtype=np.int32))),
            "block_clusters": int(np.count_nonzero(np.frombuffer(self._all_docs, dtype=np.uint32))),
            "titles": len(np.unique(titles[titles != 0])),
            "boilerplate_clusters": (
                sum(1 for n in self._home_docs if n >= m) + sum(1 for n in self._site_docs.values() if n >= m)
            ),
        }

    # ----------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the index to `path` (a versioned NumPy .npz of plain arrays plus a JSON header; no
        pickle), through a temporary file of its own beside it (another process saving the same path at
        the same time never writes into it; `dedup.corpus.lock` keeps a second writer out)."""
        header = {
            "format": FORMAT,
            "version": VERSION,
            "config": self.config.to_dict(),
            "signer": self.signer,
            "doc_ids": self.doc_ids,
            "sites": self.sites,
        }
        arrays = {"header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
        arrays.update(self._doc_arrays())
        arrays.update(self._block_arrays())
        with replace_atomically(Path(path)) as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]

    def _doc_arrays(self) -> dict[str, np.ndarray]:
        title_k, title_v = self._title_arrays()
        blocks = sorted(self._copy_blocks.items())
        return {
            "doc_site": np.asarray(self.doc_site, dtype=np.int32),
            "doc_len": np.asarray(self.doc_len, dtype=np.int64),
            "sigs": self._sigs.to_array(),
            "doc_band_rows": self._doc_band_rows.to_array(),
            "doc_bands": self._doc_bands.to_array(),
            "copy_bands": self._copy_bands.to_array(),
            "dup": _dup_array(self.dup),
            "kept": _dup_array(self._kept or {}),
            "has_kept": np.asarray([self._kept is not None]),
            "doc_title": np.asarray(self._doc_title, dtype=np.uint64),
            "title_keys": title_k,
            "title_vals": title_v,
            "cl_start": np.asarray(self._cl_start, dtype=np.uint64),
            "cl_len": np.asarray(self._cl_len, dtype=np.uint32),
            "cl_vals": np.asarray(self._cl_vals, dtype=np.uint32),
            "cl_words": np.asarray(self._cl_words, dtype=np.uint32),
            "doc_words": np.asarray(self._doc_words, dtype=np.uint32),
            "rebanded": np.asarray(sorted(self._rebanded), dtype=np.int64),
            "copy_rows": np.asarray([d for d, _ in blocks], dtype=np.int64),
            "copy_sizes": np.asarray([len(b) for _, b in blocks], dtype=np.int64),
            "copy_blocks": np.frombuffer(b"".join(b for _, b in blocks), dtype=np.uint8),
        }

    def _title_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        keys, vals = self._titles.to_arrays()
        if not self._title_fix:
            return keys, vals
        table = dict(zip(keys.tolist(), vals.tolist()))
        for k, v in self._title_fix.items():
            if v is None:
                table.pop(k, None)
            else:
                table[k] = v
        return np.asarray(list(table), dtype=np.uint64), np.asarray(list(table.values()), dtype=np.uint32)

    def _block_arrays(self) -> dict[str, np.ndarray]:
        exact_k, exact_v = self._exact.to_arrays()
        return {
            "exact_keys": exact_k,
            "exact_vals": exact_v,
            "block_bands": self._block_bands.to_array(),
            "sketches": self._sketches.to_array(),
            "all_docs": np.asarray(self._all_docs, dtype=np.uint32),
            "home_site": np.asarray(self._home_site, dtype=np.int32),
            "home_docs": np.asarray(self._home_docs, dtype=np.uint32),
            "cl_first": np.asarray(self._cl_first, dtype=np.int32),
            "site_docs": np.asarray(
                [(s, c, n) for (s, c), n in self._site_docs.items()], dtype=np.int64
            ).reshape(-1, 3),
        }

    @classmethod
    def load(cls, path: str | Path, config: Config | None = None) -> Index:
        """Read an index written by `save()`; raise IndexFileError with a clear message if it cannot be
        used (every field and array is checked: `dedup.corpus.indexfile`)."""
        header, data = _read(path)
        try:
            saved = _saved_config(header["config"])
        except (KeyError, TypeError, ValueError) as e:
            raise IndexFileError(f"{path}: damaged dedup index (its settings: {e})") from None
        cfg = config or saved
        if cfg.fingerprint != saved.fingerprint:
            s = saved.fingerprint
            raise IndexFileError(
                f"{path}: built with num_perm={s.num_perm}, ngram={s.ngram}, seed={s.seed}; the "
                f"current settings differ"
            )
        indexfile.check_built_with(saved, cfg, path)
        indexfile.check_arrays(
            data, len(header["doc_ids"]), len(header["sites"]), cfg.fingerprint.num_perm, path
        )
        try:
            idx = cls(cfg, signer=str(header.get("signer", "")))
            idx._load_docs(header, data)
            idx._load_blocks(data)
        except (KeyError, ValueError, IndexError, TypeError) as e:
            raise IndexFileError(f"{path}: damaged dedup index ({e})") from None
        idx.saved_config = saved
        return idx

    def _load_docs(self, header: dict, data: dict[str, np.ndarray]) -> None:
        self.doc_ids = list(header["doc_ids"])
        ks = np.fromiter((_id_key(d) for d in self.doc_ids), dtype=np.uint64, count=len(self.doc_ids))
        uniq, first = np.unique(ks, return_index=True)
        self._doc_keys = KeyMap.from_arrays(uniq, first.astype(np.uint32))
        if len(uniq) < len(ks):  # ids sharing a hash
            later = np.ones(len(ks), dtype=bool)
            later[first] = False
            self._doc_pos = {self.doc_ids[i]: i for i in np.flatnonzero(later).tolist()}
        self.sites = list(header["sites"])
        self._site_ids = {s: i for i, s in enumerate(self.sites)}
        self.doc_site = array("i", data["doc_site"].astype(np.int32).tobytes())
        self.doc_len = array("q", data["doc_len"].astype(np.int64).tobytes())
        if data["sigs"].shape[1:] != (self.config.fingerprint.num_perm,):
            raise ValueError("signatures of the wrong width")
        self._sigs = Rows.from_array(data["sigs"].astype(np.uint8))
        self._doc_band_rows = Rows.from_array(data["doc_band_rows"].astype(np.uint32))
        self._doc_title = array("Q", data["doc_title"].astype(np.uint64).tobytes())
        sizes = {len(self.doc_site), len(self.doc_len), len(self._sigs), len(self._doc_band_rows)}
        if sizes != {len(self.doc_ids)} or len(self._doc_title) != len(self.doc_ids):
            raise ValueError("document arrays of different lengths")
        self._doc_bands = BandMap.from_array(data["doc_bands"])
        self._copy_bands = BandMap.from_array(data["copy_bands"])
        self.dup = _dup_dict(data["dup"])
        self._kept = _dup_dict(data["kept"]) if bool(data["has_kept"][0]) else None
        self._titles = KeyMap.from_arrays(data["title_keys"], data["title_vals"])
        self._cl_start = array("Q", data["cl_start"].astype(np.uint64).tobytes())
        self._cl_len = array("I", data["cl_len"].astype(np.uint32).tobytes())
        self._cl_vals = array("I", data["cl_vals"].astype(np.uint32).tobytes())
        self._cl_words = array("I", data["cl_words"].astype(np.uint32).tobytes())
        self._doc_words = array("I", data["doc_words"].astype(np.uint32).tobytes())
        if len(self._cl_words) != len(self._cl_vals) or len(self._doc_words) != len(self.doc_ids):
            raise ValueError("paragraph weights of the wrong length")
        self._rebanded = set(data["rebanded"].tolist())
        raw, offs = data["copy_blocks"].tobytes(), np.cumsum(np.r_[0, data["copy_sizes"]]).tolist()
        self._copy_blocks = {
            int(d): raw[offs[i] : offs[i + 1]] for i, d in enumerate(data["copy_rows"].tolist())
        }

    def _load_blocks(self, data: dict[str, np.ndarray]) -> None:
        self._exact = KeyMap.from_arrays(data["exact_keys"], data["exact_vals"])
        self._block_bands = BandMap.from_array(data["block_bands"])
        if data["sketches"].shape[1:] != (SKETCH_BYTES,):
            raise ValueError("block sketches of the wrong width")
        self._sketches = Rows.from_array(data["sketches"].astype(np.uint8))
        self._all_docs = array("I", data["all_docs"].astype(np.uint32).tobytes())
        self._home_site = array("i", data["home_site"].astype(np.int32).tobytes())
        self._home_docs = array("I", data["home_docs"].astype(np.uint32).tobytes())
        self._cl_first = array("i", data["cl_first"].astype(np.int32).tobytes())
        self._site_docs = {(s, c): n for s, c, n in data["site_docs"].tolist()}
        n = len(self._sketches)
        if not (
            len(self._all_docs) == len(self._home_site) == len(self._home_docs) == len(self._cl_first) == n
        ):
            raise ValueError("block arrays of different lengths")
        if len(data["exact_vals"]) and int(data["exact_vals"].max()) >= n:
            raise ValueError("a block key points past the blocks")


def _dup_array(dup: dict[int, tuple[int, float]]) -> np.ndarray:
    rows = [(d, a, round(s * 10000)) for d, (a, s) in sorted(dup.items())]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


def _dup_dict(rows: np.ndarray) -> dict[int, tuple[int, float]]:
    return {int(d): (int(a), s / 10000) for d, a, s in rows.tolist()}


def _read(path: str | Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and arrays of an index file; IndexFileError when it is no index this dedup reads."""
    indexfile.check_regular(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            header = json.loads(bytes(z["header"]).decode())
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise IndexFileError(f"{path}: not a dedup index")
            if header.get("version") != VERSION:
                why = _OLD.get(header.get("version", 0))
                raise IndexFileError(
                    f"{path}: index version {header.get('version')} is not supported "
                    f"(this dedup reads version {VERSION}{': ' + why if why else ''}; rebuild the index)"
                )
            indexfile.check_header(header, path)
            return header, {k: z[k] for k in z.files if k != "header"}
    except IndexFileError:
        raise
    except FileNotFoundError:
        raise IndexFileError(f"{path}: no such index file") from None
    except (
        OSError,
        ValueError,
        KeyError,
        EOFError,
        struct.error,
        zlib.error,
        json.JSONDecodeError,
        UnicodeDecodeError,
        zipfile.BadZipFile,
    ) as e:
        detail = "" if "pickle" in str(e) else f": {e}"  # (NumPy's advice to load pickled data is not ours)
        raise IndexFileError(f"{path}: not a readable dedup index ({type(e).__name__}{detail})") from None


def _saved_config(d: dict[str, Any]) -> Config:
    """The settings saved with an index; an index saved before the settings had sections keeps them flat."""
    for name in ("detectors", "cue_files", "languages"):
        v = d.get(name)
        if v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise TypeError(f"{name} is not a list of names")
    if "fingerprint" in d:
        return Config.from_dict(d)
    fp = {k: d[k] for k in ("num_perm", "ngram", "seed") if k in d}
    corpus = {
        k: d[k]
        for k in (
            "block_min_words",
            "site_min_docs",
            "site_min_share",
            "corpus_min_docs",
            "block_similarity",
            "doc_similarity",
            "keep",
        )
        if k in d
    }
    return Config(fingerprint=FingerprintConfig(**fp), corpus=CorpusConfig(**corpus))
