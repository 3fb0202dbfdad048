"""The peers the real-page benchmark runs on each page's HTML, and the cache of their outputs.

    trafilatura       trafilatura.extract(html, url=url), default settings ("" when it gives None)
    trafilatura-opts  trafilatura.extract(html, url=url, **dedup.html.EXTRACT_OPTIONS): the body dedup's
                      HTML path starts from
    justext           jusText with the page language's stoplist (English when jusText has none), the
                      paragraphs not marked boilerplate, joined by blank lines
    readability       readability-lxml Document(html).summary(), rendered to text by resiliparse
                      (main_content=False: the summary is already the main content)
    resiliparse       extract_plain_text(main_content=True): the r2 rendering, taken from the render cache
    html-input        dedup.html.html_to_text(html, url): trafilatura with EXTRACT_OPTIONS, title line +
                      body, i.e. exactly what dedup's HTML path cleans ("trafilatura alone, same settings")

dedup.html.clean_html itself is never cached: it is the code under test.

Cache: benchmarks/real/work/peers/<set>/<tool>.jsonl.gz, one {id, text, ms, error} per page, beside
<tool>.config.json naming the versions and settings; a cache whose config differs is ignored.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import json
import logging
import time
import warnings
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import data

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "peers"
# computed here, from the HTML (resiliparse comes from the render cache as r2)
COMPUTED = ("trafilatura", "trafilatura-opts", "justext", "readability", "html-input")
PEERS = ("trafilatura", "trafilatura-opts", "justext", "readability", "resiliparse")

# ISO 639-1 code -> jusText stoplist name, for the languages of the three sets and their neighbours
JUSTEXT_STOPLISTS = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nb": "Norwegian_Bokmal",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}


def justext_stoplist(lang: str | None) -> str:
    """The jusText stoplist of a page language; English when jusText has none for it (ja, zh...)."""
    return JUSTEXT_STOPLISTS.get((lang or "").lower()[:2], "English")


def trafilatura_default(page: data.Page) -> str:
    """trafilatura.extract with its default settings."""
    import trafilatura

    return trafilatura.extract(page.html, url=page.url) or ""


def trafilatura_opts(page: data.Page) -> str:
    """trafilatura.extract with dedup's EXTRACT_OPTIONS (the body only)."""
    import trafilatura

    from dedup.html import EXTRACT_OPTIONS

    return trafilatura.extract(page.html, url=page.url, **EXTRACT_OPTIONS) or ""


def justext_text(page: data.Page) -> str:
    """jusText's good paragraphs, blank lines between them."""
    import justext

    paragraphs = justext.justext(page.html, justext.get_stoplist(justext_stoplist(page.lang)))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_text(page: data.Page) -> str:
    """readability-lxml's summary HTML as plain text (block elements become line breaks)."""
    from readability import Document
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    summary = Document(page.html).summary()
    return extract_plain_text(HTMLTree.parse(summary), main_content=False)


def html_input(page: data.Page) -> str:
    """dedup.html.html_to_text: the text dedup's HTML path gives to the cleaner."""
    from dedup.html import html_to_text

    return html_to_text(page.html, page.url)[0]


FUNCTIONS: dict[str, Callable[[data.Page], str]] = {
    "trafilatura": trafilatura_default,
    "trafilatura-opts": trafilatura_opts,
    "justext": justext_text,
    "readability": readability_text,
    "html-input": html_input,
}


def quiet() -> None:
    """Silence the peers' warnings and log lines (readability logs every page it finds hard)."""
    warnings.simplefilter("ignore")
    for name in ("readability", "readability.readability", "trafilatura", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def run(tool: str, page: data.Page) -> dict:
    """One peer on one page: {id, text, ms, error}; an exception gives "" and "Type: message"."""
    t0 = time.perf_counter()
    try:
        text, error = FUNCTIONS[tool](page), None
    except Exception as e:
        text, error = "", f"{type(e).__name__}: {str(e)[:200]}"
    return {"id": page.id, "text": text, "ms": round((time.perf_counter() - t0) * 1000, 3), "error": error}


# ------------------------------------------------------------------------------------------------ the cache


def _version(dist: str) -> str:
    """An installed distribution's version, or "missing"."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return "missing"


def config(tool: str) -> str:
    """What a tool's cached outputs depend on: versions and settings (a change empties the cache)."""
    from dedup.html import EXTRACT_OPTIONS

    traf = f"trafilatura {_version('trafilatura')}"
    if tool == "trafilatura":
        return f"{traf}; extract(html, url=url)"
    if tool == "trafilatura-opts":
        return f"{traf}; {sorted(EXTRACT_OPTIONS.items())}"
    if tool == "justext":
        return f"justext {_version('justext')}; {sorted(JUSTEXT_STOPLISTS.items())}"
    if tool == "readability":
        return f"readability-lxml {_version('readability-lxml')}; resiliparse {_version('resiliparse')}"
    # html_to_text is dedup's own code: key it on its source too, so a change there re-extracts (only
    # these two functions: an edit elsewhere in dedup/html.py, e.g. to clean_html, keeps the cache)
    import dedup.html

    code = inspect.getsource(dedup.html.extract) + inspect.getsource(dedup.html.html_to_text)
    source = hashlib.sha256(code.encode()).hexdigest()[:16]
    return f"{traf}; {sorted(EXTRACT_OPTIONS.items())}; html_to_text {source}"


class Cache:
    """The cached outputs of one tool on one set, by page id; `add` new ones, `save` when done."""

    def __init__(self, set_name: str, tool: str, refresh: bool = False) -> None:
        self.path = WORK / set_name / f"{tool}.jsonl.gz"
        self.meta = self.path.with_name(f"{tool}.config.json")
        self.config = config(tool)
        self.records: dict[str, dict] = {} if refresh else self._read()
        self.dirty = False

    def _read(self) -> dict[str, dict]:
        """The records on disk, when they were made with the same config."""
        if not (self.path.exists() and self.meta.exists()):
            return {}
        if json.loads(self.meta.read_text(encoding="utf-8")).get("config") != self.config:
            return {}
        with gzip.open(self.path, "rt", encoding="utf-8") as f:
            return {r["id"]: r for r in map(json.loads, f)}

    def add(self, record: dict) -> None:
        """Keep a freshly computed record."""
        self.records[record["id"]] = record
        self.dirty = True

    def save(self) -> None:
        """Write the records (atomically: a killed run leaves the old cache) and the config."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            for r in self.records.values():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        tmp.replace(self.path)
        self.meta.write_text(json.dumps({"config": self.config}) + "\n", encoding="utf-8")
        self.dirty = False
