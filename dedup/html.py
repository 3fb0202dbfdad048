"""Raw HTML in, clean article out: extract the main text with trafilatura, then run the usual detectors.

Needs the optional extra: ``pip install 'dedup[html]'`` (trafilatura is imported only when used).

The extracted text is laid out the way `dedup.clean` expects it: the page's title (trafilatura's metadata
title) on the first line, then one paragraph per line with a blank line between paragraphs. So a scraper
that hands over raw pages gets exactly what one handing over ``html_to_text(html)`` gets:

    >>> text, title = html_to_text(page, url)                            # doctest: +SKIP
    >>> clean_html(page, url) == dedup.clean(text, title=title, url=url)   # doctest: +SKIP
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import Config
from .pipeline import analyze
from .report import Report

if TYPE_CHECKING:
    from .corpus.index import Index

#: Extraction settings, shared by `html_to_text` and by benchmarks/real (its "trafilatura alone" peer).
EXTRACT_OPTIONS: dict = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}


def _trafilatura():
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "dedup.html needs trafilatura to extract text from HTML: install the extra with "
            "`pip install 'dedup[html]'` (or `pip install trafilatura`)"
            f" [{type(e).__name__}: {e}]"
        ) from e
    return trafilatura


def extract(html: str | bytes, url: str | None = None) -> tuple[list[str], str | None]:
    """Run trafilatura with `EXTRACT_OPTIONS`: (the body's paragraphs, whitespace-folded; the title or
    None)."""
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    traf = _trafilatura()
    doc = traf.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    if doc is None:
        return [], None
    body = doc.get("text") if isinstance(doc, dict) else doc.text  # trafilatura 1.x returns a dict
    title = doc.get("title") if isinstance(doc, dict) else doc.title
    paras = [p for p in (" ".join(line.split()) for line in (body or "").splitlines()) if p]
    title = " ".join(title.split()) if title else None
    return paras, title or None


def html_to_text(html: str | bytes, url: str | None = None) -> tuple[str, str | None]:
    """Extract a page's main text: (text, title).

    The text is the title on its first line (when trafilatura finds one), then the body's paragraphs,
    separated by blank lines. Empty text when nothing could be extracted.
    """
    paras, title = extract(html, url)
    return "\n\n".join(([title] if title else []) + paras), title


def analyze_html(
    html: str | bytes,
    url: str | None = None,
    *,
    index: Index | None = None,
    doc_id: str | None = None,
    site: str | None = None,
    config: Config | None = None,
) -> Report:
    """`dedup.analyze` on the main text extracted from `html` (see `html_to_text`).

    With an `index` in streaming use, add the page first: ``text, title = html_to_text(html, url);
    index.add(text, doc_id=..., title=title, url=url)``, then ``analyze_html(html, url, index=index,
    doc_id=...)``
    (or call `dedup.analyze` on ``text`` directly and extract only once).
    """
    text, title = html_to_text(html, url)
    return analyze(text, title=title, index=index, url=url, site=site, doc_id=doc_id, config=config)


def clean_html(
    html: str | bytes,
    url: str | None = None,
    *,
    index: Index | None = None,
    doc_id: str | None = None,
    site: str | None = None,
    config: Config | None = None,
) -> str:
    """The clean article text of an HTML page: title on the first line, then the kept paragraphs."""
    return analyze_html(html, url, index=index, doc_id=doc_id, site=site, config=config).clean


__all__ = ["EXTRACT_OPTIONS", "analyze_html", "clean_html", "extract", "html_to_text"]
