"""The corpus index's rules, written once for every backend (the file `Index`, the shared `RedisIndex`).

What a block is (exact key, else a band candidate verified on sketches at `block_similarity`), what a copy
is (document band candidates verified on signature low bytes at `doc_similarity`; a copy anchors nobody),
what counts (a cluster's documents corpus-wide and per site, originals only), and what an update of a
document does live here; a backend only keeps the memory, through the primitives `CorpusIndex` declares.

Order: documents have a rank, the order they were first added. A document whose id is already in the index
is an update: its old contribution (blocks counted, title, band keys, copy status) is withdrawn and its new
print put in at the same rank; documents whose status depended on it (its copies, later documents its new
print may anchor or be anchored by) are settled again, in rank order. The index then answers as a fresh
build of the latest prints in rank order would, but for which block of a near-duplicate group (not an exact
one) is a cluster's first: clusters are never taken apart.
"""

from __future__ import annotations

import heapq
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..config import Config
from ..fingerprint.sketch import BLOCK_BANDS, SKETCH_BYTES, signature_similarity, sketch_similarity
from ..text.segment import Line, Page
from .prints import DocPrint, block_key, sign_blocks
from .sites import site_of_url

#: a document as a backend knows it (a row of the file index, a hash of the id in Redis)
Ref = Any
#: a block cluster
Cid = int
#: (document copied, similarity)
Anchor = tuple[Any, float]
#: what copy detection weighs: (rank, document, low bytes of its signature)
Candidate = tuple[int, Any, np.ndarray]
#: bytes of one block of a copy, packed (`Blocks.pack`)
BLOCK_BYTES = 8 + SKETCH_BYTES + 4 * BLOCK_BANDS


@dataclass
class Blocks:
    """A document's indexed blocks as its print gave them: kept for a copy (whose blocks do not count), so
    that it can be counted if it stops being one."""

    keys: list[int]
    sketches: np.ndarray  # (n, SKETCH_BYTES) uint8
    bands: np.ndarray  # (n, BLOCK_BANDS) uint64

    @classmethod
    def of(cls, fp: DocPrint) -> Blocks:
        return cls(list(fp.block_keys), fp.block_sketches, fp.block_bands)

    def pack(self) -> bytes:
        """As plain bytes: keys (u64), sketches, band keys (u32): `BLOCK_BYTES` a block."""
        return (
            np.asarray(self.keys, dtype=np.uint64).tobytes()
            + np.asarray(self.sketches, dtype=np.uint8).tobytes()
            + np.asarray(self.bands, dtype=np.uint32).tobytes()
        )

    @classmethod
    def unpack(cls, data: bytes) -> Blocks:
        """The blocks `pack` wrote."""
        n = len(data) // BLOCK_BYTES
        keys = np.frombuffer(data, dtype=np.uint64, count=n)
        sketches = np.frombuffer(data, dtype=np.uint8, count=n * SKETCH_BYTES, offset=8 * n)
        bands = np.frombuffer(data, dtype=np.uint32, offset=(8 + SKETCH_BYTES) * n)
        return cls(keys.tolist(), sketches.reshape(n, SKETCH_BYTES), bands.astype(np.uint64).reshape(n, -1))


@dataclass
class DocState:
    """Everything the rules know of one indexed document."""

    ref: Any
    doc_id: str
    rank: int
    site: int  # the backend's number of its site
    length: int
    sig: np.ndarray  # (num_perm,) uint8: the low bytes of its signature
    bands: np.ndarray  # (num_perm // DOC_ROWS,) uint64: its document band keys
    title: int | None  # its title key
    anchor: Anchor | None  # the document it copies, or None: an original
    clusters: list[Cid] | None  # the clusters its blocks count in (an original, or an original made a copy)
    blocks: Blocks | None  # its blocks unclustered (a document that was a copy when its print came)


