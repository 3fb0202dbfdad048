"""The pipeline: the only module that knows every stage.

text -> segment -> fingerprint -> evidence (single-page detectors, corpus) -> decide -> strip -> report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

import regex

from .config import Config
from .corpus import evidence
from .corpus.base import CorpusIndex
from .corpus.prints import DocPrint, Signable, sign
from .corpus.sites import site_of_url
from .cues import load_cues
from .decide import decide
from .detectors import Context, PageFacts, selected
from .detectors.predicates import headline_like
from .errors import RecordTooLarge
from .fingerprint.shingle import line_shingles_many
from .report import Flag, Report
from .strip import OffsetMap, kept_spans
from .text.segment import LineLayout, Page, given_title, layout, segment
from .text.tokens import line_words, tables
from .version import __version__

_DEFAULT = Config()


def analyze(
    text: str,
    *,
    title: str | None = None,
    index: CorpusIndex | None = None,
    url: str | None = None,
    site: str | None = None,
    doc_id: str | None = None,
    config: Config | None = None,
) -> Report:
    """Find the junk in one article and explain every removal.

    Args:
        text: the article text, paragraphs separated by line breaks.
        title: the headline, if known; otherwise the first non-empty line is taken as the title.
        index: a corpus `Index` whose evidence (site boilerplate, other titles, copies) is used too.
        url: the page URL (its domain names the site in corpus mode).
        site: the site name, overriding the URL's domain.
        doc_id: the document's id, reported back (and used to recognise it in the index).
        config: thresholds; `Config()` by default.

    Returns:
        A `Report` with every flagged span, its label, score and reason, and the clean text.

    Example:
        >>> r = analyze("Big News\\n\\nBig News\\n\\nThe body.")
        >>> [f.label for f in r.flags], r.clean
        (['headline_repeat'], 'Big News\\n\\nThe body.')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    check_size(text, config or _DEFAULT)
    page = segment(text, title)
    if (
        index is not None
    ):  # (corpus evidence is of the corpus as it is: a cleaned corpus shows other evidence)
        return analyze_page(page, index=index, url=url, site=site, doc_id=doc_id, config=config)
    return _settled(page, doc_id, config or _DEFAULT)


def _settled(page: Page, doc_id: str | None, cfg: Config) -> Report:
    """`analyze_page`, then the clean text analysed again while that removes more (at most
    `decide.max_rounds` times): what one look removes can make other lines stand out (a line left alone at
    the foot of the page, two copies brought together), and a clean text cleaned again must stay as it is."""
    report, spans = _analyze_once(page, None, None, None, doc_id, cfg, None)
    flags, notes, title_span = list(report.flags), list(report.notes), report.title_span
    rounds = 1
    while rounds < cfg.decide.max_rounds and report.clean != page.text:
        again, more = _analyze_once(segment(report.clean, page.title), None, None, None, doc_id, cfg, None)
        if again.clean == report.clean:
            break
        back = OffsetMap(spans)
        for f in again.flags:
            reason = f"{f.reason} (a second look, once the removals above were made)"
            flags.extend(replace(f, start=a, end=b, reason=reason) for a, b in back.spans(f.start, f.end))
        title_span = _mapped(back, again.title_span)
        spans = [s for a, b in more for s in back.spans(a, b)]
        report, rounds = again, rounds + 1
    if rounds > 1:
        notes.append(
            f"looked at the page {rounds} times: each look removed what the one before made stand out"
        )
    flags.sort(key=lambda f: (f.start, f.end))
    return Report(page.text, report.clean, flags, page.title, doc_id, None, None, notes, title_span)


def _mapped(back: OffsetMap, span: tuple[int, int] | None) -> tuple[int, int] | None:
    return (back.start(span[0]), back.end(span[1])) if span is not None else None


def clean(
    text: str,
    *,
    title: str | None = None,
    index: CorpusIndex | None = None,
    url: str | None = None,
    site: str | None = None,
    config: Config | None = None,
) -> str:
    """Return the clean body of one article: only spans of the input, in order.

    Example:
        >>> clean("Big News\\n\\nBig News\\n\\nThe body.")
        'Big News\\n\\nThe body.'
    """
    return analyze(text, title=title, index=index, url=url, site=site, config=config).clean


