"""The fleet benchmark's spider: `scrapy runspider spider.py -a base=URL -a paths=/a,/b -a stats=FILE`.

Crawls the paths it is given from the benchmark's loopback site through `DedupPipeline` (the index named by
the DEDUP_INDEX_URL setting, or the crawl's own in memory) and writes its stats to FILE at the end.
"""

from __future__ import annotations

import json
import time

import scrapy


class FleetSpider(scrapy.Spider):
    name = "fleet"
    custom_settings = {  # noqa: RUF012 (Scrapy reads it from the class)
        "ITEM_PIPELINES": {"dedup.integrations.scrapy.DedupPipeline": 300},
        "CONCURRENT_REQUESTS": 8,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "DEDUP_WARMUP": 0,
        "LOG_LEVEL": "WARNING",
    }
    base = paths = stats = ""
    started_at = 0.0

    async def start(self):
        self.started_at = time.time()
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for path in self.paths.split(","):
            yield scrapy.Request(self.base + path, self.parse_page)

    def parse_page(self, response):
        yield {
            "url": response.css('link[rel="canonical"]::attr(href)').get(),
            "title": response.css("h1::text").get(),
            "text": "\n\n".join(t.strip() for t in response.css("p::text").getall()),
        }

    def closed(self, reason):
        stats = dict(self.crawler.stats.get_stats(), finish_reason=reason)
        stats.update(started_at=self.started_at, closed_at=time.time())
        with open(self.stats, "w", encoding="utf-8") as f:
            json.dump(stats, f, default=str)
