"""Corpus evidence for one page: its blocks that recur across its site's pages (or the whole corpus), and
lines that are other pages' titles injected bare. Needs an `Index`."""

from __future__ import annotations

import math

from ..config import Config
from ..report import Flag
from ..text.segment import Line, Page
from ..text.tokens import normalize
from .base import CorpusIndex
from .prints import indexed_blocks


def find(
    page: Page, index: CorpusIndex, *, site: str | None, doc_id: str | None, config: Config
) -> list[Flag]:
    """Flag recurring blocks (boilerplate, every copy) and other documents' titles (related links)."""
    cfg = config.corpus
    lines = indexed_blocks(page, config)
    if not lines:
        return []
    counts = index.recurrence(page, lines, site)
    own_title = page.title or (page.lines[0].text if page.lines else None)
    title_words = tuple(normalize(page.title).split()) if page.title else None
    # a site's boilerplate recurs on `site_min_docs` of its pages and on `site_min_share` of them (a large
    # site's
    # background paragraph or ingredient line shared by a few articles is theirs)
    site_threshold = max(cfg.site_min_docs, math.ceil(cfg.site_min_share * index.site_pages(site)))
    found: list[Flag | Line] = []  # in line order: flags, and lines that may be other pages' titles
    for ln, (site_n, all_n) in zip(lines, counts):
        if ln.index == 0 and (title_words is None or _is_title(ln.words, title_words)):
            continue  # the page's own title line is never template text
        if site and site_n >= site_threshold:  # (pages of no known site are no one site: corpus-wide only)
            reason = f"recurs in {site_n} pages of site {site!r} (threshold {site_threshold})"
            found.append(Flag(ln.start, ln.end, "boilerplate", 0.9, reason, "corpus", similarity=None))
        elif all_n >= cfg.corpus_min_docs and len(ln.words) >= cfg.block_min_words:
            reason = f"recurs in {all_n} pages of the corpus (threshold {cfg.corpus_min_docs})"
            found.append(Flag(ln.start, ln.end, "boilerplate", 0.85, reason, "corpus"))
        elif (
            len(ln.words) <= cfg.title_link_max_words
            and (own_title is None or ln.text != own_title)
            and not (title_words and _own_headline(ln.words, title_words))
            and _title_like_link(ln, cfg.title_link_min_words)
        ):
            found.append(ln)
    return _with_title_links(found, index, doc_id)


def _with_title_links(found: list[Flag | Line], index: CorpusIndex, doc_id: str | None) -> list[Flag]:
    """The flags of `found`, with its lines that are another document's title (asked of the index
    together) as related links, in order."""
    links = [x for x in found if isinstance(x, Line)]
    titles = iter(index.title_docs([ln.text for ln in links]) if links else [])
    flags: list[Flag] = []
    for x in found:
        if isinstance(x, Flag):
            flags.append(x)
            continue
        other = next(titles)
        if other is not None and other != doc_id:
            reason = f"the title of another page ({other})"
            flags.append(Flag(x.start, x.end, "related_link", 0.9, reason, "corpus", ref_doc=other))
    return flags


def _title_like_link(line: Line, min_words: int) -> bool:
    """A line equal to another page's title is a link to it only when the title says something of its own:
    `min_words` words with letters or more, or two or more without figures and not a question (a one-word
    name,
    a score line "Arsenal 2-1 Chelsea", "What happens next?" are also subheads and list items of other
    articles)."""
    words = [w for w in line.words if not w.isdigit()]
    if len(words) >= min_words:
        return True
    return len(words) >= 2 and len(words) == len(line.words) and not line.text.rstrip().endswith(("?", "？"))


def _own_headline(words: tuple[str, ...], title_words: tuple[str, ...]) -> bool:
    """The line is the page's own title without what the title field adds ("Oil jumps | A-News" -> "Oil
    jumps")."""
    return len(words) * 2 >= len(title_words) and set(words) <= set(title_words)


def _is_title(words: tuple[str, ...], title_words: tuple[str, ...]) -> bool:
    """True when a line is the given title (possibly with a prefix or suffix such as a site name)."""
    if not title_words:
        return False
    t = set(title_words)
    return len(t & set(words)) * 2 >= len(t)
