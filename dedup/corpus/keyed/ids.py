"""Unique document ids, as the sequential run makes them (a second 'a' becomes 'a#2'), partitioned by root.

`unique_id` gives an id taken earlier in the run the first free '#n' suffix. The strings it can compare are
the id and the id with suffixes, which all have one root (the id without its trailing '#<digits>' parts):
grouping the records by root and running `unique_id` over each group in record order gives every record the
id the sequential run gives it.
"""

from __future__ import annotations

import regex

from .exchange import Rows
from .parts import PartPrints, part_of, pos_of

_SUFFIX = regex.compile(r"(?:#\d+)+$")


def unique_id(doc_id: str, taken: set[str]) -> str:
    """`doc_id`, or if taken (earlier in the run) the first free '<id>#2', '<id>#3', ..., now taken."""
    base, n = doc_id, 1
    while doc_id in taken:
        n += 1
        doc_id = f"{base}#{n}"
    taken.add(doc_id)
    return doc_id


def root(doc_id: str) -> str:
    """The id without its trailing '#<digits>' suffixes: `unique_id` only compares ids of one root."""
    return _SUFFIX.sub("", doc_id)


def asked(pp: PartPrints) -> Rows:
    """(root, position, id as read) of each record."""
    return [(root(d), pos_of(pp.part, i), d) for i, d in enumerate(pp.ids)]


def settle(rows: Rows) -> Rows:
    """(partition, position, unique id) of the records of some roots, decided in record order."""
    taken: set[str] = set()
    return [(part_of(pos), pos, unique_id(d, taken)) for _, pos, d in sorted(rows, key=lambda r: r[1])]


def in_order(rows: Rows) -> list[str]:
    """A partition's unique ids, in record order."""
    return [uid for _, _, uid in sorted(rows, key=lambda r: r[1])]
