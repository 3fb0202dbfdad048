"""Document prints: what the fingerprint pass computes for one document, without the index (in a worker).

The caller decides what is signed (`Signable.body`: the pipeline signs the text the single-page cleaner
keeps, since copies carry different injected junk); this module only computes the keys, sketches and
signatures, so the index never runs a detector.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import regex

from ..config import Config
from ..fingerprint.minhash import signatures
from ..fingerprint.shingle import batch_shingle_hashes, line_shingles
from ..fingerprint.sketch import BLOCK_BANDS, BLOCK_PERM, SKETCH_BYTES, block_sketches, doc_bands
from ..text.segment import Line, Page
from ..text.tokens import normalize

_DIGITS = regex.compile(r"\d+")


def block_key(line: Line) -> int:
    """Exact identity of a block: its normalised text, hashed (kept on the line).

    Only the CRC half masks digits; the Adler half does not, so lines that differ in a number ("Arsenal 2-1
    Chelsea" / "Arsenal 0-0 Chelsea") are different blocks. Conservative (a score or a date can be content),
    but not what the masking meant; kept as is: masking both halves changes corpus outputs and wants its own
    quality run.
    """
    if line.block_key is None:
        norm = line.norm.encode()
        line.block_key = zlib.crc32(_DIGITS.sub("0", line.norm).encode()) << 32 | zlib.adler32(norm)
    return line.block_key


def title_key(text: str) -> int:
    """Identity of a title: its normalised text, hashed."""
    n = normalize(text).encode()
    return zlib.crc32(n) << 32 | zlib.adler32(n)


def indexed_blocks(page: Page, config: Config) -> list[Line]:
    """The lines of `page` that are blocks of the index (longer lines are content, not template text)."""
    return [ln for ln in page.lines if 1 <= len(ln.words) <= config.corpus.max_block_words]


def sign_blocks(page: Page, lines: Sequence[Line], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The sketches (n, SKETCH_BYTES) and band keys (n, BLOCK_BANDS) of `lines` of `page`, signed together
    (word 3-gram MinHash with `seed` + 1)."""
    if not lines:
        return np.zeros((0, SKETCH_BYTES), np.uint8), np.zeros((0, BLOCK_BANDS), np.uint64)
    line_sh = line_shingles(page)
    return _sign_shingles([line_sh[ln.index] for ln in lines], seed)


def _sign_shingles(shingles: list[np.ndarray], seed: int) -> tuple[np.ndarray, np.ndarray]:
    offs = np.zeros(len(shingles) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in shingles], out=offs[1:])
    return block_sketches(signatures(np.concatenate(shingles), offs, num_perm=BLOCK_PERM, seed=seed + 1))


