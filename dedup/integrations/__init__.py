"""Drop-in integrations: a Scrapy item pipeline (`dedup.integrations.scrapy`) and a batched
`datasets.Dataset.map` function (`dedup.integrations.hf`). Each imports its framework only when used.
See docs/pipelines.md.
"""

from __future__ import annotations

__all__ = ["hf", "scrapy"]
