"""What pass 1 leaves of one input partition for the keyed build: per record, in order, the parts of its
print the evidence is made of. A record's position is `part << 32 | i` (partition, then record within it):
positions order records as the sequential run adds them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...config import Config
from ...text.segment import Page
from ..prints import DocPrint, indexed_blocks, title_key

#: a record's place in the corpus: (input partition << 32) | its number within the partition
Pos = int
#: a block's place: (record position, block number in the record); a cluster is named by its first block's
Order = tuple[int, int]
#: a block as the build sees it: exact key, sketch bytes, band keys (in band order)
Block = tuple[int, bytes, tuple[int, ...]]


def pos_of(part: int, i: int) -> Pos:
    return (part << 32) | i


def part_of(pos: Pos) -> int:
    return pos >> 32


@dataclass
class PartPrints:
    """The prints of one partition's records (in order), and the title keys each will ask about in pass 2."""

    part: int
    ids: list[str] = field(default_factory=list)  # as read (made unique by the build)
    sites: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    sigs: list[bytes] = field(default_factory=list)  # low bytes of the signature
    bands: list[tuple[int, ...]] = field(default_factory=list)  # document band keys
    titles: list[int | None] = field(default_factory=list)
    blocks: list[list[Block]] = field(default_factory=list)
    title_asks: list[frozenset[int]] = field(default_factory=list)

    def add(self, fp: DocPrint, title_asks: frozenset[int]) -> None:
        """Keep what the build needs of one record's print."""
        self.ids.append(fp.doc_id)
        self.sites.append(fp.site)
        self.lengths.append(fp.length)
        self.sigs.append((np.asarray(fp.signature) & 0xFF).astype(np.uint8).tobytes())
        self.bands.append(tuple(np.asarray(fp.doc_bands, dtype=np.uint64).tolist()))
        self.titles.append(fp.title_key)
        sketches = np.asarray(fp.block_sketches, dtype=np.uint8)
        bands = np.asarray(fp.block_bands, dtype=np.uint64)
        self.blocks.append(
            [(int(k), sketches[j].tobytes(), tuple(bands[j].tolist())) for j, k in enumerate(fp.block_keys)]
        )
        self.title_asks.append(title_asks)

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self) -> range:
        return range(pos_of(self.part, 0), pos_of(self.part, len(self.ids)))


def title_asks(page: Page, config: Config) -> frozenset[int]:
    """The title keys pass 2 may look up for `page`: those of its indexed blocks short enough to be a link to
    another page (`evidence.find` asks of fewer)."""
    most = config.corpus.title_link_max_words
    return frozenset(title_key(ln.text) for ln in indexed_blocks(page, config) if len(ln.words) <= most)
