"""The keyed build: the corpus evidence of `Index`, computed partitioned by key over any `Executor`, and
joined to the pages of each input partition (`EvidenceView`), with the ids and the index's sizes.

Every step is a map over partitions or an exchange of rows by key; no step gathers the evidence: the only
values that come back whole are counts (changes per round, sizes). Rows are keyed so that what one key needs
meets in one partition: memory per partition is bounded by its share of the keys (and by the largest group
of one key: a block repeated on every page is one key, a mirror copied a million times one group).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...config import Config
from . import blocks, copies, ids, lookups
from .exchange import Executor, Rows, first, second
from .parts import PartPrints, Pos, part_of
from .view import EvidenceView


@dataclass
class Built:
    """Per input partition: its pages' evidence and its records' unique ids (partition handles); the
    index's sizes (`Index.stats`), and how many rounds the two fixed points took."""

    views: list[Any]
    uids: list[Any]
    stats: dict[str, int]
    rounds: dict[str, int] = field(default_factory=dict)


def build(ex: Executor, pps: list[Any], config: Config) -> Built:
    """The evidence of the records of `pps` (handles of `PartPrints`, in record order), as an `Index` that
    added them in that order and was finalized would give it."""
    to = len(pps)
    uids = ex.map(ids.in_order, ex.exchange(ex.map(ids.settle, ex.exchange(ex.map(ids.asked, pps))), to=to))
    added, final, doc_rounds = _copies(ex, pps, config)
    cleaned = ex.map(_cleaned, pps, final)
    dups = ex.map(_by_id, pps, uids, _named_anchors(ex, pps, uids, final))
    titles, n_titles = _titles(ex, pps, uids, cleaned)
    sites, n_sites = _sites(ex, pps, cleaned)
    found, none, n_seeds, n_boiler, block_rounds = _blocks(ex, pps, added, cleaned, config)
    views = ex.map(_view, found, none, titles, sites, dups)
    stats = ex.totals(
        {
            "documents": ex.map(len, pps),
            "duplicates": ex.map(len, final),
            "sites": n_sites,
            "block_clusters": n_seeds,
            "titles": n_titles,
            "boilerplate_clusters": n_boiler,
        }
    )
    return Built(views, uids, stats, {"copies": doc_rounds, "blocks": block_rounds})


# ---------------------------------------------------------------------- copies
def _copies(ex: Executor, pps: list[Any], config: Config) -> tuple[list[Any], list[Any], int]:
    """(each partition's copies when added, after `keep`; rounds of the anchor fixed point)."""
    thr = config.corpus.doc_similarity
    grouped = ex.map(copies.groups, ex.exchange(ex.map(copies.group_asks, pps)))
    firsts, members = ex.map(first, grouped), ex.map(second, grouped)
    edges = ex.map(copies.verified, ex.exchange(ex.map(copies.bucket_asks, firsts)), threshold=thr)
    nodes = ex.map(copies.nodes, ex.exchange(edges))
    rounds = 0
    while True:
        heard = ex.map(copies.hear, nodes, ex.exchange(ex.map(copies.tell, nodes)))
        nodes, rounds = ex.map(first, heard), rounds + 1
        if ex.total(ex.map(second, heard)) == 0:
            break
    nodes = ex.map(copies.hear_back, nodes, ex.exchange(ex.map(copies.tell_back, nodes)))
    chosen = ex.map(copies.anchors_of, nodes, ex.exchange(members), threshold=thr)
    added = ex.map(copies.copies_here, pps, ex.exchange(chosen, to=len(pps)))
    if config.corpus.keep != "longest":
        return added, added, rounds
    asks = ex.map(copies.longest_asks, pps, added)
    anchors = ex.map(copies.anchor_rows, pps, ex.exchange(ex.map(second, asks), to=len(pps)))
    groups = ex.exchange(ex.map(_plus, ex.map(first, asks), anchors))
    regrouped = ex.exchange(ex.map(copies.keep_longest, groups), to=len(pps))
    return added, ex.map(copies.kept, pps, added, regrouped), rounds


def _plus(a: Rows, b: Rows) -> Rows:
    return a + b


def _cleaned(pp: PartPrints, final: dict[int, Any]) -> list[int]:
    """The records pass 2 cleans (every one but the copies)."""
    return [i for i in range(len(pp)) if i not in final]