def best_copy(candidates: Sequence[Candidate], sig: np.ndarray, threshold: float) -> Anchor | None:
    """The candidate `sig` copies: the most similar at `threshold` or more, the first in rank on a tie."""
    best: Anchor | None = None
    for _, c, other in sorted(candidates, key=lambda t: t[0]):
        sim = signature_similarity(sig, other)
        if sim >= threshold and (best is None or sim > best[1]):
            best = (c, round(sim, 4))
    return best


class BlockLookup(ABC):
    """The clusters a backend knows for one batch of blocks (looked up together), and those the batch made."""

    @abstractmethod
    def exact(self, i: int, key: int) -> Cid | None:
        """The cluster of block `i` by its exact key."""

    @abstractmethod
    def firsts(self, i: int, bkeys: list[int]) -> list[Cid | None]:
        """The first cluster of each band key of block `i` (None where the band has none)."""


class CorpusIndex(ABC):
    """Corpus memory: what recurs across a site's pages, which titles exist, which documents are copies.

    `add()` the prints of `dedup.fingerprint` one document at a time; pass the index to `analyze()` /
    `clean()`. Subclasses keep the memory (the primitives below); the rules are the same for all.
    """

    config: Config
    signer: str

    # ----------------------------------------------------------------- fitting
    def add(self, fp: DocPrint) -> None:
        """Add a document's print; a print whose id the index holds replaces that document's (an update)."""
        self._begin()
        ref = self._ref_of(fp.doc_id)
        if ref is None:
            self._add_new(fp)
        else:
            self._update(ref, fp)

    def _add_new(self, fp: DocPrint) -> None:
        site = self._site_ref(fp.site, create=True)
        assert site is not None
        sig = (fp.signature & 0xFF).astype(np.uint8)
        cands = self._anchor_candidates(fp.doc_bands, None)
        anchor = best_copy(cands, sig, self.config.corpus.doc_similarity)
        if anchor is not None:  # a copy: its blocks are not counted as recurrence, and it anchors nobody
            self._put_new(fp, site, sig, anchor, None)
            return
        clusters = self._count_blocks(Blocks.of(fp), site)
        self._put_new(fp, site, sig, None, clusters)

    def _count_blocks(self, blocks: Blocks, site: int) -> list[Cid]:
        """Cluster `blocks` (making clusters for new ones) and count each cluster once for the document."""
        found = self._clusters(blocks.keys, blocks.sketches, blocks.bands, create=True)
        clusters: list[Cid] = [c for c in dict.fromkeys(found) if c is not None]  # (each once, in order)
        self._count(clusters, site, 1)
        return clusters

    def _clusters(
        self,
        keys: Sequence[int],
        sketches: np.ndarray,
        bands: np.ndarray,
        *,
        create: bool,
        look: BlockLookup | None = None,
    ) -> list[Cid | None]:
        """The cluster of each block (exact key, else a band candidate whose sketch is similar enough).

        With `create`, a block without one starts a new cluster, which later blocks (of this document too)
        can join.
        """
        if not len(keys):
            return []
        look = look or self._lookup(keys, bands)
        thr = self.config.corpus.block_similarity
        out: list[Cid | None] = []
        for i, key in enumerate(keys):
            c = look.exact(i, key)
            if c is None:
                bkeys = bands[i].tolist()
                row = look.firsts(i, bkeys)
                c = self._similar(sketches[i], row, thr)
                if create and c is None:
                    c = self._new_cluster(key, sketches[i], bkeys, row)
                elif create and c is not None:
                    self._join_cluster(key, c)
            out.append(c)
        return out

    def _similar(self, sketch: np.ndarray, row: list[Cid | None], threshold: float) -> Cid | None:
        """The first cluster of `row` whose sketch is `threshold`-similar to `sketch`."""
        seen: set[Cid] = set()
        for c in row:
            if c is None or c in seen:
                continue
            seen.add(c)
            if sketch_similarity(sketch, self._sketch(c)) >= threshold:
                return c
        return None

    # ----------------------------------------------------------------- updates
    def _update(self, ref: Ref, fp: DocPrint) -> None:
        """Replace a document's print, then settle again, in rank order, every document that may depend on
        it (its copies; later documents its new print shares a band with)."""
        old = self._doc(ref)
        if old.anchor is None and old.clusters:
            self._count(old.clusters, old.site, -1)
        site = self._site_ref(fp.site, create=True)
        assert site is not None
        new = DocState(
            ref,
            fp.doc_id,
            old.rank,
            site,
            fp.length,
            (fp.signature & 0xFF).astype(np.uint8),
            np.asarray(fp.doc_bands, dtype=np.uint64),
            fp.title_key,
            None,
            None,
            Blocks.of(fp),
        )
        new.anchor = self._best_anchor(new)
        if new.anchor is None:
            new.clusters, new.blocks = self._count_blocks(Blocks.of(fp), site), None
        self._put(new, old)
        self._settle_after(new, self._copies_of(ref) + self._later_sharing(new))

    def _best_anchor(self, doc: DocState) -> Anchor | None:
        """The document `doc` copies among the originals ranked before it."""
        cands = self._anchor_candidates(doc.bands, doc.rank)
        return best_copy(cands, doc.sig, self.config.corpus.doc_similarity)

    def _later_sharing(self, doc: DocState) -> list[tuple[int, Ref]]:
        """Documents ranked after `doc` that share one of its band keys, when `doc` is an original (it may
        now anchor them, or anchor them better)."""
        if doc.anchor is not None:
            return []
        return [(r, d) for r, d in self._docs_under(doc.bands) if r > doc.rank]

    def _settle_after(self, first: DocState, pending: list[tuple[int, Ref]]) -> None:
        """Settle the `pending` documents again in rank order, and those their changes reach."""
        heap = list(pending)
        heapq.heapify(heap)
        done = {first.ref}
        while heap:
            _, ref = heapq.heappop(heap)
            if ref in done:
                continue
            done.add(ref)
            for item in self._settle(ref):
                heapq.heappush(heap, item)

    def _settle(self, ref: Ref) -> list[tuple[int, Ref]]:
        """Decide again whether document `ref` is a copy, and of what; return the documents this reaches."""
        cur = self._doc(ref)
        anchor = self._best_anchor(cur)
        if anchor == cur.anchor:
            return []
        new = replace(cur, anchor=anchor)
        reached: list[tuple[int, Ref]] = []
        if cur.anchor is None:  # an original becomes a copy: its blocks stop counting, its copies move
            self._count(cur.clusters or [], cur.site, -1)
            reached = self._copies_of(ref)
        elif anchor is None:  # a copy becomes an original: its blocks count
            if cur.clusters is None:
                assert cur.blocks is not None
                new.clusters, new.blocks = self._count_blocks(cur.blocks, cur.site), None
            else:
                self._count(cur.clusters, cur.site, 1)
            reached = self._later_sharing(new)
        self._put(new, cur)
        return reached

    # ----------------------------------------------------------------- queries
    def recurrence(self, page: Page, lines: list[Line], site: str | None) -> list[tuple[int, int]]:
        """For each block of `lines` (of `page`): (documents of `site` holding it, documents corpus-wide).

        Blocks the index knows by their exact key need no signature; the others are signed together and
        looked up by band.
        """
        keys = [block_key(ln) for ln in lines]
        sketches = np.zeros((len(lines), SKETCH_BYTES), dtype=np.uint8)
        bands = np.zeros((len(lines), BLOCK_BANDS), dtype=np.uint64)
        if not keys:
            return []
        look = self._lookup(keys, bands)
        unknown = [i for i, k in enumerate(keys) if look.exact(i, k) is None]
        if unknown:
            sk, bk = sign_blocks(page, [lines[i] for i in unknown], self.config.fingerprint.seed)
            sketches[unknown] = sk
            bands[unknown] = bk  # (the lookup reads the band keys it is asked for from this array)
        return self._counts(self._clusters(keys, sketches, bands, create=False, look=look), site)

    def title_doc(self, text: str) -> str | None:
        """The id of the document whose title is `text`, if any."""
        return self.title_docs([text])[0]

    def site_of(self, url: str | None) -> str:
        """The site name used for a URL."""
        return site_of_url(url)

    @abstractmethod
    def title_docs(self, texts: Sequence[str]) -> list[str | None]:
        """`title_doc` of each of `texts` (asked together)."""

    @abstractmethod
    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        """(id of the kept document, similarity) when `doc_id` is a copy, else None."""

    @abstractmethod
    def site_pages(self, site: str | None) -> int:
        """How many documents of the index are pages of `site` (0 for an unknown site)."""

    @abstractmethod
    def stats(self) -> dict:
        """Sizes of the index's parts."""

    @abstractmethod
    def finalize(self) -> CorpusIndex:
        """Make the index ready for lookups once a batch of documents is added."""

    @abstractmethod
    def __len__(self) -> int: ...

    # ----------------------------------------------------------------- memory (the backend's)
    def _begin(self) -> None:  # noqa: B027 (a hook: most backends need nothing)
        """Called before each document is added."""

    @abstractmethod
    def _ref_of(self, doc_id: str) -> Ref | None:
        """The document of `doc_id`, if indexed."""

    @abstractmethod
    def _site_ref(self, site: str, *, create: bool) -> int | None:
        """The number of `site` (made when `create` and new)."""

    @abstractmethod
    def _lookup(self, keys: Sequence[int], bands: np.ndarray) -> BlockLookup:
        """A lookup of the blocks of exact `keys` and band keys `bands` (rows read when asked)."""

    @abstractmethod
    def _sketch(self, c: Cid) -> np.ndarray:
        """The sketch of cluster `c` (its first block's)."""

    @abstractmethod
    def _new_cluster(self, key: int, sketch: np.ndarray, bkeys: list[int], firsts: list[Cid | None]) -> Cid:
        """A new cluster for a block (exact `key`, `sketch`); it becomes the first of its free bands."""

    @abstractmethod
    def _join_cluster(self, key: int, c: Cid) -> None:
        """Block key `key` is in cluster `c` from now on."""

    @abstractmethod
    def _count(self, clusters: Sequence[Cid], site: int, delta: int) -> None:
        """Add `delta` documents of `site` (and corpus-wide) to each of `clusters`."""

    @abstractmethod
    def _counts(self, clusters: Sequence[Cid | None], site: str | None) -> list[tuple[int, int]]:
        """(documents of `site`, documents corpus-wide) of each cluster ((0, 0) for None)."""

    @abstractmethod
    def _anchor_candidates(self, bands: np.ndarray, below: int | None) -> list[Candidate]:
        """Originals ranked before `below` (any, for None) that hold one of the document band keys `bands`
        among their current ones."""

    @abstractmethod
    def _docs_under(self, bands: np.ndarray) -> list[tuple[int, Ref]]:
        """(rank, document) of documents, originals or copies, that may hold one of `bands`."""

    @abstractmethod
    def _copies_of(self, ref: Ref) -> list[tuple[int, Ref]]:
        """(rank, document) of the copies of `ref`."""

    @abstractmethod
    def _put_new(
        self, fp: DocPrint, site: int, sig: np.ndarray, anchor: Anchor | None, clusters: list[Cid] | None
    ) -> None:
        """Store a new document, ranked last: a copy of `anchor`, or an original counted in `clusters`."""

    @abstractmethod
    def _doc(self, ref: Ref) -> DocState:
        """Everything known of document `ref`."""

    @abstractmethod
    def _put(self, doc: DocState, old: DocState) -> None:
        """Store the new state of a document (`old`: what it was)."""
