"""Index: the corpus memory. Block recurrence per site and corpus-wide, titles, and document copies.

Kept compact (see `dedup.corpus.store`): a distinct indexed block costs its 8 band keys (8 bytes each, sorted
NumPy runs), a 48-byte sketch (the low 2 bits of 192 MinHash values), its exact key (12 bytes) and three
4-byte counters; a document costs a 128-byte sketch, 16 band keys and its id. benchmarks/speed measures the
bytes per indexed block (README there).
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
from ..fingerprint.sketch import BLOCK_BANDS, SKETCH_BYTES, signature_similarity, sketch_similarity
from ..text.segment import Line, Page
from . import indexfile
from .prints import DocPrint, block_key, sign_blocks, title_key
from .sites import site_of_url
from .store import BandMap, KeyMap, Rows

FORMAT = "dedup-index"
VERSION = 2


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


class Index:
    """Corpus memory: what recurs across a site's pages, which titles exist, which documents are copies.

    Fit it with `add()` (the prints of `dedup.fingerprint`, one document at a time, in a stable order), then
    pass it to `analyze()`/`clean()`. State is explicit and deterministic: the same prints added in the same
    order give the same index. `signer` names what signed the prints (saved with the index).

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
        self.doc_ids: list[str] = []
        self._doc_keys = KeyMap()  # hash of a document id -> its position
        self._doc_pos: dict[str, int] = {}  # ... for the rare ids whose hash is taken
        self.doc_site = array("i")
        self.doc_len = array("q")
        self._sigs = Rows(
            self.config.fingerprint.num_perm, np.uint8
        )  # low bytes of each document's signature
        self._doc_bands = BandMap()  # band key -> documents
        self.dup: dict[int, tuple[int, float]] = {}
        self.sites: list[str] = []
        self._site_ids: dict[str, int] = {}
        self._titles = KeyMap()  # title key -> first document
        # blocks: exact key -> cluster; band key -> first cluster; one sketch and three counters per cluster
        self._exact = KeyMap()
        self._block_bands = BandMap()
        self._sketches = Rows(SKETCH_BYTES, np.uint8)
        self._all_docs = array("I")  # documents holding the cluster, corpus-wide
        self._home_site = array("i")  # the first site the cluster was seen on ...
        self._home_docs = array("I")  # ... and its documents there
        self._site_docs: dict[tuple[int, int], int] = {}  # (site, cluster) -> documents, other sites

    def __len__(self) -> int:
        return len(self.doc_ids)

    # ----------------------------------------------------------------- fitting
    def add(self, fp: DocPrint) -> None:
        """Add a document's print (from `dedup.fingerprint`, e.g. computed in a worker process)."""
        if self._pos_of(fp.doc_id) is not None:
            raise ValueError(f"document id {fp.doc_id!r} is already in the index")
        for part in (self._doc_keys, self._titles, self._exact, self._doc_bands, self._block_bands):
            part.flush()  # only between documents: lookups below see one fixed set of runs
        pos = len(self.doc_ids)
        self.doc_ids.append(fp.doc_id)
        self._set_pos(fp.doc_id, pos)
        sid = self._site_ids.setdefault(fp.site, len(self.sites))
        if sid == len(self.sites):
            self.sites.append(fp.site)
        self.doc_site.append(sid)
        self.doc_len.append(fp.length)
        self._sigs.append(fp.signature & 0xFF)
        if fp.title_key is not None:
            self._titles.setdefault(fp.title_key, pos)
        keys = fp.doc_bands
        anchor = self._find_copy(pos, keys)
        if anchor is not None:
            self.dup[pos] = anchor
            return  # a copy: its blocks are not counted as recurrence, and it anchors nobody
        self._doc_bands.add_all(keys.tolist(), pos)
        clusters = self._clusters(fp.block_keys, fp.block_sketches, fp.block_bands, create=True)
        for c in dict.fromkeys(clusters):  # each cluster once per document, in order
            assert c is not None  # (`create` makes one for every block)
            self._all_docs[c] += 1
            home = self._home_site[c]
            if home == sid:
                self._home_docs[c] += 1
            elif home < 0:  # a new cluster: this site is its home
                self._home_site[c] = sid
                self._home_docs[c] = 1
            else:
                self._site_docs[(sid, c)] = self._site_docs.get((sid, c), 0) + 1

    def _pos_of(self, doc_id: str) -> int | None:
        pos = self._doc_keys.get(_id_key(doc_id))
        if pos is not None and self.doc_ids[pos] == doc_id:
            return pos
        return self._doc_pos.get(doc_id)

    def _set_pos(self, doc_id: str, pos: int) -> None:
        if self._doc_keys.setdefault(_id_key(doc_id), pos) != pos:
            self._doc_pos[doc_id] = pos  # another id has this hash

    def _find_copy(self, pos: int, keys: np.ndarray) -> tuple[int, float] | None:
        best: tuple[int, float] | None = None
        sig = self._sigs[pos]
        for c in sorted(self._doc_bands.all_ids(keys)):
            sim = signature_similarity(sig, self._sigs[c])
            if sim >= self.config.corpus.doc_similarity and (best is None or sim > best[1]):
                best = (c, round(sim, 4))
        return best

    def _clusters(
        self,
        keys: Sequence[int],
        sketches: np.ndarray,
        bands: np.ndarray,
        *,
        create: bool,
        exact: list[int] | None = None,
    ) -> list[int | None]:
        """The cluster of each block (exact key, else a band candidate whose sketch is similar enough).

        With `create`, a block without one starts a new cluster, which later blocks (of this document too)
        can join. Runs of the maps are fixed during the call; entries made by it are in their buffers.
        """
        if not len(keys):
            return []
        if exact is None:
            exact = self._exact.get_flushed(np.asarray(keys, dtype=np.uint64)).tolist()
        cand = None
        out: list[int | None] = []
        thr = self.config.corpus.block_similarity
        for i, key in enumerate(keys):
            c = exact[i] if exact[i] >= 0 else self._exact.buffered(key)
            if c is not None:
                out.append(c)
                continue
            if cand is None:  # band lookups only once some block is not known by its key
                cand = self._block_bands.first_flushed(bands).tolist()
            sketch, bkeys = sketches[i], bands[i].tolist()
            row = self._block_bands.first_of(bkeys, cand[i])  # the first cluster of each band, or None
            seen: set[int] = set()
            for cc in row:
                if cc is None or cc in seen:
                    continue
                seen.add(cc)
                if sketch_similarity(sketch, self._sketches[cc]) >= thr:
                    c = cc
                    break
            if c is not None:
                if create:
                    self._exact.put_new(key, c)
            elif create:
                c = self._sketches.append(sketch)
                self._all_docs.append(0)
                self._home_site.append(-1)
                self._home_docs.append(0)
                self._exact.put_new(key, c)
                self._block_bands.add_all([b for b, r in zip(bkeys, row) if r is None], c)
            out.append(c)
        return out

    def finalize(self) -> Index:
        """Apply `keep="longest"` (in every group of copies, keep the longest document; ties: the first), and
        compact the index for lookups."""
        for part in (self._doc_keys, self._titles, self._exact, self._doc_bands, self._block_bands):
            part.compact()
        _trim_heap()
        if self.config.corpus.keep != "longest" or not self.dup:
            return self
        groups: dict[int, list[int]] = {}
        for d, (a, _) in sorted(self.dup.items()):
            groups.setdefault(a, [a]).append(d)
        for a, members in groups.items():
            keep = max(members, key=lambda d: (self.doc_len[d], -d))
            if keep == a:
                continue
            for d in members:
                if d != keep:
                    self.dup[d] = (keep, round(signature_similarity(self._sigs[d], self._sigs[keep]), 4))
            self.dup.pop(keep, None)
        return self

    # ----------------------------------------------------------------- queries
    def site_pages(self, site: str | None) -> int:
        """How many documents of the index are pages of `site` (0 for an unknown site)."""
        sid = self._site_ids.get(site or "")
        if sid is None:
            return 0
        n = len(self.doc_site)
        cached = getattr(self, "_site_counts", None)
        if cached is None or cached[0] != n:  # (counted once per state of the index)
            counts = np.bincount(np.frombuffer(self.doc_site, dtype=np.int32), minlength=len(self.sites))
            cached = self._site_counts = (n, counts)
        return int(cached[1][sid]) if sid < len(cached[1]) else 0

    def site_of(self, url: str | None) -> str:
        """The site name used for a URL."""
        return site_of_url(url)

    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        """(id of the kept document, similarity) when `doc_id` is a copy, else None."""
        pos = self._pos_of(doc_id) if doc_id is not None else None
        if pos is None or pos not in self.dup:
            return None
        a, sim = self.dup[pos]
        return self.doc_ids[a], sim

    def recurrence(self, page: Page, lines: list[Line], site: str | None) -> list[tuple[int, int]]:
        """For each block of `lines` (of `page`): (documents of `site` holding it, documents corpus-wide).

        Blocks the index knows by their exact key need no signature; the others are signed together and
        looked up by band.
        """
        keys = [block_key(ln) for ln in lines]
        sketches = np.zeros((len(lines), SKETCH_BYTES), dtype=np.uint8)
        bands = np.zeros((len(lines), BLOCK_BANDS), dtype=np.uint64)
        exact = self._exact.get_flushed(np.asarray(keys, dtype=np.uint64)).tolist() if keys else []
        unknown = [i for i, k in enumerate(keys) if exact[i] < 0 and self._exact.buffered(k) is None]
        if unknown:
            sk, bk = sign_blocks(page, [lines[i] for i in unknown], self.config.fingerprint.seed)
            sketches[unknown] = sk
            bands[unknown] = bk
        sid = self._site_ids.get(site or "")
        out = []
        for c in self._clusters(keys, sketches, bands, create=False, exact=exact):
            if c is None:
                out.append((0, 0))
            elif sid is not None and self._home_site[c] == sid:
                out.append((self._home_docs[c], self._all_docs[c]))
            else:
                out.append((self._site_docs.get((sid, c), 0) if sid is not None else 0, self._all_docs[c]))
        return out

    def title_doc(self, text: str) -> str | None:
        """The id of the document whose title is `text`, if any."""
        pos = self._titles.get(title_key(text))
        return self.doc_ids[pos] if pos is not None else None

    def stats(self) -> dict:
        """Sizes of the index's parts."""
        m = self.config.corpus.site_min_docs
        return {
            "documents": len(self.doc_ids),
            "duplicates": len(self.dup),
            "sites": len(self.sites),
            "block_clusters": len(self._sketches),
            "titles": len(self._titles),
            "boilerplate_clusters": (
                sum(1 for n in self._home_docs if n >= m) + sum(1 for n in self._site_docs.values() if n >= m)
            ),
        }

    # ----------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the index to `path` (a versioned NumPy .npz of plain arrays plus a JSON header; no
        pickle)."""
        header = {
            "format": FORMAT,
            "version": VERSION,
            "config": self.config.to_dict(),
            "signer": self.signer,
            "doc_ids": self.doc_ids,
            "sites": self.sites,
        }
        exact_k, exact_v = self._exact.to_arrays()
        title_k, title_v = self._titles.to_arrays()
        arrays = {
            "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            "doc_site": np.asarray(self.doc_site, dtype=np.int32),
            "doc_len": np.asarray(self.doc_len, dtype=np.int64),
            "sigs": self._sigs.to_array(),
            "doc_bands": self._doc_bands.to_array(),
            "dup": np.asarray(
                [(d, a, round(s * 10000)) for d, (a, s) in sorted(self.dup.items())], dtype=np.int64
            ).reshape(-1, 3),
            "exact_keys": exact_k,
            "exact_vals": exact_v,
            "block_bands": self._block_bands.to_array(),
            "sketches": self._sketches.to_array(),
            "all_docs": np.asarray(self._all_docs, dtype=np.uint32),
            "home_site": np.asarray(self._home_site, dtype=np.int32),
            "home_docs": np.asarray(self._home_docs, dtype=np.uint32),
            "site_docs": np.asarray(
                [(s, c, n) for (s, c), n in self._site_docs.items()], dtype=np.int64
            ).reshape(-1, 3),
            "title_keys": title_k,
            "title_vals": title_v,
        }
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + ".part")
        with open(tmp, "wb") as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
        tmp.replace(p)

    @classmethod
    def load(cls, path: str | Path, config: Config | None = None) -> Index:
        """Read an index written by `save()`; raise IndexFileError with a clear message if it cannot be
        used (every field and array is checked: `dedup.corpus.indexfile`)."""
        indexfile.check_regular(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode())
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    raise IndexFileError(f"{path}: not a dedup index")
                if header.get("version") != VERSION:
                    raise IndexFileError(
                        f"{path}: index version {header.get('version')} is not supported "
                        f"(this dedup reads version {VERSION}; rebuild the index)"
                    )
                indexfile.check_header(header, path)
                data = {k: z[k] for k in z.files if k != "header"}
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
            detail = (
                "" if "pickle" in str(e) else f": {e}"
            )  # (NumPy's advice to load pickled data is not ours)
            raise IndexFileError(f"{path}: not a readable dedup index ({type(e).__name__}{detail})") from None
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
            idx.doc_ids = list(header["doc_ids"])
            ks = np.fromiter((_id_key(d) for d in idx.doc_ids), dtype=np.uint64, count=len(idx.doc_ids))
            uniq, first = np.unique(ks, return_index=True)
            idx._doc_keys = KeyMap.from_arrays(uniq, first.astype(np.uint32))
            if len(uniq) < len(ks):  # ids sharing a hash
                later = np.ones(len(ks), dtype=bool)
                later[first] = False
                idx._doc_pos = {idx.doc_ids[i]: i for i in np.flatnonzero(later).tolist()}
            idx.sites = list(header["sites"])
            idx._site_ids = {s: i for i, s in enumerate(idx.sites)}
            idx.doc_site = array("i", data["doc_site"].astype(np.int32).tobytes())
            idx.doc_len = array("q", data["doc_len"].astype(np.int64).tobytes())
            if data["sigs"].shape[1:] != (cfg.fingerprint.num_perm,):
                raise ValueError("signatures of the wrong width")
            idx._sigs = Rows.from_array(data["sigs"].astype(np.uint8))
            if not (len(idx.doc_site) == len(idx.doc_len) == len(idx._sigs) == len(idx.doc_ids)):
                raise ValueError("document arrays of different lengths")
            idx._doc_bands = BandMap.from_array(data["doc_bands"])
            idx.dup = {int(d): (int(a), s / 10000) for d, a, s in data["dup"].tolist()}
            idx._exact = KeyMap.from_arrays(data["exact_keys"], data["exact_vals"])
            idx._block_bands = BandMap.from_array(data["block_bands"])
            if data["sketches"].shape[1:] != (SKETCH_BYTES,):
                raise ValueError("block sketches of the wrong width")
            idx._sketches = Rows.from_array(data["sketches"].astype(np.uint8))
            idx._all_docs = array("I", data["all_docs"].astype(np.uint32).tobytes())
            idx._home_site = array("i", data["home_site"].astype(np.int32).tobytes())
            idx._home_docs = array("I", data["home_docs"].astype(np.uint32).tobytes())
            idx._site_docs = {(s, c): n for s, c, n in data["site_docs"].tolist()}
            idx._titles = KeyMap.from_arrays(data["title_keys"], data["title_vals"])
            n = len(idx._sketches)
            if not (len(idx._all_docs) == len(idx._home_site) == len(idx._home_docs) == n):
                raise ValueError("block arrays of different lengths")
            if len(data["exact_vals"]) and int(data["exact_vals"].max()) >= n:
                raise ValueError("a block key points past the blocks")
        except (KeyError, ValueError, IndexError, TypeError) as e:
            raise IndexFileError(f"{path}: damaged dedup index ({e})") from None
        idx.saved_config = saved
        return idx


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
