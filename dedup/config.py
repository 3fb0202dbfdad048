"""Config: every threshold in one place, visible and documented."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Config:
    """Parameters of the cleaner. The defaults are conservative; see docs/detectors.md for each one.

    Attributes:
        detectors: names of the single-page detectors to run.
        cue_files: extra cue files (same format as dedup/cues/*.txt) added to the shipped ones.
        languages: restrict the shipped cue files to these language codes (None: all).
        min_exact_words: a later line repeating an earlier one word for word is removed from this length.
        min_near_words: a later line is compared for near-duplication (restatement) from this length.
        near_containment: share of a line's word 3-grams found in an earlier window that marks a restatement.
        near_coverage: share of a line's words aligned in order with an earlier window (with
            `near_coverage_min_containment`) that marks a restatement.
        near_coverage_min_containment: the 3-gram containment required together with `near_coverage`.
        truncated_coverage: the in-order coverage enough for a line ending in a truncation mark ("[...]", "…").
        min_inline_words: a doubled run inside a line ("Caption. Caption.") must have this many words.
        headline_similarity: token similarity from which a line counts as a copy of the title.
        max_link_words: a cue line announcing another article has at most this many words.
        max_boilerplate_words: a newsletter, share, cookie or copyright line has at most this many words.
        safety_keep_share: if non-duplicate removals would keep less than this share of an article's
            non-duplicate words, they are reverted (the article is kept).
        num_perm, ngram, seed: MinHash parameters for corpus fingerprints.
        lsh_threshold: Jaccard threshold the LSH bands are chosen for.
        block_min_words: blocks shorter than this are not indexed for corpus recurrence.
        site_min_docs: a block recurring in at least this many distinct documents of one site is boilerplate.
        site_min_share: ... and in at least this share of the site's documents (on a large site, a background
            paragraph or an ingredient that a few articles share is theirs; template text is on most pages).
        corpus_min_docs: ... or in at least this many documents corpus-wide.
        block_similarity: Jaccard (word 3-grams, estimated from a 48-byte b-bit MinHash sketch) for two blocks
            to count as the same block.
        doc_similarity: Jaccard (word 5-grams, estimated on the low bytes of 128 MinHash values) for two
            documents to count as copies.
        keep: which copy of a duplicate document is kept: "first" or "longest".
    """

    detectors: tuple[str, ...] = ("headline", "duplicates", "inline", "related", "boilerplate")
    cue_files: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    min_exact_words: int = 6
    min_near_words: int = 20
    near_containment: float = 0.7
    near_coverage: float = 0.75
    near_coverage_min_containment: float = 0.4
    truncated_coverage: float = 0.6
    min_inline_words: int = 4
    headline_similarity: float = 0.9
    max_link_words: int = 40
    max_boilerplate_words: int = 45
    safety_keep_share: float = 0.2
    num_perm: int = 128
    ngram: int = 5
    seed: int = 1
    lsh_threshold: float = 0.5
    block_min_words: int = 5
    site_min_docs: int = 3
    site_min_share: float = 0.1
    corpus_min_docs: int = 10
    block_similarity: float = 0.8
    doc_similarity: float = 0.7
    keep: str = "first"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', not {self.keep!r}")
        for name in (
            "near_containment",
            "near_coverage",
            "truncated_coverage",
            "headline_similarity",
            "safety_keep_share",
            "lsh_threshold",
            "block_similarity",
            "doc_similarity",
            "site_min_share",
        ):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {v}")
        for name in ("site_min_docs", "corpus_min_docs"):  # (one page is every block's own: no evidence)
            if getattr(self, name) < 2:
                raise ValueError(
                    f"{name} must be at least 2 (pages a block recurs in), not {getattr(self, name)}"
                )

    def to_dict(self) -> dict:
        """The parameters as a plain dict (for reports and saved indexes)."""
        return {
            f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
            for f in fields(self)
            if f.name != "extra"
        }
