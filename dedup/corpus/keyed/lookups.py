"""Titles and site sizes, partitioned by key: the first document of each title key (`Index` keeps the first
added, copies included), and the documents of each site (copies included)."""

from __future__ import annotations

from collections import Counter

from .exchange import Rows
from .parts import PartPrints, Pos, part_of, pos_of


def title_asks(pp: PartPrints) -> Rows:
    """(title key, position) of each record with a title."""
    return [(t, pos_of(pp.part, i)) for i, t in enumerate(pp.titles) if t is not None]


def first_titles(rows: Rows) -> Rows:
    """(partition of the first document, title key, its position) of each title key."""
    first: dict[int, Pos] = {}
    for t, pos in rows:
        if t not in first or pos < first[t]:
            first[t] = pos
    return [(part_of(pos), t, pos) for t, pos in first.items()]


def named(pp: PartPrints, uids: list[str], rows: Rows) -> Rows:
    """(title key, id of its first document)."""
    return [(t, uids[pos - (pp.part << 32)]) for _, t, pos in rows]


def title_lookups(pp: PartPrints, cleaned: list[int]) -> Rows:
    """(title key, partition) of each title key the pages pass 2 cleans may ask about."""
    asked = {t for i in cleaned for t in pp.title_asks[i]}
    return [(t, pp.part) for t in sorted(asked)]


def answer_titles(table: Rows, rows: Rows) -> Rows:
    """(partition, title key, id of its first document or None)."""
    ids = dict(table)
    return [(part, t, ids.get(t)) for t, part in rows]


def site_asks(pp: PartPrints) -> Rows:
    """(site, documents of it in the partition)."""
    return list(Counter(pp.sites).items())


def site_lookups(pp: PartPrints, cleaned: list[int]) -> Rows:
    return [(s, pp.part) for s in sorted({pp.sites[i] for i in cleaned})]


def answer_sites(table: Rows, rows: Rows) -> Rows:
    """(partition, site, documents of the site)."""
    total: Counter[str] = Counter()
    for site, n in table:
        total[site] += n
    return [(part, site, total[site]) for site, part in rows]


def count_keys(rows: Rows) -> int:
    """How many distinct keys the rows of one partition have (keys are partitioned: the counts add up)."""
    return len({r[0] for r in rows})
