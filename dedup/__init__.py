"""dedup: clean scraped articles of repeated headlines, duplicate paragraphs, boilerplate and injected
related links, with a shingling and MinHash-LSH core.

>>> import dedup
>>> dedup.clean("Big News\\n\\nBig News\\n\\nThe body.")
'Big News\\n\\nThe body.'
"""

from __future__ import annotations

from .cleaner import Cleaner
from .config import Config
from .corpus.index import Index
from .corpus.prints import DocPrint
from .detectors import LABELS
from .errors import (
    DedupError,
    IndexFileError,
    IndexLockedError,
    InputError,
    OutputError,
    SharedIndexError,
    UsageError,
    WorkerError,
)
from .fingerprint.minhash import minhash
from .pipeline import analyze, clean, fingerprint
from .report import Flag, Report
from .version import __version__

__all__ = [
    "LABELS",
    "Cleaner",
    "Config",
    "DedupError",
    "DocPrint",
    "Flag",
    "Index",
    "IndexFileError",
    "IndexLockedError",
    "InputError",
    "OutputError",
    "Report",
    "SharedIndexError",
    "UsageError",
    "WorkerError",
    "__version__",
    "analyze",
    "clean",
    "fingerprint",
    "minhash",
]
