"""The single-article pipeline: segment → fingerprint → evidence → decide → strip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import Config
from .cues import load_cues
from .decide import decide
from .detectors import Context, registry
from .report import Flag, Report
from .segment import Page, segment
from .strip import strip

if TYPE_CHECKING:
    from .index import Index

_DEFAULT = Config()


def analyze(
    text: str,
    *,
    title: str | None = None,
    index: Index | None = None,
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
    return analyze_page(segment(text, title), index=index, url=url, site=site, doc_id=doc_id, config=config)


#: single-page detectors that read the page's title; the others see the same lines whatever the title is
TITLE_DETECTORS = frozenset({"headline"})


def page_flags(ctx: Context, reuse: dict[str, list[Flag]] | None = None) -> list[tuple[str, list[Flag]]]:
    """Run the single-page detectors of `ctx.config` in order: (name, flags) pairs.

    Single-page detectors see only the page (not `ctx.index`). The flags of detectors named in `reuse` are
    taken from it instead of being computed again.
    """
    detectors = registry()
    out = []
    # cue-based detectors first: a line they remove whole can't be the title
    order = sorted(ctx.config.detectors, key=lambda n: n not in ("related", "boilerplate"))
    for name in order:
        found = reuse[name] if reuse is not None and name in reuse else detectors[name](ctx)
        if name in ("related", "boilerplate"):
            ctx.cache.setdefault("junk_lines", set()).update(
                i for f in found for i in ctx.page.covered(f.start, f.end)
            )
        out.append((name, found))
    return out


def analyze_page(
    page: Page,
    *,
    index: Index | None = None,
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
    cfg = config or _DEFAULT
    if index is not None and site is None:
        site = index.site_of(url)
    ctx = Context.build(page, cfg, index, doc_id, site)
    if single_page_flags is None:
        flags = [f for _, found in page_flags(ctx) for f in found]
    else:
        flags = list(single_page_flags)
    notes: list[str] = []
    duplicate_of = similarity = None
    if index is not None:
        from .detectors import corpus

        flags.extend(corpus.detect(ctx))
        dup = index.duplicate_of(doc_id)
        if dup is not None:
            duplicate_of, similarity = dup
    decision = decide(page, flags, cfg)
    notes.extend(decision.notes)
    return Report(
        page.text, strip(page, decision), decision.flags, page.title, doc_id, duplicate_of, similarity, notes
    )


def prepare(config: Config | None = None) -> None:
    """Build what every process needs once (the cue set, code point tables) now rather than on
    the first article; worker processes forked afterwards share it."""
    from .segment import _token_classes
    from .shingle import _tables

    cfg = config or _DEFAULT
    load_cues(tuple(cfg.cue_files), cfg.languages)  # (patterns are compiled as lines need them: small ones)
    _tables()
    _token_classes()


def clean(
    text: str,
    *,
    title: str | None = None,
    index: Index | None = None,
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
