"""Index: the corpus memory. Block recurrence per site and corpus-wide, titles, and document copies.

What one indexed block costs is stated in the README (measured by benchmarks/speed: about 2.5 KB per distinct
block, mostly its 16 band keys in `_block_bands` and its word 3-gram hashes in `_reps`).
"""
from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import numpy as np

import regex

from .config import Config
from .minhash import signatures
from .normalize import normalize
from .report import Flag
from .segment import Line, Page, segment
from .shingle import batch_shingle_hashes

FORMAT = "dedup-index"
VERSION = 1
_DIGITS = regex.compile(r"\d+")
BLOCK_BANDS, BLOCK_ROWS = 16, 4      # 64 permutations for block clustering: S-curve midpoint ~0.50
DOC_BANDS, DOC_ROWS = 16, 8          # 128 permutations for documents: S-curve midpoint ~0.71
MAX_BLOCK_WORDS = 120                # longer blocks are content, not template text


def site_of_url(url: str | None) -> str:
    """The site of a URL: its host without a leading 'www.' ('' when unknown)."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def block_key(line: Line) -> int:
    """Exact identity of a block: its normalised text with digits masked (dates, counters), hashed."""
    return zlib.crc32(_DIGITS.sub("0", line.norm).encode()) << 32 | zlib.adler32(line.norm.encode())


def title_key(text: str) -> int:
    """Identity of a title: its normalised text, hashed."""
    n = normalize(text)
    return zlib.crc32(n.encode()) << 32 | zlib.adler32(n.encode())


def _band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint64 keys: each band of `rows` signature values folded into one 64-bit int."""
    s = sig[:, :bands * rows].astype(np.uint64).reshape(len(sig), bands, rows)
    with np.errstate(over="ignore"):
        acc = np.zeros((len(sig), bands), dtype=np.uint64)
        for r in range(rows):
            acc = acc * np.uint64(0x100000001B3) + s[:, :, r]
        acc ^= np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return acc


@dataclass
class DocPrint:
    """What the fingerprint pass computes for one document (in a worker, without the index)."""

    doc_id: str
    site: str
    title_key: int | None
    length: int
    signature: np.ndarray            # (num_perm,) uint32 over word 5-grams of the whole text
    block_keys: list[int]            # exact keys of the indexable blocks
    block_shingles: list[np.ndarray]  # word 3-gram hashes of those blocks
    block_bands: np.ndarray          # (n_blocks, BLOCK_BANDS) uint64


class Doc(NamedTuple):
    """One document to fingerprint."""

    text: str
    doc_id: str
    title: str | None = None
    url: str | None = None
    site: str | None = None


def fingerprint(text: str, *, doc_id: str, title: str | None = None, url: str | None = None,
                site: str | None = None, config: Config | None = None) -> DocPrint:
    """Compute a document's fingerprint (pure: no index needed, so it runs in worker processes)."""
    return fingerprint_many([Doc(text, doc_id, title, url, site)], config)[0]


