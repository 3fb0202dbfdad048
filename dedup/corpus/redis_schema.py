"""The key layout of a shared index in Redis (schema version `SCHEMA`), and the plain byte encodings of its
values (no pickle).

Every key starts with `<prefix>:v<SCHEMA>:`. Small maps are spread over hashes ("buckets", numbered by the
low bits of their field's key) so that Redis keeps each in its compact listpack encoding (up to
`hash-max-listpack-entries`, 128 by default, entries a bucket):

  meta                  format, schema, num_perm, ngram, seed, signer; counters docs, dups, seq, sites
  s                     site name -> site number;  sp: site number -> its documents
  x:<b>    exact block key (8 bytes) -> cluster (8 bytes: the exact key of the cluster's first block)
  bb:<b>   block band key (4 bytes) -> the first cluster holding it
  c:<b>    cluster (8) + "s" -> its sketch (48 bytes); cluster -> documents corpus-wide; cluster + site
           number (4 bytes) -> documents of that site (originals only; a count that reaches 0 goes)
  db:<b>   document band key (4 bytes) -> the documents holding it (16-byte refs, concatenated)
  t:<b>    title key (8 bytes) -> the documents of that title (refs)
  d:<ref>  one document (its ref: 16 bytes of BLAKE2b of its id, in hex): id, rank, site, len, sig (low
           bytes of its signature), bands (4 bytes each), title, dup + sim (the document it copies, the
           similarity x 10000), clusters (8 bytes each, an original's), blocks (a copy's: 88 bytes each),
           copies (refs of its copies)

Integers in fields are little-endian; counters are Redis integers.
"""

from __future__ import annotations

import hashlib

SCHEMA = 1
FORMAT = "dedup-shared-index"
#: bucket bits of each map: up to about 100 entries a bucket (Redis's default listpack limit is 128) at a
#: million blocks and 100,000 documents; a larger index wants hash-max-listpack-entries raised
#: (docs/fleets.md)
BITS = {"x": 14, "bb": 16, "c": 15, "db": 14, "t": 11}
REF_BYTES = 16


def ref_of(doc_id: str) -> bytes:
    """A document's ref: 16 bytes of BLAKE2b of its id."""
    return hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=REF_BYTES).digest()


def u64(n: int) -> bytes:
    return int(n).to_bytes(8, "little")


def from_u64(b: bytes | None) -> int | None:
    return int.from_bytes(b, "little") if b is not None else None


def u32(n: int) -> bytes:
    return int(n).to_bytes(4, "little")


def refs(packed: bytes | None) -> list[bytes]:
    """The refs of a packed list."""
    if not packed:
        return []
    return [packed[i : i + REF_BYTES] for i in range(0, len(packed), REF_BYTES)]


class Keys:
    """The keys and fields of one shared index (one prefix)."""

    def __init__(self, prefix: str) -> None:
        self.base = f"{prefix}:v{SCHEMA}:".encode()
        self.meta = self.base + b"meta"
        self.sites = self.base + b"s"
        self.site_pages = self.base + b"sp"

    def _bucket(self, name: str, key: int) -> bytes:
        return self.base + b"%s:%d" % (name.encode(), key & ((1 << BITS[name]) - 1))

    def pattern(self, name: str) -> bytes:
        """A SCAN pattern of every bucket of map `name`."""
        return self.base + name.encode() + b":*"

    def exact(self, key: int) -> tuple[bytes, bytes]:
        return self._bucket("x", key), u64(key)

    def band(self, band: int) -> tuple[bytes, bytes]:
        return self._bucket("bb", band), u32(band)

    def sketch(self, c: int) -> tuple[bytes, bytes]:
        return self._bucket("c", c), u64(c) + b"s"

    def count(self, c: int, site: int | None = None) -> tuple[bytes, bytes]:
        """The documents of cluster `c` corpus-wide, or of one site."""
        return self._bucket("c", c), u64(c) + (u32(site) if site is not None else b"")

    def doc_band(self, band: int) -> tuple[bytes, bytes]:
        return self._bucket("db", band), u32(band)

    def title(self, key: int) -> tuple[bytes, bytes]:
        return self._bucket("t", key), u64(key)

    def doc(self, ref: bytes) -> bytes:
        return self.base + b"d:" + ref.hex().encode()
