"""Render real pages to text the way scrapers hand it over, and cache the renderings.

    r1     resiliparse extract_plain_text(main_content=False): the whole page, Common Crawl WET-like
    r2     resiliparse extract_plain_text(main_content=True): a fast extractor with its leftovers
    r3     trafilatura extract(favor_recall=True, include_comments=False, include_tables=True), "" if None
    naive  BeautifulSoup(html, "lxml").get_text("\\n") after dropping script/style/noscript/template

    python benchmarks/real/render.py --sets wcxb,trafilatura-eval,aeb --renderings r1,r2,r3,naive [--jobs 2]

The cache is benchmarks/real/work/renders/<set>/<rendering>.jsonl.gz, one {id, text, ms, error} per page
(error: the extractor's exception as "Type: message", or null); a page whose extractor raises gets "".
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__:
    from . import data
else:  # run as a script: python benchmarks/real/render.py
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import data  # type: ignore[no-redef]

WORK = HERE / "work" / "renders"
RENDERINGS = ("r1", "r2", "r3", "naive")
_DROP_TAGS = ("script", "style", "noscript", "template")


def r1(html: str) -> str:
    """The whole page as plain text (resiliparse, main_content=False)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(html), main_content=False)


def r2(html: str) -> str:
    """resiliparse's main-content text (main_content=True)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(html), main_content=True)


def r3(html: str) -> str:
    """trafilatura's extraction favouring recall, with tables, without comments ("" when it gives None)."""
    import trafilatura

    out = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True)
    return out or ""


def naive(html: str) -> str:
    """BeautifulSoup get_text("\\n") of the page without script/style/noscript/template."""
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        # pages that look like XML or a file name make bs4 warn; the text is still what we want
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html, "lxml")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    return soup.get_text("\n")


FUNCTIONS: dict[str, Callable[[str], str]] = {"r1": r1, "r2": r2, "r3": r3, "naive": naive}


def render_one(rendering: str, html: str) -> tuple[str, float, str | None]:
    """(text, ms, error) of one rendering of one page; an extractor's exception gives ("", ms, error)."""
    t0 = time.perf_counter()
    try:
        text, error = FUNCTIONS[rendering](html), None
    except Exception as e:
        text, error = "", f"{type(e).__name__}: {str(e)[:200]}"
    return text, (time.perf_counter() - t0) * 1000, error


def _job(args: tuple[str, str, str]) -> dict:
    """Pool worker: render one page (id, rendering, html) to a cache record."""
    pid, rendering, html = args
    text, ms, error = render_one(rendering, html)
    return {"id": pid, "text": text, "ms": round(ms, 3), "error": error}


def cache_path(set_name: str, rendering: str) -> Path:
    """The cache file of one set's rendering."""
    return WORK / set_name / f"{rendering}.jsonl.gz"


def read_cache(set_name: str, rendering: str) -> dict[str, dict]:
    """The cached records of one set's rendering, by page id."""
    with gzip.open(cache_path(set_name, rendering), "rt", encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def _write_cache(path: Path, records: list[dict]) -> None:
    """Write records atomically (a temporary file renamed), so a killed run leaves no half cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _tasks(set_name: str, rendering: str) -> Iterator[tuple[str, str, str]]:
    """(id, rendering, html) of every page of a set."""
    for page in data.load(set_name):
        yield page.id, rendering, page.html


def _warm(rendering: str) -> None:
    """Pool initializer: import the extractor before timing anything (imports take up to a second)."""
    render_one(rendering, "<html><head><title>t</title></head><body><p>warm up</p></body></html>")


def render_set(set_name: str, rendering: str, jobs: int = 2) -> list[dict]:
    """Render every page of a set with `jobs` processes (in page order)."""
    if jobs <= 1:
        _warm(rendering)
        return [_job(t) for t in _tasks(set_name, rendering)]
    # fresh worker processes: extractors keep module-level caches that should not grow for hours
    with multiprocessing.get_context("spawn").Pool(jobs, _warm, (rendering,), maxtasksperchild=200) as pool:
        return list(pool.imap(_job, _tasks(set_name, rendering), chunksize=4))


def render_all(set_name: str, rendering: str, jobs: int = 2, refresh: bool = False) -> dict[str, dict]:
    """The {id, text, ms, error} records of a set's rendering, by id: from the cache, else rendered."""
    path = cache_path(set_name, rendering)
    if path.exists() and not refresh:
        return read_cache(set_name, rendering)
    records = render_set(set_name, rendering, jobs)
    _write_cache(path, records)
    return {r["id"]: r for r in records}


def summary(set_name: str, rendering: str, records: dict[str, dict]) -> str:
    """One line: pages, errors, empty texts, median / p90 / max ms, total characters."""
    ms = sorted(r["ms"] for r in records.values())
    errors = sum(r["error"] is not None for r in records.values())
    empty = sum(not r["text"].strip() for r in records.values())
    p90 = ms[int(0.9 * (len(ms) - 1))] if ms else 0.0
    chars = sum(len(r["text"]) for r in records.values())
    median, top = (statistics.median(ms), ms[-1]) if ms else (0.0, 0.0)
    return (
        f"{set_name:17s} {rendering:6s} pages {len(ms):5d}  errors {errors:3d}  empty {empty:4d}  "
        f"ms median {median:7.1f}  p90 {p90:7.1f}  max {top:8.1f}"
        f"  chars {chars:,}"
    )


def main(argv: list[str] | None = None) -> int:
    """Fill the render cache for the given sets and renderings, and print their timings."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(data.SETS))
    ap.add_argument("--renderings", default=",".join(RENDERINGS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--refresh", action="store_true", help="render again even when cached")
    args = ap.parse_args(argv)
    for set_name in args.sets.split(","):
        for rendering in args.renderings.split(","):
            if rendering not in FUNCTIONS:
                raise SystemExit(f"unknown rendering {rendering!r}; known: {', '.join(RENDERINGS)}")
            t0 = time.perf_counter()
            records = render_all(set_name, rendering, args.jobs, args.refresh)
            wall = time.perf_counter() - t0
            print(summary(set_name, rendering, records), f" wall {wall:6.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
