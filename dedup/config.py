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
    _check_at_least(section, 1, *names)


def _check_at_least(section: object, low: int, *names: str) -> None:
    for name in names:
        v = getattr(section, name)
        if v < low:
            raise ValueError(f"{name} must be at least {low}, not {v}")


def _check_order(section: object, low: str, high: str) -> None:
    if getattr(section, low) > getattr(section, high):
        raise ValueError(
            f"{low} must be at most {high}, not {getattr(section, low)} > {getattr(section, high)}"
        )


@dataclass(frozen=True)
class HeadlineConfig:
    """Repeated headlines (`dedup.detectors.headline`).

    Attributes:
        similarity: token similarity from which a whole line counts as a copy of the title.
        early_lines: the title (the first line) and the headings that recur are looked for in this many lines.
        head_lines: a heading among this many first lines counts even after a paragraph
            (`layout.paragraph_words`); the later early lines count only before the first paragraph.
        max_title_words: a line of more words (a run printed twice counted once) names no title or heading.
        max_heading_words: a heading that recurs has at most this many words as printed.
        min_heading_words: a heading that recurs, or the last part of a breadcrumb naming the title, has at
            least this many words.
        min_crumb_parts: a first line of this many parts or more between "›", "»", ">" or "/" is a breadcrumb.
        collapse_min_words: a first line "Title. Title." names the title once: a run of this many words or
            more printed twice in a row counts once ...
        collapse_max_words: ... up to this many words.
        fuzzy_min_words: a title of this many words or more is also matched by similarity (`similarity`) ...
        fuzzy_min_ratio: ... against lines of at least this many times its length ...
        fuzzy_max_ratio: ... and at most this many times its length.
        min_sentence_words: a copy of the title inside a line counts as a sentence of its own from this many
            words.
        max_prefix_words: a copy of the title behind a prefix ("FAQ: Title") has at most this many words
            before it.
        max_suffix_words: a copy of the title before a site suffix ("Title | Reuters") has at most this many
            words after it.
    """

    similarity: float = 0.9
    early_lines: int = 5
    head_lines: int = 3
    max_title_words: int = 25
    max_heading_words: int = 30
    min_heading_words: int = 3
    min_crumb_parts: int = 3
    collapse_min_words: int = 2
    collapse_max_words: int = 80
    fuzzy_min_words: int = 4
    fuzzy_min_ratio: float = 0.7
    fuzzy_max_ratio: float = 1.4
    min_sentence_words: int = 3
    max_prefix_words: int = 4
    max_suffix_words: int = 8

    def __post_init__(self) -> None:
        _check_share(self, "similarity")
        _check_positive(
            self,
            "early_lines",
            "head_lines",
            "max_title_words",
            "max_heading_words",
            "min_heading_words",
            "min_crumb_parts",
            "collapse_min_words",
            "collapse_max_words",
            "fuzzy_min_words",
            "min_sentence_words",
            "max_prefix_words",
        )
        _check_at_least(self, 0, "max_suffix_words")
        _check_order(self, "collapse_min_words", "collapse_max_words")
        if not self.fuzzy_min_ratio > 0:
            raise ValueError(f"fuzzy_min_ratio must be above 0, not {self.fuzzy_min_ratio}")
        _check_order(self, "fuzzy_min_ratio", "fuzzy_max_ratio")


