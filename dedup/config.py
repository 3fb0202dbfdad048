"""Config: every threshold named once, in the section of the detector or stage that reads it.

`Config` is made of frozen sections; change one setting with `Config.replace`:

>>> cfg = Config().replace(corpus={"site_min_docs": 5})
>>> cfg.corpus.site_min_docs, cfg.corpus.corpus_min_docs
(5, 10)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any


def _check_share(section: object, *names: str) -> None:
    for name in names:
        v = getattr(section, name)
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, not {v}")


def _check_positive(section: object, *names: str) -> None:
    for name in names:
        v = getattr(section, name)
        if v < 1:
            raise ValueError(f"{name} must be at least 1, not {v}")


@dataclass(frozen=True)
class HeadlineConfig:
    """Repeated headlines (`dedup.detectors.headline`).

    Attributes:
        similarity: token similarity from which a whole line counts as a copy of the title.
    """

    similarity: float = 0.9

    def __post_init__(self) -> None:
        _check_share(self, "similarity")


@dataclass(frozen=True)
class DuplicatesConfig:
    """Repeated and restated paragraphs (`dedup.detectors.duplicates`).

    Attributes:
        min_exact_words: a later line repeating an earlier one word for word is removed from this length.
        min_near_words: a later line is compared for near-duplication (restatement) from this length.
        near_containment: share of a line's word 3-grams found in an earlier window that marks a restatement.
        near_coverage: share of a line's words aligned in order with an earlier window (with
            `near_coverage_min_containment`) that marks a restatement.
        near_coverage_min_containment: the 3-gram containment required together with `near_coverage`.
        truncated_coverage: the in-order coverage enough for a line ending in a truncation mark ("[...]",
        "…").
    """

    min_exact_words: int = 6
    min_near_words: int = 20
    near_containment: float = 0.7
    near_coverage: float = 0.75
    near_coverage_min_containment: float = 0.4
    truncated_coverage: float = 0.6

    def __post_init__(self) -> None:
        _check_share(
            self, "near_containment", "near_coverage", "near_coverage_min_containment", "truncated_coverage"
        )
        _check_positive(self, "min_exact_words", "min_near_words")


@dataclass(frozen=True)
class InlineConfig:
    """Runs of words printed twice inside a line (`dedup.detectors.inline`).

    Attributes:
        min_words: a doubled run ("Caption. Caption.") has at least this many words.
    """

    min_words: int = 4

    def __post_init__(self) -> None:
        _check_positive(self, "min_words")


@dataclass(frozen=True)
class RelatedConfig:
    """Injected related links (`dedup.detectors.related`).

    Attributes:
        max_link_words: a cue line announcing another article has at most this many words.
    """

    max_link_words: int = 40

    def __post_init__(self) -> None:
        _check_positive(self, "max_link_words")


@dataclass(frozen=True)
class BoilerplateConfig:
    """Boilerplate recognisable on one page (`dedup.detectors.boilerplate`).

    Attributes:
        max_newsletter_words: a newsletter line has at most this many words.
    """

    max_newsletter_words: int = 45

    def __post_init__(self) -> None:
        _check_positive(self, "max_newsletter_words")


@dataclass(frozen=True)
class DecideConfig:
    """Merging the flags into one decision per line (`dedup.decide`).

    Attributes:
        safety_keep_share: if boilerplate and related-link removals would keep less than this share of an
            article's non-duplicate words, they are reverted (the article is kept), but for sure flags.
    """

    safety_keep_share: float = 0.2

    def __post_init__(self) -> None:
        _check_share(self, "safety_keep_share")


@dataclass(frozen=True)
class FingerprintConfig:
    """MinHash signatures of whole documents (`dedup.fingerprint`).

    Attributes:
        num_perm: permutations per document signature (a multiple of 8: bands of 8 rows).
        ngram: words per shingle (characters in scripts written without spaces).
        seed: permutation seed (blocks use `seed + 1`).
    """

    num_perm: int = 128
    ngram: int = 5
    seed: int = 1

    def __post_init__(self) -> None:
        _check_positive(self, "num_perm", "ngram")
        if self.num_perm % 8:
            raise ValueError(f"num_perm must be a multiple of 8 (bands of 8 rows), not {self.num_perm}")


@dataclass(frozen=True)
class CorpusConfig:
    """Corpus evidence (`dedup.corpus`): recurring blocks, other pages' titles, copies.

    Attributes:
        block_min_words: a block recurring corpus-wide counts as boilerplate from this many words (the
            site rule has no minimum length).
        site_min_docs: a block recurring in at least this many distinct documents of one site is boilerplate.
        site_min_share: ... and in at least this share of the site's documents (on a large site, a background
            paragraph or an ingredient that a few articles share is theirs; template text is on most pages).
        corpus_min_docs: ... or in at least this many documents corpus-wide.
        block_similarity: Jaccard (word 3-grams, estimated from a 48-byte b-bit MinHash sketch) for two blocks
            to count as the same block.
        doc_similarity: Jaccard (word 5-grams, estimated on the low bytes of the MinHash values) for two
            documents to count as copies.
        keep: which copy of a duplicate document is kept: "first" or "longest".
        max_block_words: lines of more words are content, not template text: they are not indexed as blocks.
        title_link_min_words: a bare line equal to another page's title is a link to it from this many words
            (or two or more without figures that ask no question).
        title_link_max_words: ... up to this many words.
    """

    block_min_words: int = 5
    site_min_docs: int = 3
    site_min_share: float = 0.1
    corpus_min_docs: int = 10
    block_similarity: float = 0.8
    doc_similarity: float = 0.7
    keep: str = "first"
    max_block_words: int = 120
    title_link_min_words: int = 4
    title_link_max_words: int = 30

    def __post_init__(self) -> None:
        _check_positive(
            self, "block_min_words", "max_block_words", "title_link_min_words", "title_link_max_words"
        )
        if self.keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', not {self.keep!r}")
        _check_share(self, "site_min_share", "block_similarity", "doc_similarity")
        for name in ("site_min_docs", "corpus_min_docs"):  # (one page is every block's own: no evidence)
            if getattr(self, name) < 2:
                raise ValueError(
                    f"{name} must be at least 2 (pages a block recurs in), not {getattr(self, name)}"
                )


#: the sections of `Config`, by field name
SECTIONS: dict[str, type] = {
    "headline": HeadlineConfig,
    "duplicates": DuplicatesConfig,
    "inline": InlineConfig,
    "related": RelatedConfig,
    "boilerplate": BoilerplateConfig,
    "decide": DecideConfig,
    "fingerprint": FingerprintConfig,
    "corpus": CorpusConfig,
}


@dataclass(frozen=True)
class Config:
    """Parameters of the cleaner. The defaults are conservative; docs/detectors.md explains each one.

    Attributes:
        detectors: names of the single-page detectors to run (None: every registered one).
        cue_files: extra cue files (same format as dedup/cues/*.txt) added to the shipped ones.
        languages: restrict the shipped cue files to these language codes (None: all).
        headline, duplicates, inline, related, boilerplate, decide, fingerprint, corpus: the sections.
    """

    detectors: tuple[str, ...] | None = None
    cue_files: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    headline: HeadlineConfig = field(default_factory=HeadlineConfig)
    duplicates: DuplicatesConfig = field(default_factory=DuplicatesConfig)
    inline: InlineConfig = field(default_factory=InlineConfig)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    decide: DecideConfig = field(default_factory=DecideConfig)
    fingerprint: FingerprintConfig = field(default_factory=FingerprintConfig)
    corpus: CorpusConfig = field(default_factory=CorpusConfig)

    def replace(self, **changes: Any) -> Config:
        """A copy with `changes`: top-level values, or for a section a dict of its fields to change."""
        out: dict[str, Any] = {}
        for name, value in changes.items():
            if name in SECTIONS and isinstance(value, dict):
                unknown = set(value) - {f.name for f in fields(SECTIONS[name])}
                if unknown:
                    raise ValueError(f"unknown setting {name}.{sorted(unknown)[0]}")
                value = replace(getattr(self, name), **value)
            out[name] = value
        return replace(self, **out)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain values (for reports and saved indexes)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = asdict(v) if f.name in SECTIONS else (list(v) if isinstance(v, tuple) else v)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Config:
        """The inverse of `to_dict`."""
        top: dict[str, Any] = {}
        for name, v in d.items():
            if name in SECTIONS:
                top[name] = SECTIONS[name](**v)
            elif name in ("detectors", "cue_files", "languages"):
                top[name] = tuple(v) if isinstance(v, list) else v
            else:
                raise ValueError(f"unknown setting {name!r}")
        return cls(**top)