def fingerprint_many(docs: Sequence[Doc], config: Config | None = None, *,
                     single_page_flags: list[list[Flag]] | None = None) -> list[DocPrint]:
    """`fingerprint` of many documents; their signatures are computed together (a few NumPy calls).

    If `single_page_flags` is a list, the flags of the single-page detectors on each document under its own
    title (what `analyze(text, title=doc.title)` finds before corpus evidence) are appended to it: the
    fingerprint computes most of them anyway, and the corpus run's cleaning pass reuses them.
    """
    from .detectors import Context
    from .pipeline import TITLE_DETECTORS, analyze_page, page_flags

    cfg = config or Config()
    sites, titles, bodies, keys, shingles, counts = [], [], [], [], [], []
    for doc in docs:
        page = segment(doc.text)
        first = page.lines[0].text if page.lines else None
        title = doc.title if doc.title is not None else first
        sites.append(doc.site if doc.site is not None else site_of_url(doc.url))
        titles.append(title)
        blocks = [ln for ln in page.lines if 1 <= len(ln.words) <= MAX_BLOCK_WORDS]
        line_sh = page.line_shingles(3) if blocks else []
        keys.append([block_key(b) for b in blocks])
        shingles.extend(line_sh[b.index].copy() for b in blocks)
        counts.append(len(blocks))
        # copies carry different injected junk: sign what the single-page cleaner keeps
        sign_title = title if title != first else None
        clean_page = Page(doc.text, page.lines, sign_title, page.memo)
        found = page_flags(Context.build(clean_page, cfg))
        flat = [f for _, fl in found for f in fl]
        bodies.append(analyze_page(clean_page, config=cfg, single_page_flags=flat).clean)
        if single_page_flags is not None:
            if doc.title != sign_title:  # only the detectors that read the title can find something else
                own = Page(doc.text, page.lines, doc.title, page.memo)
                found = page_flags(Context.build(own, cfg),
                                   reuse={n: fl for n, fl in found if n not in TITLE_DETECTORS})
                flat = [f for _, fl in found for f in fl]
            single_page_flags.append(flat)
    if shingles:
        offs = np.zeros(len(shingles) + 1, dtype=np.int64)
        np.cumsum([len(s) for s in shingles], out=offs[1:])
        bsig = signatures(np.concatenate(shingles), offs, num_perm=BLOCK_BANDS * BLOCK_ROWS, seed=cfg.seed + 1)
        bands = _band_keys(bsig, BLOCK_BANDS, BLOCK_ROWS)
    else:
        bands = np.zeros((0, BLOCK_BANDS), dtype=np.uint64)
    h, o = batch_shingle_hashes(bodies, cfg.ngram)
    sigs = signatures(h, o, num_perm=cfg.num_perm, seed=cfg.seed)
    out, pos = [], 0
    for i, doc in enumerate(docs):
        n = counts[i]
        out.append(DocPrint(doc.doc_id, sites[i], title_key(titles[i]) if titles[i] else None, len(doc.text), sigs[i],
                            keys[i], shingles[pos:pos + n], bands[pos:pos + n]))
        pos += n
    return out