@dataclass(frozen=True)
class DuplicatesConfig:
    """Repeated and restated paragraphs (`dedup.detectors.duplicates`).

    Attributes:
        min_exact_words: a later line repeating an earlier one word for word is removed from this length ...
        min_exact_chars: ... and this many characters (normalised).
        min_near_words: a later line is compared for near-duplication (restatement) from this length.
        min_truncated_words: a line ending in a truncation mark ("[...]", "…") is compared from this length.
        near_containment: share of a line's word 3-grams found in an earlier window that marks a restatement.
        near_coverage: share of a line's words aligned in order with an earlier window (with
            `near_coverage_min_containment`) that marks a restatement.
        near_coverage_min_containment: the 3-gram containment required together with `near_coverage`.
        truncated_coverage: the in-order coverage enough for a line ending in a truncation mark ...
        truncated_min_containment: ... with at least this 3-gram containment (no line whose 3-grams are found
            less often than this and `near_coverage_min_containment` in all the earlier text is compared).
        spaceless_strict: in a script written without spaces (its 3-grams are characters, shared by chance),
            the containment or the coverage that marks a restatement.
        max_window: a restatement is compared with windows of up to this many consecutive earlier lines ...
        window_candidates: ... around the earlier lines sharing the most 3-grams with it, this many of them.
        family_min_share: an earlier line sharing this share of a line's 3-grams is a sibling in a list ...
        family_size: ... and with this many siblings outside its window, a line is an item of a templated
            list, not a restatement ...
        family_exempt_similarity: ... unless its containment or coverage is at least this.
        slot_max_words: a repeat shorter than this may be a slot of the page's template (a label, a question
            put to each interviewee, a bullet under each product), not a copy; so is a shorter line printed
            `layout.label_repeats` times.
        slot_label_words: a repeat shorter than this ending in a colon is a label of the template.
        code_max_words: a repeat shorter than this that reads as a line of code (a block opened or closed, an
            assignment, a call, a tag, a lower-case `key: value`) is kept: listings repeat their lines.
        table_min_cells: a line of at least this many tab-separated cells is a row of a table; rows of a table
            share cells, so it is a restatement only of a single row it matches (nearly) whole (at
            `family_exempt_similarity`).
        max_gram_lines: a word 3-gram is looked up in the first this many earlier lines holding it only (a
            phrase every line of a template repeats would otherwise cost each line all the lines before it).
        compare_budget: the work the restatement check may spend on one page (3-grams gathered into windows,
            plus word pairs aligned); past it, no more lines of the page are checked (the real pages seen take
            less than a sixth of it; a page of repetitive lines would take the square of its length).
    """

    min_exact_words: int = 6
    min_exact_chars: int = 20
    min_near_words: int = 20
    min_truncated_words: int = 8
    near_containment: float = 0.7
    near_coverage: float = 0.75
    near_coverage_min_containment: float = 0.4
    truncated_coverage: float = 0.6
    truncated_min_containment: float = 0.3
    spaceless_strict: float = 0.9
    max_window: int = 3
    window_candidates: int = 4
    family_min_share: float = 0.25
    family_size: int = 2
    family_exempt_similarity: float = 0.95
    slot_max_words: int = 40
    slot_label_words: int = 15
    code_max_words: int = 40
    table_min_cells: int = 2
    max_gram_lines: int = 256
    compare_budget: int = 50_000_000

    def __post_init__(self) -> None:
        _check_share(
            self,
            "near_containment",
            "near_coverage",
            "near_coverage_min_containment",
            "truncated_coverage",
            "truncated_min_containment",
            "spaceless_strict",
            "family_min_share",
            "family_exempt_similarity",
        )
        _check_positive(
            self,
            "min_exact_words",
            "min_exact_chars",
            "min_near_words",
            "min_truncated_words",
            "max_window",
            "window_candidates",
            "family_size",
            "slot_max_words",
            "slot_label_words",
            "code_max_words",
            "table_min_cells",
            "max_gram_lines",
            "compare_budget",
        )


@dataclass(frozen=True)
class InlineConfig:
    """Runs of words printed twice inside a line (`dedup.detectors.inline`).

    Attributes:
        min_words: a doubled run ("Caption. Caption.") has at least this many words ...
        max_words: ... and at most this many ...
        min_chars: ... and at least this many characters.
    """

    min_words: int = 4
    max_words: int = 80
    min_chars: int = 15

    def __post_init__(self) -> None:
        _check_positive(self, "min_words", "max_words", "min_chars")
        _check_order(self, "min_words", "max_words")


