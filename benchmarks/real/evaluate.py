"""One page of the real-page benchmark, as a worker process does it: clean, run the peers, score.

A `Task` carries everything the worker needs (the page, its renderings, the peers' cached outputs), so
workers never read the data or the caches themselves; the result holds only counts (see measures.py), plus
the outputs of peers that were not cached yet, for the parent to cache.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from . import data, measures, peers

# what dedup-html is compared with: its own input, trafilatura with the same settings
HTML_BASE = "html-input"


@dataclass
class Task:
    """One page to evaluate."""

    page: data.Page
    renders: dict[str, dict]  # rendering -> render-cache record {text, ms, error}
    cached: dict[str, dict] = field(default_factory=dict)  # peer -> cached record
    peers: list[str] = field(default_factory=list)  # peers to report (cached, else computed here)
    dedup_html: bool = False  # run dedup.html.clean_html (needs the html-input peer)


def _timed(fn: Any, *args: Any) -> tuple[str, float, str | None]:
    """(output, ms, error) of fn(*args); an exception gives ("", ms, "Type: message")."""
    t0 = time.perf_counter()
    try:
        out, error = fn(*args), None
    except Exception as e:
        out, error = "", f"{type(e).__name__}: {str(e)[:200]}"
    return out, (time.perf_counter() - t0) * 1000, error


def _clean(text: str) -> str:
    """dedup's text path. No title is given (scrapers rarely hand one over; see the README's title
    policy): dedup takes the first non-empty line as the title, as it documents."""
    import dedup

    return dedup.clean(text)


def _clean_html(page: data.Page) -> str:
    """dedup's HTML path, with the URL a scraper would have."""
    from dedup.html import clean_html

    return clean_html(page.html, page.url)


def _meta(page: data.Page) -> dict:
    """The fields results are grouped by."""
    return {
        "set": page.set,
        "id": page.id,
        "split": page.split,
        "domain": page.domain,
        "page_type": page.page_type,
        "lang": page.lang,
    }


def _renderings(task: Task, scorer: measures.Scorer, errors: dict[str, str]) -> dict[str, dict]:
    """Rows of each rendering as it is and after dedup.clean."""
    rows = {}
    for name, rec in task.renders.items():
        rows[name] = scorer.score(rec["text"], ms=rec["ms"], error=rec["error"])
        out, ms, error = _timed(_clean, rec["text"])
        if error:  # a crash of dedup is a bug to see: it is listed, and scored as an empty output
            errors[f"{name}+dedup"] = error
        rows[f"{name}+dedup"] = scorer.score(out, base=rec["text"], ms=ms, error=error)
    return rows


def evaluate(task: Task) -> dict:
    """Score one page: each rendering before and after dedup.clean, the peers, and dedup's HTML path."""
    page = task.page
    scorer = measures.Scorer(page.gold, page.with_snippets, page.without_snippets)
    errors: dict[str, str] = {}
    systems = _renderings(task, scorer, errors)
    new = {tool: peers.run(tool, page) for tool in task.peers if tool not in task.cached}
    recs = {**task.cached, **new}
    for tool in task.peers:
        systems[tool] = scorer.score(recs[tool]["text"], ms=recs[tool]["ms"], error=recs[tool]["error"])
    if task.dedup_html:
        out, ms, error = _timed(_clean_html, page)
        if error:
            errors["dedup-html"] = error
        systems["dedup-html"] = scorer.score(out, base=recs[HTML_BASE]["text"], ms=ms, error=error)
    return {"meta": _meta(page), "systems": systems, "new": new, "errors": errors}


def warm_up(with_peers: bool = True) -> None:
    """Pool initializer: import and exercise dedup (and the peers) before anything is timed (the first
    call pays for imports and loaded tables), and quieten the peers' logging."""
    peers.quiet()
    measures.textscore()
    page = data.Page(
        "warm",
        "warm",
        "https://example.com/a",
        "example.com",
        "en",
        None,
        "dev",
        "<html><head><title>Warm</title></head><body><h1>Warm</h1><p>A first paragraph of text here.</p>"
        "<p>And a second paragraph, a little longer than the first one.</p></body></html>",
        "Warm",
    )
    _clean("Warm\n\nA first paragraph of text here.\n\nAnd a second paragraph.")
    if not with_peers:
        return
    for tool in peers.COMPUTED:
        peers.run(tool, page)
    _timed(_clean_html, page)
