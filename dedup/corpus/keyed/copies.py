"""Document copies, partitioned by key, with the answers of `Index.add` in record order.

Sequentially a document is a copy when an earlier original ("anchor") sharing one of its band keys is
similar enough (signature low bytes, `doc_similarity`); its anchor is the most similar, the first on a tie;
a copy anchors nobody. So the anchors are the greedy independent set, in record order, of the graph of
verified pairs, and each copy's anchor its best earlier anchor neighbour. Here:

1. documents with identical band keys and signature bytes are one group (a mirror cluster is one node): the
   first of a group decides, every later member is a copy (the first, or the earlier anchor that took it, is
   as similar to it as to the first);
2. per band key, the groups' firsts sharing it are verified pairwise: the edges (earlier, later, similarity);
3. anchor status is the fixed point of "a node is an anchor when no earlier neighbour is one", iterated from
   a guess: a node's status depends only on earlier nodes, so the fixed point is unique and is the
   sequential answer, reached after at most (longest chain of edges + 1) rounds;
4. each copy's anchor is chosen among its anchor neighbours as `Index` chooses (sorted by position, the
   most similar, rounded as it rounds); a member of a group takes the best anchor before it among its
   group's neighbours;
5. `keep="longest"` regroups each anchor with its copies, as `Index.finalize` does.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .exchange import Rows
from .parts import PartPrints, Pos, part_of, pos_of


def similarity(equal: int, n: int) -> float:
    """`signature_similarity` of two signatures whose low bytes agree in `equal` of `n` places (the same
    float: the same operations)."""
    m = equal / n
    return max(0.0, (m - 1 / 256) / (1 - 1 / 256))


def best(cands: list[tuple[Pos, float]], threshold: float) -> tuple[Pos, float] | None:
    """The anchor `Index` picks among candidates sorted by position: the most similar, compared with the
    rounded similarity of the best so far."""
    found: tuple[Pos, float] | None = None
    for c, sim in cands:
        if sim >= threshold and (found is None or sim > found[1]):
            found = (c, round(sim, 4))
    return found


# ---------------------------------------------------------------------- 1. groups
def group_asks(pp: PartPrints) -> Rows:
    """(digest of band keys and signature bytes, position, signature bytes, band keys) of each record."""
    out = []
    for i, (sig, bands) in enumerate(zip(pp.sigs, pp.bands)):
        ident = sig + np.asarray(bands, dtype=np.uint64).tobytes()
        key = int.from_bytes(hashlib.blake2b(ident, digest_size=8).digest(), "little")
        out.append((key, pos_of(pp.part, i), sig, bands))
    return out


def groups(rows: Rows) -> tuple[Rows, Rows]:
    """(the firsts of groups: (first, signature, band keys); the later members: (first, [positions]))."""
    found: dict[tuple[bytes, tuple[int, ...]], list[Pos]] = defaultdict(list)
    for _, pos, sig, bands in rows:
        found[(sig, bands)].append(pos)
    firsts, members = [], []
    for (sig, bands), where in found.items():
        where.sort()
        firsts.append((where[0], sig, bands))
        if len(where) > 1:
            members.append((where[0], where[1:]))
    return firsts, members


# ---------------------------------------------------------------------- 2. verified pairs
def bucket_asks(firsts: Rows) -> Rows:
    """(band key, first, signature bytes) for each distinct band key of each group's first."""
    return [(b, g, sig) for g, sig, bands in firsts for b in dict.fromkeys(bands)]


def verified(rows: Rows, threshold: float) -> Rows:
    """The verified pairs of each band key's firsts, as rows for both ends: (later, 'in', earlier, sim) and
    (earlier, 'out', later, sim). A pair sharing several keys comes once per key (the nodes merge them)."""
    buckets: dict[int, list[tuple[Pos, bytes]]] = defaultdict(list)
    for b, g, sig in rows:
        buckets[b].append((g, sig))
    out: Rows = []
    for entries in buckets.values():
        if len(entries) < 2:
            continue
        entries.sort()
        sigs = np.frombuffer(b"".join(s for _, s in entries), dtype=np.uint8).reshape(len(entries), -1)
        n = sigs.shape[1]
        for j in range(1, len(entries)):
            equal = np.count_nonzero(sigs[:j] == sigs[j], axis=1).tolist()
            for i, e in enumerate(equal):
                sim = similarity(e, n)
                if sim >= threshold:
                    c, d = entries[i][0], entries[j][0]
                    out.append((d, "in", c, sim))
                    out.append((c, "out", d, sim))
    return out


# ---------------------------------------------------------------------- 3. anchors
@dataclass
class Nodes:
    """The nodes of the pair graph a partition owns: their edges, and their anchor status."""

    ins: dict[Pos, dict[Pos, float]] = field(default_factory=dict)  # later -> {earlier: sim}
    outs: dict[Pos, dict[Pos, float]] = field(default_factory=dict)  # earlier -> {later: sim}
    anchor: dict[Pos, bool] = field(default_factory=dict)  # nodes with an earlier neighbour
    anchors_in: dict[Pos, set[Pos]] = field(default_factory=dict)  # earlier neighbours that are anchors
    anchors_out: dict[Pos, set[Pos]] = field(default_factory=dict)  # later neighbours that are anchors

    def is_anchor(self, g: Pos) -> bool:
        return self.anchor.get(g, True)