@dataclass(frozen=True)
class RelatedConfig:
    """Injected related links (`dedup.detectors.related`).

    Attributes:
        max_link_words: a cue line announcing another article has at most this many words, and so has the
            text after its cue.
        max_bare_header_words: a cue line with nothing after its cue and no list under it is removed up to
            this many words.
        min_item_words: an item of a list under a cue header that reads as a headline has at least this many
            words (shorter lines are product names, labels, ...), but in a script without spaces ...
        max_cut_off_item_words: ... and an item cut off at its end ("…", "[…]", "→") at most this many.
        max_headline_words: a headline announced by a cue (after it without a separator, glued after a
            sentence, or on the next line) has at most this many words ...
        min_headline_words: ... and, glued after a sentence or on the next line, at least this many.
        tail_title_case_share: after a cue without a separator, the headline has at least this share of its
            words capitalised.
        prose_sentence_breaks: the text after a cue and its separator that holds this many sentence breaks is
            prose, not a headline.
        max_label_words: a decorated label ("📌 Must read: <headline>") has at most this many words ...
        min_label_headline_words: ... and the headline after it at least this many (at most
            `layout.headline_words`).
        min_glued_line_words: a cue glued after a sentence is looked for in lines of this many words or more.
        title_end_min_chars: a glued headline longer than this many characters may end where a sentence in
            lower case begins ...
        lower_run_words: ... a run of this many words in lower case after a capitalised one.
    """

    max_link_words: int = 40
    max_bare_header_words: int = 4
    min_item_words: int = 4
    max_cut_off_item_words: int = 80
    max_headline_words: int = 20
    min_headline_words: int = 3
    tail_title_case_share: float = 0.5
    prose_sentence_breaks: int = 2
    max_label_words: int = 4
    min_label_headline_words: int = 5
    min_glued_line_words: int = 8
    title_end_min_chars: int = 20
    lower_run_words: int = 3

    def __post_init__(self) -> None:
        _check_share(self, "tail_title_case_share")
        _check_positive(
            self,
            "max_link_words",
            "max_bare_header_words",
            "min_item_words",
            "max_cut_off_item_words",
            "max_headline_words",
            "min_headline_words",
            "prose_sentence_breaks",
            "max_label_words",
            "min_label_headline_words",
            "min_glued_line_words",
            "title_end_min_chars",
            "lower_run_words",
        )
        _check_order(self, "min_headline_words", "max_headline_words")


#: the boilerplate settings that may be 0: how many words (characters) may stand next to a cue or a widget
_BOILERPLATE_REST = (
    "share_rest_words",
    "share_rest_chars",
    "teaser_rest_words",
    "teaser_body_rest_words",
    "teaser_rest_chars",
    "teaser_body_rest_chars",
    "max_widget_prefix_words",
    "max_nav_figure_items",
)