# what ends a line (as `str.splitlines` has them): each line holds at most one of them
_BREAK_CHARS = ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85")
# a non-blank line, from its first character that is no space (so each line is read once)
_LINE = regex.compile(r"[^\s\x1c\x1d\x1e][^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]*")


def check_size(text: str, config: Config) -> None:
    """Refuse, before any work, a page over `config.limits`: more characters than `max_chars` or more
    (non-blank) lines than `max_lines` (`RecordTooLarge`, naming the limit)."""
    limits = config.limits
    if len(text) > limits.max_chars:
        raise RecordTooLarge(
            f"{len(text):,} characters, more than the limit of {limits.max_chars:,} (limits.max_chars)"
        )
    if sum(map(text.count, _BREAK_CHARS)) < limits.max_lines:
        return  # (fewer line breaks than the limit: fewer lines too; most pages end here)
    lines = sum(1 for _ in _LINE.finditer(text))
    if lines > limits.max_lines:
        raise RecordTooLarge(
            f"{lines:,} lines, more than the limit of {limits.max_lines:,} (limits.max_lines)"
        )


def page_flags(ctx: Context, reuse: dict[str, list[Flag]] | None = None) -> list[tuple[str, list[Flag]]]:
    """Run the single-page detectors of `ctx.config` in order: (name, flags) pairs.

    The flags of detectors named in `reuse` are taken from it instead of being computed again.
    """
    out = []
    for spec in selected(ctx.config.detectors):
        found = reuse[spec.name] if reuse is not None and spec.name in reuse else spec.detect(ctx)
        ctx.earlier.extend(found)
        if spec.hides_from_title:
            ctx.junk_lines.update(i for f in found for i in ctx.page.covered(f.start, f.end))
        out.append((spec.name, found))
    return out


def analyze_page(
    page: Page,
    *,
    index: CorpusIndex | None = None,
    url: str | None = None,
    site: str | None = None,
    doc_id: str | None = None,
    config: Config | None = None,
    single_page_flags: list[Flag] | None = None,
) -> Report:
    """`analyze` of an already segmented article (`segment(text, title)`).

    `single_page_flags`, when given, are the flags `page_flags` found on this page before (the corpus run
    computes them in its first pass); only the corpus evidence is then looked for.
    """
    return _analyze_once(page, index, url, site, doc_id, config or _DEFAULT, single_page_flags)[0]


def _analyze_once(
    page: Page,
    index: CorpusIndex | None,
    url: str | None,
    site: str | None,
    doc_id: str | None,
    cfg: Config,
    single_page_flags: list[Flag] | None,
) -> tuple[Report, list[tuple[int, int]]]:
    """`analyze_page`, and the spans of the page's text that its clean text is made of."""
    if single_page_flags is None:
        flags = [f for _, found in page_flags(Context.build(page, cfg)) for f in found]
    else:
        flags = list(single_page_flags)
    duplicate_of = similarity = None
    if index is not None:
        site = site if site is not None else site_of_url(url)
        flags.extend(evidence.find(page, index, site=site, doc_id=doc_id, config=cfg))
        dup = index.duplicate_of(doc_id)
        if dup is not None:
            duplicate_of, similarity = dup
    decision = decide(page, flags, cfg)
    spans = kept_spans(page, decision)
    report = Report(
        page.text,
        "".join(page.text[a:b] for a, b in spans),
        decision.flags,
        page.title,
        doc_id,
        duplicate_of,
        similarity,
        list(decision.notes),
        headline_span(page, decision.removed, cfg),
    )
    return report, spans


def headline_span(page: Page, removed: Mapping[int, Flag], cfg: Config) -> tuple[int, int] | None:
    """The span of the page's headline among the lines kept: the given title where a kept line reads as it,
    else (no title given) the first kept line when it reads as a headline (short, no final full stop)."""
    kept = [ln for ln in page.lines if ln.index not in removed]
    if page.title is not None:
        words = line_words(page.title)
        line = next((ln for ln in kept if ln.words == words), None)
    else:
        line = kept[0] if kept and headline_like(kept[0].text, cfg.layout.headline_words) else None
    return (line.start, line.end) if line is not None else None