def nodes(rows: Rows) -> Nodes:
    """The nodes of some edges; the first guess: every node with an earlier neighbour is a copy."""
    n = Nodes()
    for node, way, other, sim in rows:
        (n.ins if way == "in" else n.outs).setdefault(node, {})[other] = sim
    n.anchor = dict.fromkeys(n.ins, False)
    return n


def tell(n: Nodes) -> Rows:
    """(later neighbour, anchor) for every anchor's later neighbours."""
    return [(d, c) for c, later in n.outs.items() if n.is_anchor(c) for d in later]


def hear(n: Nodes, rows: Rows) -> tuple[Nodes, int]:
    """The statuses that follow from the anchors heard of; how many changed."""
    got: dict[Pos, set[Pos]] = defaultdict(set)
    for d, c in rows:
        got[d].add(c)
    status = {d: not got.get(d) for d in n.ins}
    changed = sum(status[d] != n.anchor[d] for d in status)
    return Nodes(n.ins, n.outs, status, dict(got), n.anchors_out), changed


def tell_back(n: Nodes) -> Rows:
    """(earlier neighbour, anchor) for every anchor's earlier neighbours (once the statuses are final)."""
    return [(c, d) for d, earlier in n.ins.items() if n.is_anchor(d) for c in earlier]


def hear_back(n: Nodes, rows: Rows) -> Nodes:
    got: dict[Pos, set[Pos]] = defaultdict(set)
    for c, d in rows:
        got[c].add(d)
    return Nodes(n.ins, n.outs, n.anchor, n.anchors_in, dict(got))


# ---------------------------------------------------------------------- 4. each copy's anchor
def anchors_of(n: Nodes, members: Rows, threshold: float) -> Rows:
    """(copy, anchor, similarity) of the copies among the firsts a partition owns and of the later members of
    their groups: each row keyed by the copy's input partition."""
    out: Rows = []
    for d, earlier in n.ins.items():
        if not n.is_anchor(d):
            chosen = best(sorted((c, earlier[c]) for c in n.anchors_in.get(d, ())), threshold)
            assert chosen is not None  # (a copy has an anchor neighbour)
            out.append((part_of(d), d, *chosen))
    for g, later in members:
        cands = [(g, 1.0)] if n.is_anchor(g) else []
        cands += [(c, n.ins[g][c]) for c in n.anchors_in.get(g, ())]
        cands += [(c, n.outs[g][c]) for c in n.anchors_out.get(g, ())]
        cands.sort()
        k, chosen = 0, None
        for p in later:  # (sorted: the anchors before each member, taken in as the members go, as `best`)
            while k < len(cands) and cands[k][0] < p:
                c, sim = cands[k]
                if sim >= threshold and (chosen is None or sim > chosen[1]):
                    chosen = (c, round(sim, 4))
                k += 1
            assert chosen is not None  # (its group's first, or that first's anchor, is before it)
            out.append((part_of(p), p, *chosen))
    return out


def copies_here(pp: PartPrints, rows: Rows) -> dict[int, tuple[Pos, float]]:
    """A partition's copies (before `keep="longest"`): record number -> (anchor, similarity)."""
    return {pos - (pp.part << 32): (a, sim) for _, pos, a, sim in rows}


# ---------------------------------------------------------------------- 5. keep="longest"
def longest_asks(pp: PartPrints, dups: dict[int, tuple[Pos, float]]) -> tuple[Rows, Rows]:
    """(the copies with their length and signature, keyed by anchor; the anchors asked for theirs, keyed by
    the anchor's partition)."""
    rows = [(a, pos_of(pp.part, i), pp.lengths[i], pp.sigs[i]) for i, (a, _) in dups.items()]
    asks = [(part_of(a), a) for a in sorted({a for a, _ in dups.values()})]
    return rows, asks


def anchor_rows(pp: PartPrints, asks: Rows) -> Rows:
    """(anchor, anchor, length, signature) of the anchors asked for."""
    seen = sorted({a for _, a in asks})
    return [(a, a, pp.lengths[a - (pp.part << 32)], pp.sigs[a - (pp.part << 32)]) for a in seen]


def keep_longest(rows: Rows) -> Rows:
    """Each anchor's group (the anchor and its copies) kept by its longest document, the first on a tie, as
    `Index.finalize` keeps it: (copy's partition, copy, kept, similarity)."""
    found: dict[Pos, list[tuple[Pos, int, bytes]]] = defaultdict(list)
    for a, d, length, sig in rows:
        found[a].append((d, length, sig))
    out: Rows = []
    for a, members in found.items():
        members.sort()
        keep = max(members, key=lambda m: (m[1], -m[0]))
        if keep[0] == a:
            out += [(part_of(d), d, a, None) for d, _, _ in members if d != a]  # (unchanged)
            continue
        ks = np.frombuffer(keep[2], dtype=np.uint8)
        for d, _, sig in members:
            if d != keep[0]:
                equal = int(np.count_nonzero(np.frombuffer(sig, dtype=np.uint8) == ks))
                out.append((part_of(d), d, keep[0], round(similarity(equal, len(ks)), 4)))
    return out


def kept(pp: PartPrints, dups: dict[int, tuple[Pos, float]], rows: Rows) -> dict[int, tuple[Pos, float]]:
    """A partition's copies after `keep="longest"` (None as similarity: unchanged)."""
    out = {}
    for _, d, a, sim in rows:
        i = d - (pp.part << 32)
        out[i] = (a, sim if sim is not None else dups[i][1])
    return out
