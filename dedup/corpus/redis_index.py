"""RedisIndex: one corpus index shared by many processes on many machines (a crawler fleet), in Redis.

The rules are `dedup.corpus.base`'s, the same as the file `Index`'s: the same prints added in the same order
give the same answers. Each `add` is one optimistic transaction (`dedup.corpus.redis_store.Tx`): its reads
are checked and its writes applied by one Lua script, so writers adding at once never lose a count or a
copy, and a writer whose reads went stale does its document again. Documents rank in the order their first
print was committed. The key layout is `dedup.corpus.redis_schema`'s.

    index = dedup.Index.connect("redis://localhost:6379/0?prefix=news")
    index.add(dedup.fingerprint(text, doc_id=url, url=url))
    report = dedup.analyze(text, index=index, url=url, doc_id=url)

A shared index keeps the first of a group of copies (`keep="first"`): there is no end of the corpus at
which to choose the longest. Not thread-safe: one `RedisIndex` per thread (or process).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from ..config import Config
from ..errors import SharedIndexError, UsageError
from ..text.segment import Line, Page
from .base import Anchor, BlockLookup, Blocks, Candidate, Cid, CorpusIndex, DocState, Ref
from .prints import DocPrint, block_key, title_key
from .redis_schema import FORMAT, SCHEMA, Keys, from_u64, ref_of, refs, u64
from .redis_store import MAX_CONFLICTS, Reader, Store, Tx, Where

T = TypeVar("T")
_DOC_FIELDS = (
    b"id",
    b"rank",
    b"site",
    b"len",
    b"sig",
    b"bands",
    b"title",
    b"dup",
    b"sim",
    b"clusters",
    b"blocks",
)


class _Lookup(BlockLookup):
    """Blocks looked up in Redis: exact keys at once; band keys (and the sketches of the clusters they
    name) at once, when first asked."""

    def __init__(self, idx: RedisIndex, keys: Sequence[int], bands: np.ndarray) -> None:
        self._idx, self._keys, self._bands = idx, keys, bands
        found = idx._reader.get_many([idx._k.exact(k) for k in keys])
        self._unknown = [i for i, v in enumerate(found) if v is None]
        self._loaded = False

    def exact(self, i: int, key: int) -> Cid | None:
        return from_u64(self._idx._reader.get(*self._idx._k.exact(key)))

    def firsts(self, i: int, bkeys: list[int]) -> list[Cid | None]:
        r, k = self._idx._reader, self._idx._k
        if not self._loaded:
            self._loaded = True
            rows = [k.band(b) for j in self._unknown for b in self._bands[j].tolist()]
            cids = {from_u64(v) for v in r.get_many(rows) if v is not None}
            r.get_many([k.sketch(c) for c in cids if c is not None], stable=True)
        return [from_u64(r.get(*k.band(b))) for b in bkeys]


class RedisIndex(CorpusIndex):
    """A corpus index in Redis, shared by every process that connects to it (see the module docstring)."""

    def __init__(self, store: Store, config: Config, signer: str = "") -> None:
        self.config, self.signer = config, signer
        self._store = store
        self._k = Keys(store.where.prefix)
        self._r: Reader | None = None
        self._site_ids: dict[str, int] = {}

    @classmethod
    def connect(cls, url: str, config: Config | None = None, *, signer: str = "") -> RedisIndex:
        """Connect to the shared index at `url` (`redis://host:port/db?prefix=NAME`), made on first use;
        SharedIndexError (one line, naming the URL) when it cannot be reached or was built otherwise."""
        cfg = config or Config()
        where = Where.parse(url)
        if cfg.corpus.keep != "first":
            raise UsageError(f"{where.shown}: a shared index keeps the first copy (keep='first')")
        store = Store(where)
        store.check()
        idx = cls(store, cfg, signer)
        store.retrying(idx._claim)
        return idx

    def _claim(self) -> None:
        """Write the index's settings if it is new; refuse one built with other fingerprint settings."""
        fp = self.config.fingerprint
        mine: dict[bytes, str | int] = {
            b"format": FORMAT,
            b"schema": SCHEMA,
            b"num_perm": fp.num_perm,
            b"ngram": fp.ngram,
            b"seed": fp.seed,
            b"signer": self.signer,
        }
        c = self._store.client
        with c.pipeline(transaction=True) as p:
            for field, value in mine.items():
                p.hsetnx(self._k.meta, field, value)
            p.hgetall(self._k.meta)
            saved: dict[bytes, bytes] = p.execute()[-1]
        for field, value in mine.items():
            if field != b"signer" and saved.get(field) != str(value).encode():
                got = {k.decode(): saved.get(k, b"?").decode() for k in mine if k != b"signer"}
                raise SharedIndexError(
                    f"{self._store.where.shown}: built as {got}; the current settings differ"
                )

    def close(self) -> None:
        """Close the connections (the index stays in Redis)."""
        self._store.close()

    def __getstate__(self) -> dict[str, Any]:  # (a worker process started by spawn connects again)
        return {"url": self._store.where, "config": self.config, "signer": self.signer}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(Store(state["url"]), state["config"], state["signer"])  # type: ignore[misc]

    # ----------------------------------------------------------------- reading and writing
    @property
    def _reader(self) -> Reader:
        assert self._r is not None, "a RedisIndex primitive outside a query or an add"
        return self._r

    @property
    def _tx(self) -> Tx:
        assert isinstance(self._r, Tx), "a write outside an add"
        return self._r

    def _query(self, fn: Callable[[], T]) -> T:
        """`fn()` with a fresh reader, tried again while the server cannot be reached."""

        def once() -> T:
            self._r = Reader(self._store)
            try:
                return fn()
            finally:
                self._r = None

        return self._store.retrying(once)

    def add(self, fp: DocPrint) -> None:
        """Add (or update) a document, atomically against every other writer."""
        self._store.retrying(lambda: self._add_once(fp))

    def _add_once(self, fp: DocPrint) -> None:
        for _ in range(MAX_CONFLICTS):
            tx = Tx(self._store, self._k.meta)
            self._r = tx
            try:
                self._prefetch(tx, fp)
                self._check_alive()
                super().add(fp)
            finally:
                self._r = None
            if tx.commit():
                return
        raise SharedIndexError(
            f"{self._store.where.shown}: {fp.doc_id!r} could not be added: other writers changed what it "
            f"read {MAX_CONFLICTS} times"
        )

    def _check_alive(self) -> None:
        """The index's settings are still on the server (a server restarted without persistence, or
        flushed, has lost the index: an error, not a silent new start)."""
        if self._reader.get(self._k.meta, b"format") != FORMAT.encode():
            raise SharedIndexError(
                f"{self._store.where.shown}: the shared index is gone from the server (restarted without "
                f"persistence, or flushed?); see docs/fleets.md"
            )

    def _prefetch(self, tx: Tx, fp: DocPrint) -> None:
        """Read in two round trips what adding `fp` as a new document reads: its record (absent), its band
        keys' documents, its title's, its blocks' clusters by key and by band; then those documents' states
        and those clusters' sketches. (An update reads more as it goes.)"""
        k = self._k
        record = k.doc(ref_of(fp.doc_id))
        pairs = [(k.meta, b"format"), *[(record, f) for f in _DOC_FIELDS]]
        pairs += [k.doc_band(b) for b in fp.doc_bands.tolist()]
        pairs += [k.title(fp.title_key)] if fp.title_key is not None else []
        pairs += [k.exact(key) for key in fp.block_keys]
        pairs += [k.band(b) for b in np.asarray(fp.block_bands).ravel().tolist()]
        tx.prefetch(pairs)
        docs = {d for b in fp.doc_bands.tolist() for d in refs(tx.cached(k.doc_band(b)))}
        firsts = [tx.cached(k.band(b)) for b in np.asarray(fp.block_bands).ravel().tolist()]
        more = [(k.doc(d), f) for d in docs for f in (b"rank", b"dup", b"sig", b"id", b"copies")]
        more += [k.sketch(c) for c in {from_u64(v) for v in firsts if v is not None} if c is not None]
        tx.prefetch(more)

    # ----------------------------------------------------------------- memory: blocks
    def _lookup(self, keys: Sequence[int], bands: np.ndarray) -> BlockLookup:
        return _Lookup(self, keys, bands)

    def _sketch(self, c: Cid) -> np.ndarray:
        found = self._reader.get(*self._k.sketch(c), stable=True)
        assert found is not None, f"cluster {c} has no sketch"
        return np.frombuffer(found, dtype=np.uint8)

    def _new_cluster(self, key: int, sketch: np.ndarray, bkeys: list[int], firsts: list[Cid | None]) -> Cid:
        tx = self._tx
        tx.set(*self._k.exact(key), u64(key))  # (a cluster is named by its first block's exact key)
        tx.set(*self._k.sketch(key), np.asarray(sketch, dtype=np.uint8).tobytes())
        for b, first in zip(bkeys, firsts):
            if first is None:
                tx.set(*self._k.band(b), u64(key))
        return key

    def _join_cluster(self, key: int, c: Cid) -> None:
        self._tx.set(*self._k.exact(key), u64(c))

    def _count(self, clusters: Sequence[Cid], site: int, delta: int) -> None:
        for c in clusters:
            self._tx.incr(*self._k.count(c), delta)
            self._tx.incr(*self._k.count(c, site), delta)

    def _counts(self, clusters: Sequence[Cid | None], site: str | None) -> list[tuple[int, int]]:
        sid = self._site_ref(site or "", create=False)
        known = [c for c in clusters if c is not None]
        pairs = [self._k.count(c) for c in known]
        if sid is not None:
            pairs += [self._k.count(c, sid) for c in known]
        values = [int(v) if v is not None else 0 for v in self._reader.get_many(pairs)]
        every = dict(zip(known, values))
        here = dict(zip(known, values[len(known) :])) if sid is not None else {}
        return [(here.get(c, 0), every[c]) if c is not None else (0, 0) for c in clusters]

    # ----------------------------------------------------------------- memory: documents
    def _ref_of(self, doc_id: str) -> Ref | None:
        ref = ref_of(doc_id)
        return ref if self._reader.get(self._k.doc(ref), b"rank") is not None else None

    def _site_ref(self, site: str, *, create: bool) -> int | None:
        sid = self._site_ids.get(site)
        if sid is not None:
            return sid
        name = site.encode("utf-8", "surrogatepass")
        if create:
            sid = self._store.number(self._k.sites, name, self._k.meta, b"sites")
        else:
            found = self._reader.get(self._k.sites, name, stable=True)
            sid = int(found) if found is not None else None
        if sid is not None:
            self._site_ids[site] = sid
        return sid

    def _under(self, bands: np.ndarray) -> list[bytes]:
        lists = self._reader.get_many([self._k.doc_band(b) for b in bands.tolist()])
        return list(dict.fromkeys(r for packed in lists for r in refs(packed)))

    def _fields(self, docs: Sequence[bytes], fields: Sequence[bytes]) -> list[list[bytes | None]]:
        """`fields` of each of `docs`, read together."""
        flat = self._reader.get_many([(self._k.doc(d), f) for d in docs for f in fields])
        n = len(fields)
        return [flat[i * n : (i + 1) * n] for i in range(len(docs))]

    def _anchor_candidates(self, bands: np.ndarray, below: int | None) -> list[Candidate]:
        docs = self._under(bands)
        out: list[Candidate] = []
        for d, (rank, dup, sig) in zip(docs, self._fields(docs, (b"rank", b"dup", b"sig"))):
            if rank is None or dup is not None or sig is None:
                continue
            if below is None or int(rank) < below:
                out.append((int(rank), d, np.frombuffer(sig, dtype=np.uint8)))
        return out

    def _docs_under(self, bands: np.ndarray) -> list[tuple[int, Ref]]:
        return self._ranked(self._under(bands))

    def _ranked(self, docs: list[bytes]) -> list[tuple[int, Ref]]:
        ranks = self._fields(docs, (b"rank",))
        return [(int(r[0]), d) for d, r in zip(docs, ranks) if r[0] is not None]

    def _copies_of(self, ref: Ref) -> list[tuple[int, Ref]]:
        return self._ranked(refs(self._reader.get(self._k.doc(ref), b"copies")))

    def _put_new(
        self, fp: DocPrint, site: int, sig: np.ndarray, anchor: Anchor | None, clusters: list[Cid] | None
    ) -> None:
        ref = ref_of(fp.doc_id)
        key, tx = self._k.doc(ref), self._tx
        tx.set(key, b"id", fp.doc_id.encode("utf-8", "surrogatepass"))
        tx.set_rank(key, b"rank")
        tx.incr(self._k.meta, b"docs", 1)
        old = DocState(ref, fp.doc_id, -1, -1, -1, sig, np.zeros(0, np.uint64), None, None, None, None)
        new = DocState(
            ref,
            fp.doc_id,
            -1,
            site,
            fp.length,
            sig,
            np.asarray(fp.doc_bands, dtype=np.uint64),
            fp.title_key,
            anchor,
            clusters,
            Blocks.of(fp) if anchor is not None else None,
        )
        self._put(new, old, new_doc=True)

    def _doc(self, ref: Ref) -> DocState:
        doc_id, rank, site, n, sig, bands, title, dup, sim, clusters, blocks = self._fields(
            [ref], _DOC_FIELDS
        )[0]
        assert doc_id is not None and rank is not None and sig is not None and bands is not None
        anchor = (ref_of(dup.decode("utf-8", "surrogatepass")), int(sim or 0) / 10000) if dup else None
        return DocState(
            ref,
            doc_id.decode("utf-8", "surrogatepass"),
            int(rank),
            int(site or 0),
            int(n or 0),
            np.frombuffer(sig, dtype=np.uint8),
            np.frombuffer(bands, dtype=np.uint32).astype(np.uint64),
            from_u64(title),
            anchor,
            np.frombuffer(clusters, dtype=np.uint64).tolist() if clusters is not None else None,
            Blocks.unpack(blocks) if blocks is not None else None,
        )

    def _put(self, doc: DocState, old: DocState, *, new_doc: bool = False) -> None:
        key, tx = self._k.doc(doc.ref), self._tx
        if doc.site != old.site:
            tx.set(key, b"site", b"%d" % doc.site)
            tx.incr(self._k.site_pages, b"%d" % doc.site, 1)
            if not new_doc:
                tx.incr(self._k.site_pages, b"%d" % old.site, -1)
        if doc.length != old.length:
            tx.set(key, b"len", b"%d" % doc.length)
        if not np.array_equal(doc.sig, old.sig) or new_doc:
            tx.set(key, b"sig", np.asarray(doc.sig, dtype=np.uint8).tobytes())
        self._put_bands(doc, old)
        if doc.title != old.title:
            self._put_title(doc, old)
        if doc.anchor != old.anchor:
            self._put_anchor(doc, old)
        if doc.clusters is not old.clusters:
            self._set_or_delete(key, b"clusters", _u64s(doc.clusters) if doc.clusters is not None else None)
        if doc.blocks is not old.blocks:
            self._set_or_delete(key, b"blocks", doc.blocks.pack() if doc.blocks is not None else None)

    def _put_bands(self, doc: DocState, old: DocState) -> None:
        mine, before = set(doc.bands.tolist()), set(old.bands.tolist())
        if mine == before:
            return
        self._tx.set(self._k.doc(doc.ref), b"bands", np.asarray(doc.bands, dtype=np.uint32).tobytes())
        for b in before - mine:
            self._list_edit(self._k.doc_band(b), doc.ref, add=False)
        for b in mine - before:
            self._list_edit(self._k.doc_band(b), doc.ref, add=True)

    def _put_title(self, doc: DocState, old: DocState) -> None:
        key = self._k.doc(doc.ref)
        self._set_or_delete(key, b"title", u64(doc.title) if doc.title is not None else None)
        if old.title is not None:
            self._list_edit(self._k.title(old.title), doc.ref, add=False)
        if doc.title is not None:
            self._list_edit(self._k.title(doc.title), doc.ref, add=True)

    def _put_anchor(self, doc: DocState, old: DocState) -> None:
        key, tx = self._k.doc(doc.ref), self._tx
        if doc.anchor is None:
            self._set_or_delete(key, b"dup", None)
            self._set_or_delete(key, b"sim", None)
        else:
            anchor_id = self._reader.get(self._k.doc(doc.anchor[0]), b"id", stable=True)
            assert anchor_id is not None
            tx.set(key, b"dup", anchor_id)
            tx.set(key, b"sim", b"%d" % round(doc.anchor[1] * 10000))
            self._list_edit((self._k.doc(doc.anchor[0]), b"copies"), doc.ref, add=True)
        if old.anchor is not None:
            self._list_edit((self._k.doc(old.anchor[0]), b"copies"), doc.ref, add=False)
        if (doc.anchor is None) != (old.anchor is None):
            tx.incr(self._k.meta, b"dups", 1 if doc.anchor is not None else -1)

    def _set_or_delete(self, key: bytes, field: bytes, value: bytes | None) -> None:
        if value is None:
            self._tx.delete(key, field)
        else:
            self._tx.set(key, field, value)

    def _list_edit(self, where: tuple[bytes, bytes], ref: bytes, *, add: bool) -> None:
        """Add `ref` to (or take it from) the packed list at `where`."""
        items = [r for r in refs(self._reader.get(*where)) if r != ref]
        if add:
            items.append(ref)
        self._set_or_delete(*where, b"".join(items) or None)

    # ----------------------------------------------------------------- queries
    def recurrence(self, page: Page, lines: list[Line], site: str | None) -> list[tuple[int, int]]:
        def counts() -> list[tuple[int, int]]:
            self._reader.prefetch(
                [(self._k.meta, b"format")] + [self._k.exact(block_key(ln)) for ln in lines]
            )
            self._check_alive()
            return CorpusIndex.recurrence(self, page, lines, site)

        return self._query(counts)

    def title_docs(self, texts: Sequence[str]) -> list[str | None]:
        return self._query(lambda: self._title_docs(texts))

    def _title_docs(self, texts: Sequence[str]) -> list[str | None]:
        holders = [refs(v) for v in self._reader.get_many([self._k.title(title_key(t)) for t in texts])]
        every = list(dict.fromkeys(r for h in holders for r in h))
        found = dict(zip(every, self._fields(every, (b"rank", b"id"))))
        out: list[str | None] = []
        for h in holders:
            ranked = sorted((int(found[r][0] or 0), found[r][1] or b"") for r in h)
            out.append(ranked[0][1].decode("utf-8", "surrogatepass") if ranked else None)
        return out

    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        if doc_id is None:
            return None
        dup, sim = self._query(lambda: self._fields([ref_of(doc_id)], (b"dup", b"sim"))[0])
        return (dup.decode("utf-8", "surrogatepass"), int(sim or 0) / 10000) if dup else None

    def site_pages(self, site: str | None) -> int:
        def pages() -> int:
            sid = self._site_ref(site or "", create=False)
            n = self._reader.get(self._k.site_pages, b"%d" % sid) if sid is not None else None
            return int(n) if n is not None else 0

        return self._query(pages)

    def __len__(self) -> int:
        n = self._store.retrying(lambda: self._store.client.hget(self._k.meta, b"docs"))
        return int(n) if n is not None else 0

    def finalize(self) -> RedisIndex:
        """Nothing to do: every add is stored when made."""
        return self

    def stats(self) -> dict:
        """Sizes of the index's parts (reads the whole index: O(its size))."""
        return self._store.retrying(self._stats)

    def _stats(self) -> dict:
        c, m = self._store.client, self.config.corpus.site_min_docs
        meta = c.hgetall(self._k.meta)
        clusters = boiler = titles = 0
        for key in c.scan_iter(match=self._k.pattern("c"), count=1000):
            for field, value in c.hgetall(key).items():
                if len(field) == 8:
                    clusters += 1
                elif len(field) == 12 and int(value) >= m:
                    boiler += 1
        for key in c.scan_iter(match=self._k.pattern("t"), count=1000):
            titles += c.hlen(key)
        return {
            "documents": int(meta.get(b"docs", 0)),
            "duplicates": int(meta.get(b"dups", 0)),
            "sites": sum(1 for v in c.hvals(self._k.site_pages) if int(v) > 0),
            "block_clusters": clusters,
            "titles": titles,
            "boilerplate_clusters": boiler,
        }


def _u64s(values: Sequence[int]) -> bytes:
    return np.asarray(values, dtype=np.uint64).tobytes()
