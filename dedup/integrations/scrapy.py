"""`DedupPipeline`: a Scrapy item pipeline that cleans each item's text and drops syndicated copies.

Enable it in the project settings::

    ITEM_PIPELINES = {"dedup.integrations.scrapy.DedupPipeline": 300}
    DEDUP_TEXT_FIELD = "text"            # the field cleaned in place
    DEDUP_TITLE_FIELD = "title"          # the headline (None: first line of the text)
    DEDUP_URL_FIELD = "url"              # names the site (its host) and the document id
    DEDUP_SITE_FIELD = None              # or a field naming the site explicitly
    DEDUP_HTML_FIELD = None              # or a field holding the raw page: text extracted with dedup.html
    DEDUP_REPORT_FIELD = None            # or a field that receives report.to_dict() (the flags)
    DEDUP_CONFIG = {}                    # dedup.Config settings: {"corpus": {"site_min_docs": 5}, ...}
    DEDUP_INDEX_PATH = None              # load the index here at open (if the file exists), save at close
    DEDUP_INDEX_URL = None               # or share one index with other crawls: redis://host:port/db?prefix=NAME
    DEDUP_WARMUP = 3                     # hold a site's first N items until its boilerplate is learned
    DEDUP_WARMUP_TIMEOUT = 30.0          # ... but never longer than this many seconds

One index lives for the whole crawl: every item is added to it as it arrives (so a site's boilerplate is
learned page by page, and earlier pages' titles become evidence of injected related links), then the item
is cleaned against it. An item whose text copies an earlier item's is dropped with `DropItem` naming the
earlier item's id (its URL). An item whose URL the index already holds (a recrawl) updates that document.

The index is in memory (saved to `DEDUP_INDEX_PATH` at close, if set: one crawl at a time; a second crawl
on the same file stops at open with `IndexLockedError`), or shared by every crawl of a fleet through
`DEDUP_INDEX_URL` (Redis, docs/fleets.md): each crawl then sees the boilerplate, titles and copies of the
others as they are added. A shared index out of reach at open stops the crawl with `SharedIndexError`; one
lost mid-crawl is retried with backoff (the URL's `retry=` seconds), then the item fails with that error
(logged, not exported: never passed on uncleaned) and the crawl closes with reason
`dedup_index_unavailable`.

Warm-up: a block is a site's boilerplate once it has been seen on `Config.site_min_docs` (3) pages of the
site, so in a pure stream a site's first pages keep their boilerplate. With `DEDUP_WARMUP = N` the first N
items of each site are held (their `process_item` waits) until N pages of that site are indexed, and then
released, cleaned against the warmed index. Held items are also released when the crawl has nothing else
in flight (nothing downloading or scheduled), when Scrapy backs out because held responses fill its
scraper slot, or after `DEDUP_WARMUP_TIMEOUT` seconds. `DEDUP_WARMUP = 0`
cleans every item at once. docs/pipelines.md gives the measured effect.

Stats: ``dedup/items_cleaned``, ``dedup/removed/<label>`` (flags per label), ``dedup/removed_chars``,
``dedup/duplicates_dropped``, ``dedup/items_skipped`` (no text), ``dedup/items_held`` (warm-up),
``dedup/index_errors`` (items failed because the shared index was out of reach).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

try:
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem, NotConfigured
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "dedup.integrations.scrapy needs Scrapy: install the extra with "
        f"`pip install 'dedup[scrapy]'` [{type(e).__name__}: {e}]"
    ) from e

from ..config import Config
from ..corpus.access import OpenIndex, open_index
from ..corpus.base import CorpusIndex
from ..corpus.index import Index
from ..corpus.shared_url import shown
from ..corpus.sites import site_of_url
from ..errors import SharedIndexError
from ..pipeline import analyze, fingerprint, signer
from ..report import Report

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class _Held:
    """An item waiting for its site's warm-up, with what is needed to clean it later."""

    adapter: Any
    item: Any
    text: str
    title: str | None
    url: str | None
    site: str
    doc_id: str
    deferred: Any
    since: float = field(default_factory=time.monotonic)


