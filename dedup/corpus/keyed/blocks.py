"""Block clusters and their recurrence, partitioned by key, with the answers of `Index.add` in record order.

Sequentially, the blocks of each original (not of copies), in record then block order, are clustered: a
block whose exact key was seen joins that key's cluster; else it joins the first cluster, in band order, that
is the first cluster ever made with one of its band keys and whose sketch is similar enough
(`block_similarity`); else it makes a new cluster (a "seed"), named by its first block. So only the first
block of each exact key is clustered, and what a band key offers a block is the first seed having that key.
Here:

1. the first block of each exact key (`entries`, partitioned by key), and for each band key its entries in
   order (`Buckets`, partitioned by band key);
2. seeds are the fixed point of: per band key, the first entry still a seed is what the key offers each
   later entry (verified on sketches); an entry joins the first band in its band order whose offer is
   similar enough, else it is a seed. An entry's status depends only on earlier entries, so the fixed point
   is unique and is the sequential answer. Rounds alternate the two sides, sending only changes, until a
   round changes nothing;
3. every originals' block counts its cluster once per document: documents per cluster, and per site and
   cluster (`Tallies`, partitioned by cluster);
4. the blocks of the pages pass 2 cleans are looked up as `Index.recurrence` looks them up: by exact key,
   else (a copy `keep="longest"` kept) by the first seed of each band key, verified.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ...fingerprint.sketch import sketch_similarity
from .exchange import Rows
from .parts import Order, PartPrints, pos_of


def _similar(a: bytes, b: bytes, threshold: float) -> bool:
    return sketch_similarity(np.frombuffer(a, dtype=np.uint8), np.frombuffer(b, dtype=np.uint8)) >= threshold


# ---------------------------------------------------------------------- 1. entries and buckets
def first_asks(pp: PartPrints, copies: dict[int, object]) -> Rows:
    """(key, order, sketch, band keys) of the first block of each exact key among a partition's originals."""
    seen: dict[int, tuple] = {}
    for i, blocks in enumerate(pp.blocks):
        if i in copies:
            continue
        pos = pos_of(pp.part, i)
        for j, (key, sketch, bands) in enumerate(blocks):
            if key not in seen:
                seen[key] = (key, (pos, j), sketch, bands)
    return list(seen.values())


@dataclass
class Entries:
    """The first block of each exact key a partition owns, the offers its band keys made it, and the cluster
    it joined (keys absent from `joined` are seeds)."""

    first: dict[int, tuple[Order, bytes, tuple[int, ...]]]
    offers: dict[int, dict[int, Order]] = field(default_factory=dict)  # key -> {band key: seed offered}
    joined: dict[int, Order] = field(default_factory=dict)

    def cluster(self, key: int) -> Order:
        return self.joined.get(key, self.first[key][0])


def entries(rows: Rows) -> Entries:
    """The earliest block of each key among the partitions' firsts."""
    first: dict[int, tuple[Order, bytes, tuple[int, ...]]] = {}
    for key, order, sketch, bands in rows:
        cur = first.get(key)
        if cur is None or order < cur[0]:
            first[key] = (order, sketch, bands)
    return Entries(first)


def bucket_asks(e: Entries) -> Rows:
    """(band key, order, key, sketch) for each distinct band key of each entry."""
    return [(b, o, key, sk) for key, (o, sk, bands) in e.first.items() for b in dict.fromkeys(bands)]


@dataclass
class Buckets:
    """Each band key's entries in order, which of them are known not to be seeds, and what each key offered
    each entry last (`dirty`: band keys whose offers may have changed)."""

    entries: dict[int, list[tuple[Order, int, bytes]]]
    not_seed: frozenset[int] = frozenset()
    offered: dict[tuple[int, int], Order] = field(default_factory=dict)
    dirty: frozenset[int] = frozenset()

    def seed(self, b: int) -> tuple[Order, int, bytes] | None:
        """The first entry of band key `b` that is a seed."""
        return next((e for e in self.entries.get(b, ()) if e[1] not in self.not_seed), None)


def buckets(rows: Rows) -> Buckets:
    found: dict[int, list[tuple[Order, int, bytes]]] = defaultdict(list)
    for b, o, key, sk in rows:
        found[b].append((o, key, sk))
    for ents in found.values():
        ents.sort()
    return Buckets(dict(found), dirty=frozenset(b for b, ents in found.items() if len(ents) > 1))


# ---------------------------------------------------------------------- 2. seeds
def offer(bk: Buckets, threshold: float) -> tuple[Buckets, Rows]:
    """Recompute the offers of the dirty band keys; return the changes as (key, band key, seed or None)."""
    offered = dict(bk.offered)
    changes: Rows = []
    for b in bk.dirty:
        s = bk.seed(b)
        for o, key, sk in bk.entries[b]:
            new = s[0] if s is not None and o > s[0] and _similar(sk, s[2], threshold) else None
            if new != offered.get((b, key)):
                changes.append((key, b, new))
                if new is None:
                    del offered[(b, key)]
                else:
                    offered[(b, key)] = new
    return Buckets(bk.entries, bk.not_seed, offered, frozenset()), changes