def prepare(config: Config | None = None) -> None:
    """Build what every process needs once (the cue set, code point tables) now rather than on
    the first article; worker processes forked afterwards share it."""
    cfg = config or _DEFAULT
    # (the patterns are compiled as lines need them: small ones)
    load_cues(tuple(cfg.cue_files), cfg.languages, cfg.limits.line_window)
    tables()


# ---------------------------------------------------------------------------------------------- fingerprints
class Doc(NamedTuple):
    """One document to fingerprint."""

    text: str
    doc_id: str
    title: str | None = None
    url: str | None = None
    site: str | None = None


def signer(config: Config | None = None) -> str:
    """What signs a document's body: the single-page cleaner of this version with these detectors (saved with
    an index, so that an index says what made its signatures)."""
    cfg = config or _DEFAULT
    names = ",".join(spec.name for spec in selected(cfg.detectors))
    return f"dedup {__version__} single-page clean [{names}]"


def fingerprint(
    text: str,
    *,
    doc_id: str,
    title: str | None = None,
    url: str | None = None,
    site: str | None = None,
    config: Config | None = None,
) -> DocPrint:
    """A document's print for an `Index` (pure: no index needed, so it runs in worker processes).

    Example:
        >>> fp = fingerprint("Title\\n\\nThe body of the story.", doc_id="a", url="https://www.site.example/a")
        >>> fp.doc_id, fp.site, len(fp.block_keys)
        ('a', 'site.example', 2)
    """
    return fingerprint_many([Doc(text, doc_id, title, url, site)], config)[0]


def fingerprint_many(
    docs: Sequence[Doc],
    config: Config | None = None,
    *,
    single_page_flags: list[list[Flag]] | None = None,
    layouts: list[list[LineLayout]] | None = None,
) -> list[DocPrint]:
    """`fingerprint` of many documents; their signatures are computed together (a few NumPy calls).

    Copies carry different injected junk, so a document's signature is made of what the single-page cleaner
    keeps of it. If `single_page_flags` is a list, the flags of the single-page detectors on each document
    under its own title (what `analyze(text, title=doc.title)` finds before corpus evidence) are appended to
    it: the fingerprint computes most of them anyway, and the corpus run's cleaning pass reuses them. If
    `layouts` is a list, each document's `layout` is appended to it (the cleaning pass restores the page from
    it rather than segmenting the text again).
    """
    cfg = config or _DEFAULT
    for doc in docs:
        check_size(doc.text, cfg)
    pages = [segment(doc.text) for doc in docs]
    line_shingles_many(pages)  # (for all the pages at once: the index and several detectors use them)
    todo = []
    for doc, page in zip(docs, pages):
        title = given_title(doc.title)
        first = page.lines[0].text if page.lines else None
        body, removed, flags = _single_page(page, title, first, cfg, single_page_flags is not None)
        if single_page_flags is not None:
            single_page_flags.append(flags)
        site = doc.site if doc.site is not None else site_of_url(doc.url)
        name = title if title is not None else first
        todo.append(Signable(doc.doc_id, site, name, len(doc.text), page, body, removed))
    prints = sign(todo, cfg)
    if layouts is not None:
        layouts.extend(layout(page) for page in pages)  # (with the block keys `sign` computed)
    return prints


def _single_page(
    page: Page, title: str | None, first: str | None, cfg: Config, own: bool
) -> tuple[str, frozenset[int], list[Flag]]:
    """The body the single-page cleaner keeps of `page` (the body a print signs: under its given title, or
    its first line when it has none), the lines it removes whole, and with `own` the single-page flags
    under its given title."""
    sign_title = title if title is not None and title != first else None
    facts = PageFacts()
    found = page_flags(Context.build(page.retitled(sign_title), cfg, facts))
    flat = [f for _, fl in found for f in fl]
    report = analyze_page(page.retitled(sign_title), config=cfg, single_page_flags=flat)
    removed = frozenset(i for f in report.flags for i in page.covered(f.start, f.end))
    if own and title != sign_title:  # only the detectors that read the title can find something else
        reads = {spec.name for spec in selected(cfg.detectors) if spec.reads_title}
        found = page_flags(
            Context.build(page.retitled(title), cfg, facts),
            reuse={n: fl for n, fl in found if n not in reads},
        )
        flat = [f for _, fl in found for f in fl]
    return report.clean, removed, flat