def _named_anchors(ex: Executor, pps: list[Any], uids: list[Any], final: list[Any]) -> list[Any]:
    asks = ex.exchange(ex.map(_anchor_asks, pps, final), to=len(pps))
    return ex.exchange(ex.map(_anchor_ids, pps, uids, asks), to=len(pps))


def _anchor_asks(pp: PartPrints, final: dict[int, tuple[Pos, float]]) -> Rows:
    return [(part_of(a), (pp.part << 32) | i, a, sim) for i, (a, sim) in final.items()]


def _anchor_ids(pp: PartPrints, uids: list[str], rows: Rows) -> Rows:
    return [(part_of(d), d, uids[a - (pp.part << 32)], sim) for _, d, a, sim in rows]


def _by_id(pp: PartPrints, uids: list[str], rows: Rows) -> dict[str, tuple[str, float]]:
    return {uids[d - (pp.part << 32)]: (anchor, sim) for _, d, anchor, sim in rows}


# ---------------------------------------------------------------------- titles and sites
def _titles(ex: Executor, pps: list[Any], uids: list[Any], cleaned: list[Any]) -> tuple[list[Any], list[Any]]:
    firsts = ex.exchange(
        ex.map(lookups.first_titles, ex.exchange(ex.map(lookups.title_asks, pps))), to=len(pps)
    )
    table = ex.exchange(ex.map(lookups.named, pps, uids, firsts))
    asked = ex.exchange(ex.map(lookups.title_lookups, pps, cleaned))
    answers = ex.exchange(ex.map(lookups.answer_titles, table, asked), to=len(pps))
    return answers, ex.map(lookups.count_keys, table)


def _sites(ex: Executor, pps: list[Any], cleaned: list[Any]) -> tuple[list[Any], list[Any]]:
    table = ex.exchange(ex.map(lookups.site_asks, pps))
    asked = ex.exchange(ex.map(lookups.site_lookups, pps, cleaned))
    answers = ex.exchange(ex.map(lookups.answer_sites, table, asked), to=len(pps))
    return answers, ex.map(lookups.count_keys, table)


# ---------------------------------------------------------------------- blocks
def _blocks(
    ex: Executor, pps: list[Any], added: list[Any], cleaned: list[Any], config: Config
) -> tuple[list[Any], list[Any], list[Any], list[Any], int]:
    """(found lookups, unknown lookups, seeds, boilerplate clusters, rounds of the seed fixed point)."""
    thr = config.corpus.block_similarity
    en = ex.map(blocks.entries, ex.exchange(ex.map(blocks.first_asks, pps, added)))
    bk = ex.map(blocks.buckets, ex.exchange(ex.map(blocks.bucket_asks, en)))
    rounds = 0
    while True:
        offered = ex.map(blocks.offer, bk, threshold=thr)
        bk, changes, rounds = ex.map(first, offered), ex.exchange(ex.map(second, offered)), rounds + 1
        if ex.total(ex.map(len, changes)) == 0:
            break
        decided = ex.map(blocks.decide, en, changes)
        en = ex.map(first, decided)
        bk = ex.map(blocks.hear, bk, ex.exchange(ex.map(second, decided)))
    counted = ex.map(blocks.to_clusters, en, ex.exchange(ex.map(blocks.count_asks, pps, added)))
    tallies = ex.map(blocks.tallies, ex.exchange(counted))
    looked = ex.map(blocks.by_key, en, ex.exchange(ex.map(blocks.lookup_asks, pps, cleaned)))
    by_band = ex.map(blocks.by_band, bk, ex.exchange(ex.map(second, looked)), threshold=thr)
    picked = ex.map(blocks.pick, ex.exchange(by_band))
    known = ex.exchange(ex.map(_plus, ex.map(first, looked), ex.map(first, picked)))
    found = ex.exchange(ex.map(blocks.answer, tallies, known), to=len(pps))
    none = ex.exchange(ex.map(second, picked), to=len(pps))
    n_seeds = ex.map(blocks.seeds, en)
    n_boiler = ex.map(blocks.boilerplate, tallies, min_docs=config.corpus.site_min_docs)
    return found, none, n_seeds, n_boiler, rounds


def _view(found: Rows, none: Rows, titles: Rows, sites: Rows, dups: dict) -> EvidenceView:
    block_counts = {(site, key): (s, a) for _, site, key, s, a in found + none}
    return EvidenceView(block_counts, {t: d for _, t, d in titles}, {s: n for _, s, n in sites}, dups)