class DedupPipeline:
    """Clean the text field of each item against one crawl-wide `Index`; drop copies of earlier items."""

    def __init__(
        self,
        *,
        text_field: str = "text",
        title_field: str | None = "title",
        url_field: str | None = "url",
        site_field: str | None = None,
        html_field: str | None = None,
        report_field: str | None = None,
        config: Config | None = None,
        index_path: str | Path | None = None,
        index_url: str | None = None,
        warmup: int = 3,
        warmup_timeout: float = 30.0,
        crawler: Any = None,
    ) -> None:
        if warmup < 0:
            raise ValueError("DEDUP_WARMUP must be 0 or more")
        if index_path and index_url:
            raise ValueError("set DEDUP_INDEX_PATH or DEDUP_INDEX_URL, not both")
        self.text_field, self.title_field, self.url_field = text_field, title_field, url_field
        self.site_field, self.html_field, self.report_field = site_field, html_field, report_field
        self.config = config or Config()
        self.index_path = Path(index_path) if index_path else None
        self.index_url = index_url
        self.warmup, self.warmup_timeout = warmup, warmup_timeout
        self.crawler = crawler
        self.stats = crawler.stats if crawler is not None else None
        self.index: CorpusIndex = Index(self.config, signer=signer(self.config))
        self._opened: OpenIndex | None = None
        self._failed: SharedIndexError | None = None  # the shared index went out of reach
        self._ids: set[str] = set()  # ids added during this crawl
        self._warm: set[str] = set()  # sites whose warm-up is over
        self._held: dict[str, list[_Held]] = {}
        self._quiet_ticks = 0
        self._loop: Any = None  # a twisted LoopingCall while warming up
        self.summary: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupPipeline:
        """Build the pipeline from the crawler's settings (see the module docstring)."""
        s = crawler.settings
        cfg = s.getdict("DEDUP_CONFIG") if s.get("DEDUP_CONFIG") else {}
        try:
            config = Config().replace(**{k: tuple(v) if isinstance(v, list) else v for k, v in cfg.items()})
        except TypeError as e:
            raise NotConfigured(f"DEDUP_CONFIG: {e}") from e
        return cls(
            text_field=s.get("DEDUP_TEXT_FIELD", "text"),
            title_field=s.get("DEDUP_TITLE_FIELD", "title"),
            url_field=s.get("DEDUP_URL_FIELD", "url"),
            site_field=s.get("DEDUP_SITE_FIELD"),
            html_field=s.get("DEDUP_HTML_FIELD"),
            report_field=s.get("DEDUP_REPORT_FIELD"),
            config=config,
            index_path=s.get("DEDUP_INDEX_PATH"),
            index_url=s.get("DEDUP_INDEX_URL"),
            warmup=s.getint("DEDUP_WARMUP", 3),
            warmup_timeout=s.getfloat("DEDUP_WARMUP_TIMEOUT", 30.0),
            crawler=crawler,
        )

    # ------------------------------------------------------------------ lifecycle
    def open_spider(self, spider: Any = None) -> None:
        """Open the index (load DEDUP_INDEX_PATH if it exists, or connect to DEDUP_INDEX_URL) and start the
        warm-up timer."""
        spec = self.index_url or (str(self.index_path) if self.index_path else None)
        if spec:
            try:
                self._opened = open_index(spec, self.config, signer(self.config))
            except Exception as e:
                logger.error("dedup: %s", e)
                raise
            self.index = self._opened.index
            logger.info("dedup: index %s (%d documents)", self._shown(), len(self.index))
        if self.warmup:
            from twisted.internet.task import LoopingCall

            self._loop = LoopingCall(self._tick)
            self._loop.start(0.2, now=False)

    def _shown(self) -> str:
        return shown(self.index_url) if self.index_url else str(self.index_path)

    def close_spider(self, spider: Any = None) -> None:
        """Release anything still held, save the index (if DEDUP_INDEX_PATH is set), log a summary."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._release_all("spider closing")
        try:
            if self._opened is not None:
                self._opened.save()
            self._log_summary()
        finally:
            if self._opened is not None:
                self._opened.close()

    def _log_summary(self) -> None:
        s = self.summary
        try:  # (a shared index is described by its size: its full stats read all of it)
            about = self.index.stats() if self.index_url is None else {"documents": len(self.index)}
        except SharedIndexError as e:
            about = {"error": str(e)}
        logger.info(
            "dedup: %d items cleaned, %d duplicates dropped, %d skipped (no text), %d held for warm-up; "
            "removed %s; index: %s%s",
            s.get("items_cleaned", 0),
            s.get("duplicates_dropped", 0),
            s.get("items_skipped", 0),
            s.get("items_held", 0),
            {k[8:]: v for k, v in sorted(s.items()) if k.startswith("removed/")} or "nothing",
            about,
            f", saved to {self.index_path}" if self.index_path else "",
        )

    # ------------------------------------------------------------------ items
    async def process_item(self, item: Any, spider: Any = None) -> Any:
        """Clean the item's text field (or hold it during its site's warm-up); drop copies."""
        adapter = ItemAdapter(item)
        text, title = (
            adapter.get(self.text_field),
            adapter.get(self.title_field) if self.title_field else None,
        )
        url = adapter.get(self.url_field) if self.url_field else None
        if self.html_field and adapter.get(self.html_field):
            from ..html import html_to_text

            text, found = html_to_text(adapter[self.html_field], url)
            title = title or found
        if not isinstance(text, str) or not text.strip():
            self._inc("items_skipped")
            return item
        site = str(adapter.get(self.site_field) or "") if self.site_field else site_of_url(url)
        doc_id = self._guarded(lambda: self._add(text, title, url, site))
        if not self.warmup or site in self._warm:
            return self._guarded(lambda: self._finish(adapter, item, text, title, url, site, doc_id))
        from twisted.internet.defer import Deferred

        held = _Held(adapter, item, text, title, url, site, doc_id, Deferred())
        self._held.setdefault(site, []).append(held)
        self._inc("items_held")
        if self._guarded(lambda: self.index.site_pages(site)) >= self.warmup:
            self._release(site, "warm-up complete")
        return await _wait(held.deferred)

    def _guarded(self, fn: Callable[[], T]) -> T:
        """`fn()`; a shared index out of reach (past its retries) fails the item and closes the crawl."""
        if self._failed is not None:
            self._inc("index_errors")
            raise self._failed
        try:
            return fn()
        except SharedIndexError as e:
            self._failed = e
            self._inc("index_errors")
            logger.error("dedup: %s; closing the crawl (items from now on fail, none passes uncleaned)", e)
            engine = getattr(self.crawler, "engine", None)
            if engine is not None:
                engine.close_spider(engine.spider, "dedup_index_unavailable")
            raise

    def _add(self, text: str, title: str | None, url: str | None, site: str) -> str:
        """Add the item to the index (an update when the index holds its id) and return its id; an id seen
        earlier in this crawl gets '#2', '#3', ..."""
        base = str(url) if url else f"item-{len(self._ids) + 1}"
        doc_id, n = base, 1
        while doc_id in self._ids:
            n += 1
            doc_id = f"{base}#{n}"
        self._ids.add(doc_id)
        self.index.add(fingerprint(text, doc_id=doc_id, title=title, url=url, site=site, config=self.config))
        return doc_id

    def _finish(
        self, adapter: Any, item: Any, text: str, title: str | None, url: str | None, site: str, doc_id: str
    ) -> Any:
        report = analyze(
            text, title=title, index=self.index, url=url, site=site, doc_id=doc_id, config=self.config
        )
        if report.duplicate_of is not None:
            self._inc("duplicates_dropped")
            raise DropItem(
                f"dedup: near-duplicate of {report.duplicate_of} (similarity {report.similarity:.2f}); "
                f"this item: {doc_id}"
            )
        self._record(report)
        adapter[self.text_field] = report.clean
        if self.report_field:
            adapter[self.report_field] = report.to_dict()
        return item

    def _record(self, report: Report) -> None:
        self._inc("items_cleaned")
        self._inc("removed_chars", report.removed_chars)
        for label, n in report.counts().items():
            self._inc(f"removed/{label}", n)

    def _inc(self, key: str, n: int = 1) -> None:
        self.summary[key] = self.summary.get(key, 0) + n
        if self.stats is not None:
            self.stats.inc_value(f"dedup/{key}", n)

    # ------------------------------------------------------------------ warm-up
    def _release(self, site: str, why: str) -> None:
        self._warm.add(site)
        held = self._held.pop(site, [])
        if held:
            logger.debug("dedup: releasing %d held items of site %r (%s)", len(held), site, why)
        for h in held:
            try:
                result = self._guarded(functools.partial(self._finish_held, h))
            except Exception as e:  # DropItem, a shared index out of reach, or a bug: the item's outcome
                h.deferred.errback(e)
            else:
                h.deferred.callback(result)

    def _finish_held(self, h: _Held) -> Any:
        return self._finish(h.adapter, h.item, h.text, h.title, h.url, h.site, h.doc_id)

    def _release_all(self, why: str) -> None:
        for site in list(self._held):
            self._release(site, why)

    def _tick(self) -> None:
        """Timer: release sites held too long, or everything when the crawl has nothing else in flight."""
        if not self._held:
            self._quiet_ticks = 0
            return
        now = time.monotonic()
        for site, held in list(self._held.items()):
            if now - held[0].since >= self.warmup_timeout:
                self._release(site, f"waited {self.warmup_timeout:g}s")
        if self._backing_out():
            self._release_all("Scrapy is backing out (held responses fill the scraper slot)")
            return
        self._quiet_ticks = self._quiet_ticks + 1 if self._crawl_quiet() else 0
        if self._quiet_ticks >= 2:  # quiet for two ticks in a row: nothing more is coming now
            self._release_all("nothing else in flight")
            self._quiet_ticks = 0

    def _crawl_quiet(self) -> bool:
        """True when nothing is downloading, scheduled or waiting to be parsed (best effort)."""
        engine = getattr(self.crawler, "engine", None)
        if engine is None:
            return False
        try:
            if engine.downloader.active or engine.scraper.slot.queue:
                return False
            if getattr(engine, "_start", None) is not None:
                return False
            slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
            if slot is not None:
                if getattr(slot, "start_requests", None) is not None:  # Scrapy < 2.13
                    return False
                if slot.scheduler.has_pending_requests():
                    return False
            return True
        except AttributeError:
            return False

    def _backing_out(self) -> bool:
        try:
            return bool(self.crawler.engine.scraper.slot.needs_backout())
        except AttributeError:
            return False


async def _wait(d: Any) -> Any:
    """Await a Twisted Deferred under either reactor (asyncio or not)."""
    from scrapy.utils.defer import maybe_deferred_to_future

    return await maybe_deferred_to_future(d)


__all__ = ["DedupPipeline"]