@dataclass
class DocPrint:
    """What the index keeps of one document."""

    doc_id: str
    site: str
    title_key: int | None
    length: int
    signature: np.ndarray  # (num_perm,) uint32 over word n-grams of the signed body
    block_keys: list[int]  # exact keys of the indexed blocks
    block_sketches: np.ndarray  # (n_blocks, SKETCH_BYTES) uint8: see `sketch.block_sketches`
    block_bands: np.ndarray  # (n_blocks, BLOCK_BANDS) uint64: band keys folded to 32 bits
    doc_bands: np.ndarray  # (num_perm // DOC_ROWS,) uint64: the signature's band keys, folded
    # the words each block weighs in `copy_share` (0: not a paragraph of the body, see `paragraph_words`) and
    # the body's paragraph words in all (lines too long to be blocks count here only); None: no weights
    block_words: np.ndarray | None = field(default=None)  # (n_blocks,) uint16
    words: int = 0

    # Pickled as raw bytes in the dtypes above (workers send a print per document to the main process): a
    # quarter of the time NumPy's own pickling takes for these small arrays, most of it saved in the main
    # process.
    def __getstate__(self) -> tuple:
        return (
            self.doc_id,
            self.site,
            self.title_key,
            self.length,
            np.asarray(self.signature, dtype=np.uint32).tobytes(),
            np.asarray(self.block_keys, dtype=np.uint64).tobytes(),
            np.asarray(self.block_sketches, dtype=np.uint8).tobytes(),
            np.asarray(self.block_bands, dtype=np.uint64).tobytes(),
            np.asarray(self.doc_bands, dtype=np.uint64).tobytes(),
            self.weights().tobytes(),
            self.words,
        )

    def __setstate__(self, state: tuple) -> None:
        self.doc_id, self.site, self.title_key, self.length, sig, keys, sketches, bands, dbands = state[:9]
        self.block_words = np.frombuffer(state[9], dtype=np.uint16)
        self.words = state[10]
        self.signature = np.frombuffer(sig, dtype=np.uint32)
        self.block_keys = np.frombuffer(keys, dtype=np.uint64).tolist()
        self.block_sketches = np.frombuffer(sketches, dtype=np.uint8).reshape(-1, SKETCH_BYTES)
        self.block_bands = np.frombuffer(bands, dtype=np.uint64).reshape(-1, BLOCK_BANDS)
        self.doc_bands = np.frombuffer(dbands, dtype=np.uint64)

    def weights(self) -> np.ndarray:
        """`block_words`, zeros when the print has none."""
        if self.block_words is None:
            return np.zeros(len(self.block_keys), dtype=np.uint16)
        return np.asarray(self.block_words, dtype=np.uint16)


@dataclass
class Signable:
    """One document as the caller hands it to `sign`: its segmented page (its blocks are indexed) and the
    body its signature is computed from."""

    doc_id: str
    site: str
    title: str | None  # the title its key is made of (None: no title)
    length: int  # characters of the document's text
    page: Page
    body: str
    removed: frozenset[int] = frozenset()  # lines of `page` the single-page cleaner removes (not the body)


def paragraph_words(doc: Signable, blocks: Sequence[Line], config: Config) -> tuple[np.ndarray, int]:
    """What `blocks` of `doc` weigh in `copy_share`, and its paragraph words in all: lines of the body (not
    removed by the single-page cleaner) of `copy_min_words` or more; menus, bylines and the cleaner's junk
    weigh nothing, so a template or teaser list shared with another page does not make a copy of it."""
    least = config.corpus.copy_min_words

    def weight(ln: Line) -> int:
        n = len(ln.words)
        return n if n >= least and ln.index not in doc.removed else 0

    total = sum(weight(ln) for ln in doc.page.lines)
    return np.asarray([min(weight(b), 0xFFFF) for b in blocks], dtype=np.uint16), total


def sign(docs: Sequence[Signable], config: Config) -> list[DocPrint]:
    """The prints of `docs`, their signatures computed together (a few NumPy calls)."""
    fp = config.fingerprint
    blocks = [indexed_blocks(d.page, config) for d in docs]
    keys = [[block_key(b) for b in bl] for bl in blocks]
    shingles = [line_shingles(d.page)[b.index].copy() for d, bl in zip(docs, blocks) for b in bl]
    if shingles:
        sketches, bands = _sign_shingles(shingles, fp.seed)
    else:
        sketches, bands = np.zeros((0, SKETCH_BYTES), np.uint8), np.zeros((0, BLOCK_BANDS), np.uint64)
    h, o = batch_shingle_hashes([d.body for d in docs], fp.ngram)
    sigs = signatures(h, o, num_perm=fp.num_perm, seed=fp.seed)
    dbands = doc_bands(sigs)  # (here, in the worker: the index only looks them up)
    out, pos = [], 0
    for i, d in enumerate(docs):
        n = len(blocks[i])
        tkey = title_key(d.title) if d.title else None
        weights, words = paragraph_words(d, blocks[i], config)
        out.append(
            DocPrint(
                d.doc_id,
                d.site,
                tkey,
                d.length,
                sigs[i],
                keys[i],
                sketches[pos : pos + n],
                bands[pos : pos + n],
                dbands[i],
                weights,
                words,
            )
        )
        pos += n
    return out
