"""End-to-end: a real Scrapy crawl of two generated content-farm sites through `DedupPipeline`.

The test serves the pages from http.server on 127.0.0.1 (ephemeral port, a thread of the test process)
and runs the crawl in a subprocess (this file run as a script), so Twisted's reactor never restarts inside
pytest. Items are exported with FEEDS to JSONL; the crawl's stats go to a JSON file.

Run as a script with `--measure` it prints the warm-up measurement of docs/pipelines.md.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

# Per-site template lines: no cue words, so only corpus recurrence can tell they are boilerplate.
SITES = {
    "harbor-ledger.example": [
        "The Harbor Ledger is written by a small team of volunteers living along the northern coast.",
        "Our reporters walk the docks at dawn and bring back the stories that matter to fishing towns.",
    ],
    "valley-courier.example": [
        "Valley Courier pages are printed on recycled paper from the mill beside the old river bridge.",
        "Every story here was gathered by neighbours who still believe in the evening paper.",
    ],
    "mesa-dispatch.example": [
        "Mesa Dispatch keeps a lamp burning in the window of the old telegraph office on Fifth Street.",
        "Letters from the high desert reach this desk by truck, by bus and now and then by horse.",
    ],
}


def load_bodies(n: int) -> list[dict]:
    """`n` real English articles (title, body) of moderate length from ../shared/data/articles.jsonl."""
    path = SHARED / "data" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is missing (../shared beside the checkout)")
    out = []
    for line in path.open(encoding="utf-8"):
        a = json.loads(line)
        if a["lang"] == "en" and a["title"] and 1500 <= len(a["body"]) <= 5000:
            out.append({"title": a["title"], "body": a["body"]})
        if len(out) == n:
            break
    return out


def build_farm(pages_per_site: int, n_sites: int = 2) -> dict:
    """Generated pages: {path: html}, the crawl order, and the truth about every page.

    Each site's pages carry the site's template lines (top and bottom) and, from the second page on,
    the titles of two earlier pages of the same site as injected related-link lines, plus the title of the
    next page (not crawled yet when the page arrives). After all sites' pages, the last site republishes the
    first site's second article (a syndicated copy).
    """
    sites = list(SITES)[:n_sites]
    bodies = load_bodies(pages_per_site * n_sites)
    pages, order, truth = {}, [], {}
    for s, site in enumerate(sites):
        for k in range(pages_per_site):
            art = bodies[s * pages_per_site + k]
            prev = [bodies[s * pages_per_site + j]["title"] for j in range(max(0, k - 2), k)]
            nxt = [bodies[s * pages_per_site + k + 1]["title"]] if k + 1 < pages_per_site else []
            path = f"/{s}/{k}.html"
            pages[path] = _page(site, path, art["title"], art["body"], SITES[site], prev + nxt)
            order.append(path)
            truth[path] = {
                "site": site,
                "pos": k,
                "url": f"https://{site}{path}",
                "title": art["title"],
                "boiler": SITES[site],
                "related": prev,
                "related_next": nxt,
                "copy_of": None,
            }
    src = f"/0/{min(1, pages_per_site - 1)}.html"
    site = sites[-1]
    path = f"/{n_sites - 1}/copy.html"
    art = bodies[min(1, pages_per_site - 1)]
    pages[path] = _page(site, path, art["title"], art["body"], SITES[site], [])
    order.append(path)
    truth[path] = {
        "site": site,
        "pos": pages_per_site,
        "url": f"https://{site}{path}",
        "title": art["title"],
        "boiler": SITES[site],
        "related": [],
        "related_next": [],
        "copy_of": truth[src]["url"],
    }
    links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in order)
    pages["/"] = f"<html><body><ul>{links}</ul></body></html>"
    return {"pages": pages, "order": order, "truth": truth}


def _page(site: str, path: str, title: str, body: str, boiler: list[str], related: list[str]) -> str:
    e = html.escape
    paras = body.split("\n\n")
    mid = min(3, len(paras))
    ps = (
        [f"<p>{e(p)}</p>" for p in paras[:mid]]
        + [f'<p class="rel">{e(t)}</p>' for t in related]
        + [f"<p>{e(p)}</p>" for p in paras[mid:]]
    )
    return (
        f'<html><head><title>{e(title)}</title><link rel="canonical" href="https://{site}{path}">'
        f'</head><body><header><p class="tag">{e(boiler[0])}</p></header><h1>{e(title)}</h1>'
        f'<article>{"".join(ps)}</article><footer><p class="tag">{e(boiler[1])}</p></footer></body></html>'
    )


@contextmanager
def serve(pages: dict[str, str]):
    """Serve `pages` on 127.0.0.1 (ephemeral port) in a thread; yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            data = (body or "not found").encode()
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def crawl(base: str, out_dir: Path, settings: dict, timeout: float = 45.0) -> dict:
    """Run the crawl in a subprocess; return items, stats and the log."""
    items, stats = out_dir / "items.jsonl", out_dir / "stats.json"
    cmd = [sys.executable, __file__, "--crawl", base, str(items), str(stats), json.dumps(settings)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = (
        [json.loads(line) for line in items.read_text(encoding="utf-8").splitlines()]
        if items.exists()
        else []
    )
    return {"items": rows, "stats": json.loads(stats.read_text()), "log": proc.stderr}


def _run_crawl(base: str, items: str, stats_path: str, settings_json: str) -> None:
    """Subprocess side: one CrawlerProcess run with the DedupPipeline."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class FarmSpider(scrapy.Spider):
        name = "farm"
        start_urls = [base + "/"]  # noqa: RUF012 (Scrapy reads it from the class)

        def parse(self, response):
            for i, href in enumerate(response.css("a::attr(href)").getall()):
                yield response.follow(href, self.parse_page, priority=-i)  # crawl in page order

        def parse_page(self, response):
            yield {
                "url": response.css('link[rel="canonical"]::attr(href)').get(),
                "title": response.css("h1::text").get(),
                "text": "\n\n".join(t.strip() for t in response.css("p::text").getall()),
            }

    settings = {
        "ITEM_PIPELINES": {"dedup.integrations.scrapy.DedupPipeline": 300},
        "FEEDS": {Path(items).as_uri(): {"format": "jsonlines", "encoding": "utf8"}},
        "CONCURRENT_REQUESTS": 1,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "CLOSESPIDER_TIMEOUT": 40,
        "DOWNLOAD_TIMEOUT": 10,
        "RETRY_ENABLED": False,
    }
    settings.update(json.loads(settings_json))
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FarmSpider)
    process.crawl(crawler)
    process.start()
    Path(stats_path).write_text(json.dumps(crawler.stats.get_stats(), default=str))


# ---------------------------------------------------------------------------------------------- tests
def _has(text: str, line: str) -> bool:
    return any(ln.strip() == line for ln in text.splitlines())


@pytest.fixture(scope="module")
def farm():
    pytest.importorskip("scrapy")
    return build_farm(pages_per_site=5)


@pytest.mark.parametrize("warmup", [0, 3])
def test_crawl_cleans_drops_and_accounts(farm, tmp_path, warmup):
    index_path = tmp_path / "crawl.index"
    with serve(farm["pages"]) as base:
        t0 = time.monotonic()
        res = crawl(base, tmp_path, {"DEDUP_WARMUP": warmup, "DEDUP_INDEX_PATH": str(index_path)})
        assert time.monotonic() - t0 < 45
    truth, items, stats = farm["truth"], res["items"], res["stats"]
    by_url = {it["url"]: it for it in items}

    # every page is accounted for: exported, or dropped as a copy
    copies = [t["url"] for t in truth.values() if t["copy_of"]]
    assert len(items) + len(copies) == len(farm["order"])
    assert sorted(by_url) == sorted(t["url"] for t in truth.values() if not t["copy_of"])
    assert stats["dedup/items_cleaned"] == len(items)
    assert stats["dedup/duplicates_dropped"] == len(copies) == stats.get("item_dropped_count")
    # the copy is dropped with a reason naming the original
    original = next(t["copy_of"] for t in truth.values() if t["copy_of"])
    assert f"near-duplicate of {original}" in res["log"]

    first_line_kept = []
    for t in truth.values():
        if t["copy_of"]:
            continue
        text = by_url[t["url"]]["text"]
        assert t["title"] not in text.splitlines()  # the body never repeats the headline
        top, bottom = t["boiler"]
        # boilerplate: learned once a site has 3 pages; with warm-up, even the first pages are clean
        if t["pos"] >= 2 or warmup >= 3:
            assert not _has(text, bottom), (t["url"], text[-300:])
            if _has(text, top):
                first_line_kept.append(t["url"])
        else:
            assert _has(text, top) and _has(text, bottom), (t["url"], "expected unlearned boilerplate")
        # injected titles of earlier pages are removed as related links
        assert not any(_has(text, r) for r in t["related"]), (t["url"], t["related"])
    assert stats.get("dedup/removed/boilerplate", 0) > 0 and stats.get("dedup/removed/related_link", 0) > 0

    # the index was saved at close and can be loaded for the next crawl
    from dedup import Index

    assert len(Index.load(index_path)) == len(farm["order"])
    # a template line that is the text's first line is boilerplate too when the title is given apart
    assert not first_line_kept, first_line_kept


def test_recrawl_with_saved_index_is_warm(farm, tmp_path):
    """A second crawl that loads the saved index drops the same copy and cleans its first pages too."""
    index_path = tmp_path / "crawl.index"
    with serve(farm["pages"]) as base:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        crawl(base, tmp_path / "a", {"DEDUP_WARMUP": 0, "DEDUP_INDEX_PATH": str(index_path)})
        res = crawl(base, tmp_path / "b", {"DEDUP_WARMUP": 0, "DEDUP_INDEX_PATH": str(index_path)})
    by_url = {it["url"]: it for it in res["items"]}
    assert res["stats"]["dedup/duplicates_dropped"] == 1
    for t in farm["truth"].values():
        if not t["copy_of"]:
            assert not _has(by_url[t["url"]]["text"], t["boiler"][1])


def test_html_path_equals_text_path(farm):
    """Handing over the raw page gives what handing over its extracted text gives (dedup.html)."""
    pytest.importorskip("trafilatura")
    import dedup
    from dedup.html import analyze_html, clean_html, html_to_text

    path = farm["order"][1]
    page, url = farm["pages"][path], farm["truth"][path]["url"]
    text, title = html_to_text(page, url)
    assert text.split("\n\n")[0] == title == farm["truth"][path]["title"]
    assert "\n\n\n" not in text and len(text.split("\n\n")) > 3
    assert clean_html(page, url) == dedup.clean(text, title=title, url=url)
    assert analyze_html(page, url).clean == clean_html(page, url)


# ---------------------------------------------------------------------------------------------- measure
def measure(pages_per_site: int = 12, n_sites: int = 3, warmups=(0, 3, 5), concurrency: int = 1) -> None:
    """Print the share of template lines and injected titles removed by page position, per warm-up."""
    import tempfile

    farm = build_farm(pages_per_site, n_sites)
    truth = farm["truth"]
    print(
        f"{n_sites} sites x {pages_per_site} pages (+1 syndicated copy); per page 2 template lines "
        f"(the first "
        f"line and the last), 2 injected titles of earlier pages, 1 of the next page; "
        f"CONCURRENT_REQUESTS={concurrency}\n"
    )
    print(
        "| DEDUP_WARMUP | last-line template removed on page 1 / 2 / 3 / 4-6 / 7+ of each site | "
        "first-line template removed | earlier titles removed | next-page title removed | "
        "duplicates dropped | crawl time |"
    )
    print("|---|---|---|---|---|---|---|")
    with serve(farm["pages"]) as base:
        for w in warmups:
            with tempfile.TemporaryDirectory() as d:
                t0 = time.monotonic()
                res = crawl(
                    base, Path(d), {"DEDUP_WARMUP": w, "CONCURRENT_REQUESTS": concurrency}, timeout=120
                )
                dt = time.monotonic() - t0
            by_url = {it["url"]: it for it in res["items"]}
            buckets = {"1": [0, 0], "2": [0, 0], "3": [0, 0], "4-6": [0, 0], "7+": [0, 0]}
            top, rel, nxt = [0, 0], [0, 0], [0, 0]
            for t in truth.values():
                if t["copy_of"]:
                    continue
                text = by_url[t["url"]]["text"]
                p = t["pos"] + 1
                key = str(p) if p <= 3 else "4-6" if p <= 6 else "7+"
                for acc, lines in (
                    (buckets[key], [t["boiler"][1]]),
                    (top, [t["boiler"][0]]),
                    (rel, t["related"]),
                    (nxt, t["related_next"]),
                ):
                    acc[0] += sum(not _has(text, ln) for ln in lines)
                    acc[1] += len(lines)
            cells = " / ".join(f"{100 * a / b:.0f}%" for a, b in buckets.values() if b)
            print(
                f"| {w} | {cells} | {top[0]}/{top[1]} | {rel[0]}/{rel[1]} | {nxt[0]}/{nxt[1]} | "
                f"{res['stats'].get('dedup/duplicates_dropped', 0)} | {dt:.1f}s |"
            )


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--crawl", nargs=4, metavar=("BASE", "ITEMS", "STATS", "SETTINGS"))
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--concurrency", type=int, default=1)
    a = ap.parse_args()
    if a.crawl:
        _run_crawl(*a.crawl)
    elif a.measure:
        measure(concurrency=a.concurrency)