@dataclass(frozen=True)
class BoilerplateConfig:
    """Boilerplate recognisable on one page (`dedup.detectors.boilerplate`).

    Attributes:
        max_newsletter_words: a newsletter line has at most this many words ...
        max_cookie_words: ... a cookie line this many ...
        max_share_words: ... and a share line this many (platform names not counted).
        body_prompt_words: inside the article's body, a line opened by a newsletter, share or cookie cue, or
            where a notice or copyright cue opens a clause, is removed up to this many words.
        share_rest_words: after a one-word share cue, not followed by a separator or a platform name, a prompt
            has at most this many words ("Partager sur Facebook"; "Share prices fell 3 per cent" is prose) ...
        share_rest_chars: ... or, in a script without spaces, this many characters.
        max_bio_words: a line opened by an author bio cue has at most this many words ...
        min_bio_about_words: ... and one opened by "About <name>:" at least this many.
        max_header_bio_words: the paragraph under a bio header on its own line ("About the author") is the bio
            up to this many words.
        max_teaser_header_words: a teaser list header ("Most read") has at most this many words ...
        teaser_rest_words: ... of which at most this many after its cue ...
        teaser_body_rest_words: ... or this many inside the article's body ...
        teaser_rest_chars: ... or, in a script without spaces, this many characters after its cue ...
        teaser_body_rest_chars: ... or this many inside the body.
        table_rows: this many lines in a row ending in a figure under a list header are rows of a table.
        max_teaser_words: a teaser (a headline printed twice and/or a summary cut off) has at most this many
            words.
        max_teaser_run: a run of teasers without a header is looked for in this many lines from its first.
        min_teasers: a run of teasers has at least this many: teasers in a row, or doubled headlines or
            summaries cut off ("[…]") in one paragraph ...
        min_doubled_units: ... or this many runs printed twice in one paragraph.
        min_teaser_paragraph_words: a paragraph of teasers has at least this many words.
        teaser_min_repeat_words: a headline printed twice in a paragraph of teasers has at least this many
            words ...
        teaser_max_repeat_words: ... and at most this many ...
        max_teaser_headline_words: ... and reads as a headline (title case: `layout.title_case_share`) up to
            this many.
        doubled_head_min_words: a teaser opening with its headline printed twice: the headline has at least
            this many words ...
        doubled_head_max_words: ... and at most this many.
        min_menu_entries: this many lines in a row of `max_menu_entry_words` words or fewer in the page's head
            are a menu.
        max_menu_entry_words: a menu entry has at most this many words.
        min_crumb_parts: a breadcrumb trail has at least this many parts ("Home › World") ...
        min_slash_crumb_parts: ... this many between slashes ("Home / News / Local") ...
        max_crumb_first_words: ... the first of at most this many words ("You are here: Home").
        max_nav_words: a line of navigation links has at most this many words ...
        min_nav_items: ... and at least this many items between bars or dots ...
        min_body_nav_items: ... this many inside the article's body ...
        max_nav_item_words: ... each of at most this many words (so are the parts of a breadcrumb trail) ...
        max_nav_figure_items: ... and at most this many of them holding a figure (more: a row of a table).
        max_notice_words: a line holding a site notice cue has at most this many words (a longer line holding
            one can be a paragraph of the body).
        max_copyright_words: a copyright line (a cue: "All rights reserved") has at most this many words ...
        max_copyright_mark_words: ... and one with a copyright mark only ("©", "(c) 2024") this many.
        max_glued_furniture_words: page furniture glued to the end of a sentence has at most this many words.
        min_widget_separators: a run of share words at the end of a line is a widget with this many separators
            ("Tweet · Pin · Email") ...
        min_widget_platforms: ... or, filling the line, this many platform names.
        max_widget_prefix_words: a share widget takes its whole line when what precedes it ends in ":", "?" or
            "!" and has at most this many words ("Liked it? Pass it on:").
        max_share_buttons: under a share line, up to this many one-word button lines go with it.
    """

    max_newsletter_words: int = 45
    max_cookie_words: int = 60
    max_share_words: int = 12
    body_prompt_words: int = 8
    share_rest_words: int = 3
    share_rest_chars: int = 8
    max_bio_words: int = 150
    min_bio_about_words: int = 8
    max_header_bio_words: int = 80
    max_teaser_header_words: int = 10
    teaser_rest_words: int = 4
    teaser_body_rest_words: int = 2
    teaser_rest_chars: int = 8
    teaser_body_rest_chars: int = 4
    table_rows: int = 2
    max_teaser_words: int = 120
    max_teaser_run: int = 16
    min_teasers: int = 2
    min_doubled_units: int = 3
    min_teaser_paragraph_words: int = 20
    teaser_min_repeat_words: int = 4
    teaser_max_repeat_words: int = 80
    max_teaser_headline_words: int = 20
    doubled_head_min_words: int = 3
    doubled_head_max_words: int = 30
    min_menu_entries: int = 4
    max_menu_entry_words: int = 2
    min_crumb_parts: int = 2
    min_slash_crumb_parts: int = 3
    max_crumb_first_words: int = 5
    max_nav_words: int = 40
    min_nav_items: int = 4
    min_body_nav_items: int = 6
    max_nav_item_words: int = 3
    max_nav_figure_items: int = 1
    max_notice_words: int = 25
    max_copyright_words: int = 30
    max_copyright_mark_words: int = 25
    max_glued_furniture_words: int = 4
    min_widget_separators: int = 2
    min_widget_platforms: int = 3
    max_widget_prefix_words: int = 8
    max_share_buttons: int = 11

    def __post_init__(self) -> None:
        _check_at_least(self, 0, *_BOILERPLATE_REST)
        _check_positive(self, *(f.name for f in fields(self) if f.name not in _BOILERPLATE_REST))
        _check_order(self, "teaser_min_repeat_words", "teaser_max_repeat_words")
        _check_order(self, "doubled_head_min_words", "doubled_head_max_words")
        _check_order(self, "min_nav_items", "min_body_nav_items")


