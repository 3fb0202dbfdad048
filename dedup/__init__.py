"""dedup: clean scraped articles of repeated headlines, duplicate paragraphs, boilerplate and injected
related links, with a shingling and MinHash-LSH core.

>>> import dedup
>>> dedup.clean("Big News\\n\\nBig News\\n\\nThe body.")
'Big News\\n\\nThe body.'
"""

from __future__ import annotations

from .cleaner import Cleaner
from .config import Config
from .index import Index
from .minhash import minhash
from .pipeline import analyze, clean
from .report import LABELS, Flag, Report

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "Cleaner",
    "Config",
    "Flag",
    "Index",
    "Report",
    "__version__",
    "analyze",
    "clean",
    "minhash",
]