def decide(e: Entries, rows: Rows) -> tuple[Entries, Rows]:
    """Take in changed offers; return the entries and, for each that became or stopped being a seed, a
    message to each of its band keys: (band key, key, is a seed)."""
    offers = dict(e.offers)
    touched = []
    for key, b, new in rows:
        got = offers[key] = dict(offers.get(key, {}))
        if new is None:
            got.pop(b, None)
        else:
            got[b] = new
        touched.append(key)
    joined = dict(e.joined)
    msgs: Rows = []
    for key in dict.fromkeys(touched):
        _, _, bands = e.first[key]
        got = offers[key]
        c = next((got[b] for b in bands if b in got), None)  # (the first band, in band order, that offers)
        was_seed = key not in joined
        if c is None:
            joined.pop(key, None)
        else:
            joined[key] = c
        if (c is None) != was_seed:
            msgs += [(b, key, c is None) for b in dict.fromkeys(bands)]
    return Entries(e.first, offers, joined), msgs


def hear(bk: Buckets, rows: Rows) -> Buckets:
    """Take in changed statuses; their band keys become dirty."""
    not_seed = set(bk.not_seed)
    for _, key, seed in rows:
        if seed:
            not_seed.discard(key)
        else:
            not_seed.add(key)
    return Buckets(bk.entries, frozenset(not_seed), bk.offered, frozenset(b for b, _, _ in rows))


def seeds(e: Entries) -> int:
    return sum(1 for key in e.first if key not in e.joined)


# ---------------------------------------------------------------------- 3. recurrence
def count_asks(pp: PartPrints, copies: dict[int, object]) -> Rows:
    """(key, position, site) of each distinct block key of each original."""
    out: Rows = []
    for i, blocks in enumerate(pp.blocks):
        if i not in copies:
            pos, site = pos_of(pp.part, i), pp.sites[i]
            out += [(key, pos, site) for key in dict.fromkeys(k for k, _, _ in blocks)]
    return out


def to_clusters(e: Entries, rows: Rows) -> Rows:
    """(cluster, position, site) of each counted block."""
    return [(e.cluster(key), pos, site) for key, pos, site in rows]


@dataclass
class Tallies:
    """Documents per cluster, corpus-wide and per site."""

    docs: dict[Order, int]
    by_site: dict[Order, dict[str, int]]

    def boilerplate(self, min_docs: int) -> int:
        """(site, cluster) pairs counted in `min_docs` documents or more (`Index.stats`)."""
        return sum(1 for sites in self.by_site.values() for n in sites.values() if n >= min_docs)


def tallies(rows: Rows) -> Tallies:
    seen: dict[Order, dict[int, str]] = defaultdict(dict)
    for c, pos, site in rows:
        seen[c][pos] = site  # (a document counts a cluster once, whichever of its blocks are in it)
    by_site: dict[Order, dict[str, int]] = {}
    for c, docs in seen.items():
        count: dict[str, int] = defaultdict(int)
        for site in docs.values():
            count[site] += 1
        by_site[c] = dict(count)
    return Tallies({c: len(d) for c, d in seen.items()}, by_site)


def boilerplate(t: Tallies, min_docs: int) -> int:
    return t.boilerplate(min_docs)


# ---------------------------------------------------------------------- 4. pass 2's lookups
def lookup_asks(pp: PartPrints, cleaned: list[int]) -> Rows:
    """(key, partition, site, sketch, band keys) of each distinct (site, key) of the pages pass 2 cleans."""
    seen: dict[tuple[str, int], tuple] = {}
    for i in cleaned:
        site = pp.sites[i]
        for key, sk, bands in pp.blocks[i]:
            seen.setdefault((site, key), (key, pp.part, site, sk, bands))
    return list(seen.values())


def by_key(e: Entries, rows: Rows) -> tuple[Rows, Rows]:
    """(the lookups known by their key: (cluster, partition, site, key); the others, asked of each of their
    band keys: (band key, key, partition, site, band number, sketch))."""
    known: Rows = []
    asks: Rows = []
    for key, part, site, sk, bands in rows:
        if key in e.first:
            known.append((e.cluster(key), part, site, key))
        else:
            asks += [(b, key, part, site, n, sk) for n, b in enumerate(bands)]
    return known, asks


def by_band(bk: Buckets, rows: Rows, threshold: float) -> Rows:
    """What each band key offers an unknown block: ((partition, key, site), band number, seed or None)."""
    out: Rows = []
    for b, key, part, site, n, sk in rows:
        s = bk.seed(b)
        out.append(((part, key, site), n, s[0] if s is not None and _similar(sk, s[2], threshold) else None))
    return out


def pick(rows: Rows) -> tuple[Rows, Rows]:
    """The cluster of each unknown block: the first band, in band order, whose seed is similar enough.
    Returns (found: (cluster, partition, site, key); not found: (partition, site, key, 0, 0))."""
    got: dict[tuple, list[tuple[int, Order | None]]] = defaultdict(list)
    for ask, n, c in rows:
        got[ask].append((n, c))
    found: Rows = []
    none: Rows = []
    for (part, key, site), offers in got.items():
        c = next((c for _, c in sorted(offers, key=lambda t: t[0]) if c is not None), None)
        if c is None:
            none.append((part, site, key, 0, 0))
        else:
            found.append((c, part, site, key))
    return found, none


def answer(t: Tallies, rows: Rows) -> Rows:
    """(partition, site, key, documents of the site, documents corpus-wide) of each looked-up block."""
    return [(part, site, key, t.by_site[c].get(site, 0), t.docs[c]) for c, part, site, key in rows]