@dataclass(frozen=True)
class LayoutConfig:
    """The page's layout and the shape of its lines, as several detectors read them
    (`dedup.detectors.layout`).

    Attributes:
        paragraph_words: a line of this many words is a paragraph: the page's head (menus, the title) ends
            before the first one and its footer starts after the last one; inside the body, a sentence this
            long that no prompt cue opens is a paragraph of the article.
        long_paragraph_words: a line between the first and the last paragraph this long is inside the
            article's body (else, right between two paragraphs).
        label_repeats: a short line printed this many times on a page is a label of its template (not a copy,
            not a heading that recurs).
        max_list_items: a list under a header (related links, teasers) has at most this many items ...
        headline_words: ... and an item reads as a headline up to this many words (so does a title, and the
            headline after a decorated label).
        title_case_share: a text with at least this share of its words capitalised is title-cased: it reads
            as a headline.
    """

    paragraph_words: int = 12
    long_paragraph_words: int = 20
    label_repeats: int = 3
    max_list_items: int = 15
    headline_words: int = 25
    title_case_share: float = 0.6

    def __post_init__(self) -> None:
        _check_positive(
            self,
            "paragraph_words",
            "long_paragraph_words",
            "label_repeats",
            "max_list_items",
            "headline_words",
        )
        _check_share(self, "title_case_share")


@dataclass(frozen=True)
class LearnedConfig:
    """The learned line model (`dedup.detectors.learned`).

    Attributes:
        model: a line-model file to use instead of the one shipped with the package (`dedup/learn/lines.npz`).
        threshold: the probability from which a line is junk; None: the model's own, chosen at training for
            at most 0.5% of gold text lost on pages it never saw.
        kept_text_threshold: the probability from which a line of a run of sentences that holds a paragraph
            the model keeps is junk (the model judges lines one by one: on a long interview it cut dozens of
            the paragraphs that continue the ones it kept).
        paragraph_words: a line ending a sentence of at least this many words is a paragraph ...
        sentence_words: ... and one of at least this many continues a run of sentences.
    """

    model: str | None = None
    threshold: float | None = None
    kept_text_threshold: float = 0.99
    paragraph_words: int = 10
    sentence_words: int = 3

    def __post_init__(self) -> None:
        if self.threshold is not None:
            _check_share(self, "threshold")
        _check_share(self, "kept_text_threshold")
        _check_positive(self, "paragraph_words", "sentence_words")


