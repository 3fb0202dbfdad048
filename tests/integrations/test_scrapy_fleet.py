"""A crawler fleet: real `scrapy runspider` processes crawling one loopback site at the same time through
one shared index in a real redis-server.

Pages that depend on what the other crawl has indexed are held back by the site itself (the test's HTTP
server answers them once the shared index shows what they need), so the test waits on facts, not on time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integrations.test_scrapy import _has, build_farm, serve
from tests.redis_server import RedisServer
from tests.support import ROOT

pytest.importorskip("scrapy")
pytest.importorskip("redis")

SPIDER = '''
import json
import scrapy


class FleetSpider(scrapy.Spider):
    """Crawls the paths it is given (-a paths=/a,/b), in that order; writes its stats at the end."""

    name = "fleet"
    custom_settings = {
        "ITEM_PIPELINES": {"dedup.integrations.scrapy.DedupPipeline": 300},
        "CONCURRENT_REQUESTS": 1,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "DOWNLOAD_TIMEOUT": 90,
        "DEDUP_WARMUP": 0,
        "LOG_LEVEL": "INFO",
    }

    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for i, path in enumerate(self.paths.split(",")):
            yield scrapy.Request(self.base + path, self.parse_page, priority=-i)

    def parse_page(self, response):
        yield {
            "url": response.css('link[rel="canonical"]::attr(href)').get(),
            "title": response.css("h1::text").get(),
            "text": "\\n\\n".join(t.strip() for t in response.css("p::text").getall()),
        }

    def closed(self, reason):
        stats = dict(self.crawler.stats.get_stats(), finish_reason=reason)
        with open(self.stats, "w", encoding="utf-8") as f:
            json.dump(stats, f, default=str)
'''


@pytest.fixture(scope="module")
def farm():
    return build_farm(pages_per_site=5)


def _start(tmp_path: Path, name: str, base: str, paths: list[str], url: str) -> subprocess.Popen:
    spider = tmp_path / "fleet_spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-o", str(tmp_path / f"{name}.jsonl")]
    cmd += ["-a", f"base={base}", "-a", f"paths={','.join(paths)}", "-a", f"stats={tmp_path / name}.stats"]
    cmd += ["-s", f"DEDUP_INDEX_URL={url}"]
    log = open(tmp_path / f"{name}.log", "w")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, env=env)


def _result(tmp_path: Path, name: str) -> dict:
    items = tmp_path / f"{name}.jsonl"
    rows = [json.loads(x) for x in items.read_text(encoding="utf-8").splitlines()] if items.exists() else []
    stats = json.loads((tmp_path / f"{name}.stats").read_text())
    return {
        "items": {r["url"]: r for r in rows},
        "stats": stats,
        "log": (tmp_path / f"{name}.log").read_text(),
    }


def _until(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the shared index never showed what a page waits for")
        time.sleep(0.05)


def _gated(pages: dict[str, str], gates: dict[str, Callable[[], bool]]) -> dict:
    """`pages`, where a gated path is answered only once its check holds (the server thread waits)."""

    class Gated(dict):
        def get(self, path, default=None):
            if path in gates:
                _until(gates[path])
            return super().get(path, default)

    return Gated(pages)


def _index(url: str):
    from dedup import Index

    return Index.connect(url)


def test_two_crawls_see_each_other_s_pages(farm, redis_server, tmp_path):
    """Crawl A takes the first site's first four pages and the second site's first two; crawl B the second
    site's others, then the first site's last page (answered once A's four are indexed: its template,
    which B never saw, must go) and the second site's copy of A's second page (answered once A indexed
    that page: B must drop it as A's page's copy)."""
    truth, url = farm["truth"], redis_server.url(retry=20)
    original = truth["/0/1.html"]["url"]
    gates = {
        "/0/4.html": lambda: _index(url).site_pages("harbor-ledger.example") >= 4,
        "/1/copy.html": lambda: _index(url).title_doc(truth["/0/1.html"]["title"]) == original,
    }
    a_paths = ["/0/0.html", "/0/1.html", "/0/2.html", "/0/3.html", "/1/0.html", "/1/1.html"]
    b_paths = ["/1/2.html", "/1/3.html", "/1/4.html", "/0/4.html", "/1/copy.html"]
    with serve(_gated(farm["pages"], gates)) as base:
        crawls = {n: _start(tmp_path, n, base, p, url) for n, p in (("a", a_paths), ("b", b_paths))}
        for proc in crawls.values():
            assert proc.wait(120) == 0
    a, b = _result(tmp_path, "a"), _result(tmp_path, "b")
    assert b["stats"]["dedup/duplicates_dropped"] == 1 and f"near-duplicate of {original}" in b["log"]
    footer = truth["/0/4.html"]["boiler"]
    last = b["items"][truth["/0/4.html"]["url"]]["text"]
    assert not _has(last, footer[0]) and not _has(last, footer[1]), last[-300:]
    crawled = {truth[p]["url"] for p in a_paths + b_paths if not truth[p]["copy_of"]}
    assert set(a["items"]) | set(b["items"]) == crawled and not set(a["items"]) & set(b["items"])
    assert len(_index(url)) == len(a_paths) + len(b_paths)
    for side in (a, b):
        assert side["stats"]["finish_reason"] == "finished" and "dedup/index_errors" not in side["stats"]


@pytest.fixture
def persistent(tmp_path):
    server = RedisServer(tmp_path / "redis", persist=True).start()
    yield server
    server.stop()


def _slow(pages: dict[str, str], delay: float) -> dict:
    class Slow(dict):
        def get(self, path, default=None):
            time.sleep(delay)
            return super().get(path, default)

    return Slow(pages)


def test_a_crawl_survives_a_server_restart(farm, persistent, tmp_path):
    """The server is killed (SIGKILL) mid-crawl and started again a second later (appendonly yes): the
    crawl waits for it, and ends as a crawl without the restart does (same items, same index)."""
    url = persistent.url(retry=30)
    order = list(farm["order"])
    with serve(_slow(farm["pages"], 0.1)) as base:
        proc = _start(tmp_path, "r", base, order, url)
        _until(lambda: len(_index(url)) >= 4)
        persistent.kill()
        time.sleep(1.0)
        persistent.start()
        assert proc.wait(120) == 0
        calm = _start(tmp_path, "c", base, order, persistent.url(retry=30))
        assert calm.wait(120) == 0
    got, want = _result(tmp_path, "r"), _result(tmp_path, "c")
    assert got["items"] == want["items"] and len(got["items"]) == len(order) - 1
    assert got["stats"]["dedup/duplicates_dropped"] == 1 and got["stats"]["finish_reason"] == "finished"
    assert "unreachable" in got["log"] and len(_index(url)) == len(order)


def test_a_server_that_stays_down_stops_the_crawl_and_passes_nothing_uncleaned(farm, persistent, tmp_path):
    url = persistent.url(retry=2)
    order = list(farm["order"])
    with serve(_slow(farm["pages"], 0.1)) as base:
        proc = _start(tmp_path, "d", base, order, url)
        _until(lambda: len(_index(url)) >= 4)
        persistent.kill()
        assert proc.wait(120) == 0
    got = _result(tmp_path, "d")
    assert got["stats"]["finish_reason"] == "dedup_index_unavailable"
    assert got["stats"]["dedup/index_errors"] >= 1 and "stayed unreachable for 2 s" in got["log"]
    assert 3 <= len(got["items"]) < len(order) - 1  # (the page being cleaned at the kill fails: not exported)
    truth = {t["url"]: t for t in farm["truth"].values()}
    for u, item in got["items"].items():  # (what was exported was cleaned: no title repeated in the body)
        assert truth[u]["title"] not in item["text"].splitlines()
    assert got["stats"]["item_scraped_count"] == len(got["items"])