class Index:
    """Corpus memory: what recurs across a site's pages, which titles exist, which documents are copies.

    Fit it with `add()` (one document at a time, in a stable order), then pass it to `analyze()`/`clean()`.
    State is explicit and deterministic: the same documents added in the same order give the same index.

    Example:
        >>> idx = Index()
        >>> for i, t in enumerate(["Title A\\n\\nBody one is here.\\n\\nSubscribe to The Brief for more.",
        ...                        "Title B\\n\\nBody two is here.\\n\\nSubscribe to The Brief for more.",
        ...                        "Title C\\n\\nBody three.\\n\\nSubscribe to The Brief for more."]):
        ...     idx.add(t, doc_id=str(i), url=f"https://site.example/{i}")
        >>> len(idx)
        3
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.doc_ids: list[str] = []
        self._doc_pos: dict[str, int] = {}
        self.doc_site: list[int] = []
        self.doc_len: list[int] = []
        self._sigs: list[np.ndarray] = []
        self._doc_bands: dict[int, int | list[int]] = {}  # band key -> document (a list when several)
        self.dup: dict[int, tuple[int, float]] = {}
        self.sites: list[str] = []
        self._site_ids: dict[str, int] = {}
        self._exact: dict[int, int] = {}
        self._block_bands: dict[int, int] = {}
        self._reps: list[np.ndarray] = []
        self._site_docs: dict[tuple[int, int], int] = {}
        self._site_last: dict[tuple[int, int], int] = {}
        self._all_docs: list[int] = []
        self._all_last: list[int] = []
        self._titles: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.doc_ids)

    # ----------------------------------------------------------------- fitting
    def add(self, text: str, *, doc_id: str, title: str | None = None, url: str | None = None,
            site: str | None = None) -> None:
        """Fingerprint one document and add it to the index."""
        self.add_print(fingerprint(text, doc_id=doc_id, title=title, url=url, site=site, config=self.config))

    def add_print(self, fp: DocPrint) -> None:
        """Add a precomputed fingerprint (from `fingerprint()`, e.g. computed in a worker process)."""
        if fp.doc_id in self._doc_pos:
            raise ValueError(f"document id {fp.doc_id!r} is already in the index")
        pos = len(self.doc_ids)
        self.doc_ids.append(fp.doc_id)
        self._doc_pos[fp.doc_id] = pos
        sid = self._site_ids.setdefault(fp.site, len(self.sites))
        if sid == len(self.sites):
            self.sites.append(fp.site)
        self.doc_site.append(sid)
        self.doc_len.append(fp.length)
        self._sigs.append(fp.signature.astype(np.uint32))
        if fp.title_key is not None:
            self._titles.setdefault(fp.title_key, pos)
        keys = _band_keys(fp.signature[None, :], DOC_BANDS, DOC_ROWS)[0].tolist()
        anchor = self._find_copy(pos, keys)
        if anchor is not None:
            self.dup[pos] = anchor
            return  # a copy: its blocks are not counted as recurrence, and it anchors nobody
        self._add_doc_bands(pos, keys)
        for key, sh, bands in zip(fp.block_keys, fp.block_shingles, fp.block_bands):
            c = self._cluster(key, sh, bands.tolist(), create=True)
            sk = (sid, c)
            if self._site_last.get(sk) != pos:
                self._site_last[sk] = pos
                self._site_docs[sk] = self._site_docs.get(sk, 0) + 1
            if self._all_last[c] != pos:
                self._all_last[c] = pos
                self._all_docs[c] += 1

    def _add_doc_bands(self, pos: int, keys: list[int]) -> None:
        # most band keys hold one document: a bare int then, not a list (a tenth of the memory)
        for k in keys:
            found = self._doc_bands.get(k)
            if found is None:
                self._doc_bands[k] = pos
            elif isinstance(found, int):
                self._doc_bands[k] = [found, pos]
            else:
                found.append(pos)

    def _find_copy(self, pos: int, keys: list[int]) -> tuple[int, float] | None:
        cands: set[int] = set()
        for k in keys:
            found = self._doc_bands.get(k)
            if isinstance(found, int):
                cands.add(found)
            elif found is not None:
                cands.update(found)
        best: tuple[int, float] | None = None
        sig = self._sigs[pos]
        for c in sorted(cands):
            sim = float(np.mean(sig == self._sigs[c]))
            if sim >= self.config.doc_similarity and (best is None or sim > best[1]):
                best = (c, round(sim, 4))
        return best

    def _cluster(self, key: int, sh: np.ndarray, bands: list[int], *, create: bool) -> int | None:
        c = self._exact.get(key)
        if c is not None:
            return c
        seen: set[int] = set()
        for b in bands:
            cand = self._block_bands.get(b)
            if cand is None or cand in seen:
                continue
            seen.add(cand)
            if _jaccard(sh, self._reps[cand]) >= self.config.block_similarity:
                if create:
                    self._exact[key] = cand
                return cand
        if not create:
            return None
        c = len(self._reps)
        self._reps.append(sh)
        self._all_docs.append(0)
        self._all_last.append(-1)
        self._exact[key] = c
        for b in bands:
            self._block_bands.setdefault(b, c)
        return c

    def finalize(self) -> Index:
        """Apply `keep="longest"`: in every group of copies, keep the longest document (ties: the first)."""
        if self.config.keep != "longest" or not self.dup:
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
                    self.dup[d] = (keep, round(float(np.mean(self._sigs[d] == self._sigs[keep])), 4))
            self.dup.pop(keep, None)
        return self

    # ----------------------------------------------------------------- queries
    def site_of(self, url: str | None) -> str:
        """The site name used for a URL."""
        return site_of_url(url)

    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        """(id of the kept document, similarity) when `doc_id` is a copy, else None."""
        pos = self._doc_pos.get(doc_id) if doc_id is not None else None
        if pos is None or pos not in self.dup:
            return None
        a, sim = self.dup[pos]
        return self.doc_ids[a], sim

    def block_prints(self, page: Page, lines: list[Line], seed: int
                     ) -> tuple[list[np.ndarray | None], list[list[int] | None]]:
        """Word 3-gram hashes and band keys (signatures with `seed` + 1) of the blocks `lines` of `page`,
        for `recurrence`.

        A block the index knows by its exact key needs neither (None): they are computed, together, only
        for the others.
        """
        shingles: list[np.ndarray | None] = [None] * len(lines)
        bands: list[list[int] | None] = [None] * len(lines)
        unknown = [i for i, ln in enumerate(lines) if block_key(ln) not in self._exact]
        if unknown:
            line_sh = page.line_shingles(3)
            for i in unknown:
                shingles[i] = line_sh[lines[i].index]
            offs = np.zeros(len(unknown) + 1, dtype=np.int64)
            np.cumsum([len(shingles[i]) for i in unknown], out=offs[1:])
            sig = signatures(np.concatenate([shingles[i] for i in unknown]), offs,
                             num_perm=BLOCK_BANDS * BLOCK_ROWS, seed=seed + 1)
            for i, keys in zip(unknown, _band_keys(sig, BLOCK_BANDS, BLOCK_ROWS).tolist()):
                bands[i] = keys
        return shingles, bands

    def recurrence(self, line: Line, site: str | None, shingles: np.ndarray | None, bands: list[int] | None
                   ) -> tuple[int, int]:
        """(documents of `site` holding this block, documents corpus-wide holding it).

        `shingles` and `bands` (from `block_prints`) may be None for a block known by its exact key.
        """
        c = self._cluster(block_key(line), shingles, bands, create=False)
        if c is None:
            return 0, 0
        sid = self._site_ids.get(site or "")
        return (self._site_docs.get((sid, c), 0) if sid is not None else 0), self._all_docs[c]

    def title_doc(self, text: str) -> str | None:
        """The id of the document whose title is `text`, if any."""
        pos = self._titles.get(title_key(text))
        return self.doc_ids[pos] if pos is not None else None

    def stats(self) -> dict:
        """Sizes of the index's parts."""
        return {"documents": len(self.doc_ids), "duplicates": len(self.dup), "sites": len(self.sites),
                "block_clusters": len(self._reps), "titles": len(self._titles),
                "boilerplate_clusters": sum(1 for (s, c), n in self._site_docs.items()
                                            if n >= self.config.site_min_docs)}

    # ----------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the index to `path` (a versioned NumPy .npz of plain arrays plus a JSON header; no pickle)."""
        header = {"format": FORMAT, "version": VERSION, "config": self.config.to_dict(),
                  "doc_ids": self.doc_ids, "sites": self.sites}
        rep_off = np.zeros(len(self._reps) + 1, dtype=np.int64)
        rep_off[1:] = np.cumsum([len(r) for r in self._reps])
        sd = list(self._site_docs.items())
        arrays = {
            "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            "doc_site": np.asarray(self.doc_site, dtype=np.int32),
            "doc_len": np.asarray(self.doc_len, dtype=np.int64),
            "sigs": (np.stack(self._sigs) if self._sigs
                     else np.zeros((0, self.config.num_perm), dtype=np.uint32)),
            "dup": np.asarray([(d, a, int(s * 10000)) for d, (a, s) in sorted(self.dup.items())],
                              dtype=np.int64).reshape(-1, 3),
            "exact": np.asarray(list(self._exact.items()), dtype=np.uint64).reshape(-1, 2),
            "block_bands": np.asarray(list(self._block_bands.items()), dtype=np.uint64).reshape(-1, 2),
            "reps": np.concatenate(self._reps) if self._reps else np.zeros(0, dtype=np.uint64),
            "rep_off": rep_off,
            "site_docs": np.asarray([(s, c, n, self._site_last[(s, c)]) for (s, c), n in sd],
                                    dtype=np.int64).reshape(-1, 4),
            "all_docs": np.asarray(self._all_docs, dtype=np.int64),
            "all_last": np.asarray(self._all_last, dtype=np.int64),
            "titles": np.asarray(list(self._titles.items()), dtype=np.uint64).reshape(-1, 2),
        }
        p = Path(path)
        tmp = p.with_name(p.name + ".part")
        with open(tmp, "wb") as f:
            np.savez_compressed(f, **arrays)
        tmp.replace(p)

    @classmethod
    def load(cls, path: str | Path, config: Config | None = None) -> Index:
        """Read an index written by `save()`; raise IndexFileError with a clear message if it cannot be used."""
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode())
                if header.get("format") != FORMAT:
                    raise IndexFileError(f"{path}: not a dedup index")
                if header.get("version") != VERSION:
                    raise IndexFileError(f"{path}: index version {header.get('version')} is not supported "
                                         f"(this dedup reads version {VERSION})")
                data = {k: z[k] for k in z.files if k != "header"}
        except IndexFileError:
            raise
        except FileNotFoundError:
            raise IndexFileError(f"{path}: no such index file") from None
        except (OSError, ValueError, KeyError, EOFError, struct.error, zlib.error, json.JSONDecodeError,
                UnicodeDecodeError) as e:
            raise IndexFileError(f"{path}: not a readable dedup index ({type(e).__name__}: {e})") from None
        saved = Config(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in header["config"].items()})
        cfg = config or saved
        if (cfg.num_perm, cfg.ngram, cfg.seed) != (saved.num_perm, saved.ngram, saved.seed):
            raise IndexFileError(f"{path}: built with num_perm={saved.num_perm}, ngram={saved.ngram}, "
                                 f"seed={saved.seed}; the current settings differ")
        try:
            idx = cls(cfg)
            idx.doc_ids = list(header["doc_ids"])
            idx._doc_pos = {d: i for i, d in enumerate(idx.doc_ids)}
            idx.sites = list(header["sites"])
            idx._site_ids = {s: i for i, s in enumerate(idx.sites)}
            idx.doc_site = data["doc_site"].tolist()
            idx.doc_len = data["doc_len"].tolist()
            idx._sigs = list(data["sigs"])
            if not (len(idx.doc_site) == len(idx.doc_len) == len(idx._sigs) == len(idx.doc_ids)):
                raise ValueError("document arrays of different lengths")
            idx.dup = {int(d): (int(a), s / 10000) for d, a, s in data["dup"]}
            for pos, sig in enumerate(idx._sigs):
                if pos not in idx.dup:
                    idx._add_doc_bands(pos, _band_keys(sig[None, :], DOC_BANDS, DOC_ROWS)[0].tolist())
            idx._exact = {int(k): int(v) for k, v in data["exact"]}
            idx._block_bands = {int(k): int(v) for k, v in data["block_bands"]}
            off = data["rep_off"]
            idx._reps = [data["reps"][off[i]:off[i + 1]] for i in range(len(off) - 1)]
            for s, c, n, last in data["site_docs"].tolist():
                idx._site_docs[(s, c)] = n
                idx._site_last[(s, c)] = last
            idx._all_docs = data["all_docs"].tolist()
            idx._all_last = data["all_last"].tolist()
            idx._titles = {int(k): int(v) for k, v in data["titles"]}
            if len(idx._all_docs) != len(idx._reps):
                raise ValueError("block arrays of different lengths")
        except (KeyError, ValueError, IndexError, TypeError) as e:
            raise IndexFileError(f"{path}: damaged dedup index ({e})") from None
        return idx


class IndexFileError(Exception):
    """An index file that cannot be used: not an index, another version, or damaged."""


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)