@dataclass(frozen=True)
class DecideConfig:
    """Merging the flags into one decision per line (`dedup.decide`).

    Attributes:
        safety_keep_share: if boilerplate and related-link removals would keep less than this share of an
            article's non-duplicate words, they are reverted (the article is kept), but for sure flags.
        max_rounds: single-page cleaning looks at the clean text again while that removes more, at most
            this many looks in all (so that a clean text cleaned again stays as it is).
    """

    safety_keep_share: float = 0.2
    max_rounds: int = 6

    def __post_init__(self) -> None:
        _check_share(self, "safety_keep_share")
        _check_positive(self, "max_rounds")


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
        copy_share: a document is also a copy of an earlier one when at least this share of its paragraph
            words (the single-page cleaner's body, less the site's recurring template) is in paragraphs whose
            near-duplicate group that document began: a copy rewritten in part (new lede, end cut, a few
            paragraphs reworded, another template) keeps most paragraphs though its whole-text Jaccard
            falls below `doc_similarity`; half or more: most of its body is that document's. 0 turns it off.
        copy_min_words: lines of fewer words are no paragraphs for `copy_share` (menu lines, bylines, short
            captions are shared by unrelated pages).
        copy_min_paragraphs: ... and at least this many of a document's paragraphs must be the earlier
            document's (one shared paragraph of a two-paragraph page is no copy).
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
    copy_share: float = 0.5
    copy_min_words: int = 8
    copy_min_paragraphs: int = 3
    max_block_words: int = 120
    title_link_min_words: int = 4
    title_link_max_words: int = 30

    def __post_init__(self) -> None:
        _check_positive(
            self,
            "block_min_words",
            "max_block_words",
            "title_link_min_words",
            "title_link_max_words",
            "copy_min_words",
            "copy_min_paragraphs",
        )
        if self.keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', not {self.keep!r}")
        _check_share(self, "site_min_share", "block_similarity", "doc_similarity", "copy_share")
        for name in ("site_min_docs", "corpus_min_docs"):  # (one page is every block's own: no evidence)
            if getattr(self, name) < 2:
                raise ValueError(
                    f"{name} must be at least 2 (pages a block recurs in), not {getattr(self, name)}"
                )


@dataclass(frozen=True)
class LimitsConfig:
    """Bounds on one page, so that the time and the memory an analysis takes stay linear in the input and
    bounded (docs/reliability.md gives the figures behind them).

    Attributes:
        max_chars: a page of more characters is refused (`errors.RecordTooLarge`; a corpus run sets it aside
            as a reject with that reason): the largest page takes about 1 GB and a minute at most.
        max_lines: a page of more lines is refused the same way (a line costs about 2 KB while the page is
            analysed: a page of a million one-letter lines would take gigabytes).
        line_window: the cue rules read at most this many characters of a line from where a cue may stand
            (its decoration, the cue and its separator, the headline a glued cue announces): a line of any
            length costs each rule one window per place a cue may stand. Longer stretches are no cue or
            headline.
    """

    max_chars: int = 4_000_000
    max_lines: int = 100_000
    line_window: int = 500

    def __post_init__(self) -> None:
        _check_positive(self, "max_chars", "max_lines", "line_window")


#: the sections of `Config`, by field name
SECTIONS: dict[str, type] = {
    "headline": HeadlineConfig,
    "duplicates": DuplicatesConfig,
    "inline": InlineConfig,
    "related": RelatedConfig,
    "boilerplate": BoilerplateConfig,
    "layout": LayoutConfig,
    "learned": LearnedConfig,
    "decide": DecideConfig,
    "fingerprint": FingerprintConfig,
    "corpus": CorpusConfig,
    "limits": LimitsConfig,
}


@dataclass(frozen=True)
class Config:
    """Parameters of the cleaner. The defaults are conservative; docs/detectors.md explains each one.

    Attributes:
        detectors: names of the single-page detectors to run (None: every registered one).
        cue_files: extra cue files (same format as dedup/cues/*.txt) added to the shipped ones.
        languages: restrict the shipped cue files to these language codes (None: all).
        headline, duplicates, inline, related, boilerplate, layout, learned, decide, fingerprint, corpus,
            limits: the sections.
    """

    detectors: tuple[str, ...] | None = None
    cue_files: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    headline: HeadlineConfig = field(default_factory=HeadlineConfig)
    duplicates: DuplicatesConfig = field(default_factory=DuplicatesConfig)
    inline: InlineConfig = field(default_factory=InlineConfig)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    layout: LayoutConfig = field(default_factory=LayoutConfig)
    learned: LearnedConfig = field(default_factory=LearnedConfig)
    decide: DecideConfig = field(default_factory=DecideConfig)
    fingerprint: FingerprintConfig = field(default_factory=FingerprintConfig)
    corpus: CorpusConfig = field(default_factory=CorpusConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)

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
