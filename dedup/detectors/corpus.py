"""Corpus evidence: blocks that recur across a site's pages (or the whole corpus), and other pages'
titles injected as bare lines. Needs an `Index`."""

from __future__ import annotations

import math

from ..index import MAX_BLOCK_WORDS
from ..normalize import normalize
from ..report import Flag
from . import Context

MAX_TITLE_LINE_WORDS = 30
# a line equal to another page's title is a link to it only when the title says something of its own: four words
# with letters or more, or two or three without figures and not a question (a one-word name, a score line
# "Arsenal 2-1 Chelsea", "What happens next?" are also subheads and list items of other articles)
MIN_TITLE_LINE_WORDS = 4


def _title_like_link(line) -> bool:
    words = [w for w in line.words if not w.isdigit()]
    if len(words) >= MIN_TITLE_LINE_WORDS:
        return True
    return len(words) >= 2 and len(words) == len(line.words) and not line.text.rstrip().endswith(("?", "？"))


def detect(ctx: Context) -> list[Flag]:
    """Flag recurring blocks (boilerplate, every copy) and other documents' titles (related links)."""
    index = ctx.index
    if index is None:
        return []
    cfg = ctx.config
    lines = [ln for ln in ctx.page.lines if 1 <= len(ln.words) <= MAX_BLOCK_WORDS]
    if not lines:
        return []
    counts = index.recurrence(ctx.page, lines, ctx.site, cfg.seed)
    own_title = ctx.page.title or (ctx.page.lines[0].text if ctx.page.lines else None)
    title_words = tuple(normalize(ctx.page.title).split()) if ctx.page.title else None
    own_doc = ctx.doc_id
    # a site's boilerplate recurs on `site_min_docs` of its pages and on `site_min_share` of them (a large site's
    # background paragraph or ingredient line shared by a few articles is theirs)
    site_threshold = max(cfg.site_min_docs, math.ceil(cfg.site_min_share * index.site_pages(ctx.site)))
    flags: list[Flag] = []
    for ln, (site_n, all_n) in zip(lines, counts):
        if ln.index == 0 and (title_words is None or _is_title(ln.words, title_words)):
            continue  # the page's own title line is never template text
        if (
            ctx.site and site_n >= site_threshold
        ):  # (pages of no known site are no one site: corpus-wide only)
            flags.append(
                Flag(
                    ln.start,
                    ln.end,
                    "boilerplate",
                    0.9,
                    f"recurs in {site_n} pages of site {ctx.site!r} (threshold {site_threshold})",
                    "corpus",
                    similarity=None,
                )
            )
            continue
        if all_n >= cfg.corpus_min_docs and len(ln.words) >= cfg.block_min_words:
            flags.append(
                Flag(
                    ln.start,
                    ln.end,
                    "boilerplate",
                    0.85,
                    f"recurs in {all_n} pages of the corpus (threshold {cfg.corpus_min_docs})",
                    "corpus",
                )
            )
            continue
        if (
            len(ln.words) <= MAX_TITLE_LINE_WORDS
            and (own_title is None or ln.text != own_title)
            and not (title_words and _own_headline(ln.words, title_words))
            and _title_like_link(ln)
        ):
            other = index.title_doc(ln.text)
            if other is not None and other != own_doc:
                flags.append(
                    Flag(
                        ln.start,
                        ln.end,
                        "related_link",
                        0.9,
                        f"the title of another page ({other})",
                        "corpus",
                        ref_doc=other,
                    )
                )
    return flags


def _own_headline(words: tuple[str, ...], title_words: tuple[str, ...]) -> bool:
    """The line is the page's own title without what the title field adds ("Oil jumps | A-News" -> "Oil jumps")."""
    return len(words) * 2 >= len(title_words) and set(words) <= set(title_words)


def _is_title(words: tuple[str, ...], title_words: tuple[str, ...]) -> bool:
    """True when a line is the given title (possibly with a prefix or suffix such as a site name)."""
    if not title_words:
        return False
    t = set(title_words)
    return len(t & set(words)) * 2 >= len(t)
