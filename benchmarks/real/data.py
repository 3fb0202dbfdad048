"""Loaders of the real pages with gold main content (../shared/data): one `Page` per HTML page.

wcxb              WCXB: full gold text (null for 27), split dev (train) / test (tune)
trafilatura-eval  trafilatura's evaluation pages: with/without snippets only, split "dev"
aeb               article-extraction-benchmark: full gold, split "test" (never tune on it)

python benchmarks/real/data.py [--sets wcxb,trafilatura-eval,aeb]   # counts, as a smoke test
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SETS = ("wcxb", "trafilatura-eval", "aeb")
_FOLDERS = {"wcxb": "wcxb", "trafilatura-eval": "trafilatura-eval", "aeb": "article-extraction-benchmark"}

# the first bytes of a page are enough to find its declared charset
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
# a UTF-8 page with a few stray bytes stays UTF-8; above this share of bad non-ASCII bytes it is not UTF-8
_MAX_BAD_UTF8 = 0.05


@dataclass
class Page:
    """One HTML page with its gold: full text (`gold`, or None) and/or with/without snippets."""

    set: str
    id: str
    url: str | None
    domain: str | None
    lang: str | None
    page_type: str | None
    split: str
    html: str = field(repr=False)
    gold: str | None = field(repr=False)
    with_snippets: list[str] = field(default_factory=list, repr=False)
    without_snippets: list[str] = field(default_factory=list, repr=False)
    title: str | None = None


def shared_data() -> Path:
    """The ../shared/data folder beside the checkout (or /work/shared/data)."""
    for p in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if (p / "README.md").exists():
            return p
    raise SystemExit("cannot find ../shared/data next to the repository")


def _codec(name: str) -> str | None:
    """The Python codec of a declared charset, browser-style (latin-1 is read as cp1252), or None."""
    import codecs

    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode_html(raw: bytes) -> str:
    """Decode page bytes: UTF-8, else the meta charset, else cp1252 (never raises)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", "replace")
    non_ascii = sum(b > 127 for b in raw)
    # a page that is UTF-8 but for a few stray bytes: keep UTF-8 (its meta says so, or not)
    if text.count("\ufffd") <= _MAX_BAD_UTF8 * non_ascii:
        return text
    m = _CHARSET.search(raw[:8192])
    codec = _codec(m.group(1).decode("ascii", "replace")) if m else None
    if codec and codec != "utf-8":
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    return raw.decode("cp1252", "replace")


def read_html(path: Path) -> str:
    """The decoded text of one gzip-compressed page."""
    with gzip.open(path, "rb") as f:
        return decode_html(f.read())


def _metas(html: str) -> dict[str, str]:
    """The page's <meta property|name=... content=...> pairs (first one of each key, key lowercased)."""
    out: dict[str, str] = {}
    for tag in _META.findall(html[:200_000]):
        attrs = {k.lower(): a or b or c for k, a, b, c in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key and "content" in attrs and key not in out:
            out[key] = attrs["content"]
    return out


def _clean(text: str | None) -> str | None:
    """Entity-decoded, whitespace-folded text, or None when empty."""
    if text is None:
        return None
    text = " ".join(htmllib.unescape(text).split())
    return text or None


def html_title(html: str) -> str | None:
    """The page title from og:title, else from <title>, else None."""
    title = _clean(_metas(html).get("og:title"))
    if title:
        return title
    m = _TITLE.search(html[:500_000])
    return _clean(m.group(1)) if m else None


def html_lang(html: str) -> str | None:
    """The language code of <html lang=...> (lowercase), or None."""
    m = _HTML_LANG.search(html[:50_000])
    return m.group(1).lower() if m else None


def canonical_url(html: str) -> str | None:
    """The page's canonical link or og:url, or None."""
    for tag in _LINK.findall(html[:200_000]):
        attrs = {k.lower(): a or b or c for k, a, b, c in _ATTR.findall(tag)}
        if attrs.get("rel", "").lower() == "canonical" and attrs.get("href", "").startswith("http"):
            return attrs["href"]
    url = _metas(html).get("og:url", "")
    return url if url.startswith("http") else None


def host(url: str | None) -> str | None:
    """The URL's host, lowercase, without a leading "www.", or None."""
    if not url:
        return None
    name = (urlsplit(url).hostname or "").lower()
    return (name.removeprefix("www.")) or None


def _jsonl(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines file."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_wcxb(base: Path | None = None, ids: Collection[str] | None = None) -> Iterator[Page]:
    """WCXB pages (split dev = training, test = tuning); only those in `ids` when given."""
    folder = (base or shared_data()) / _FOLDERS["wcxb"]
    for r in _jsonl(folder / "gold.jsonl"):
        if ids is not None and r["id"] not in ids:
            continue
        html = read_html(folder / "html" / f"{r['id']}.html.gz")
        domain = r.get("domain") or host(r["url"]) or host(canonical_url(html))
        yield Page(
            "wcxb",
            r["id"],
            r["url"],
            domain,
            r.get("lang"),
            r.get("page_type"),
            r["split"],
            html,
            r.get("gold"),
            list(r.get("with") or []),
            list(r.get("without") or []),
            r.get("title") or html_title(html),
        )


def load_trafilatura_eval(base: Path | None = None, ids: Collection[str] | None = None) -> Iterator[Page]:
    """trafilatura's evaluation pages (snippets only; split "dev"); only those in `ids` when given."""
    folder = (base or shared_data()) / _FOLDERS["trafilatura-eval"]
    for r in _jsonl(folder / "gold.jsonl"):
        if ids is not None and r["id"] not in ids:
            continue
        html = read_html(folder / "html" / f"{r['id']}.html.gz")
        # some pages have no URL: their canonical link still names the site
        domain = host(r["url"]) or host(canonical_url(html))
        yield Page(
            "trafilatura-eval",
            r["id"],
            r["url"],
            domain,
            r.get("lang") or html_lang(html),
            None,
            "dev",
            html,
            None,
            list(r.get("with") or []),
            list(r.get("without") or []),
            html_title(html),
        )


def _aeb_langs(base: Path) -> dict[str, str]:
    """Detected body languages of the AEB pages, from articles.jsonl (by sha256 id)."""
    path = base / "articles.jsonl"
    if not path.exists():
        return {}
    return {r["id"].split("/", 1)[1]: r["lang"] for r in _jsonl(path) if r["id"].startswith("aeb/")}


def load_aeb(base: Path | None = None, ids: Collection[str] | None = None) -> Iterator[Page]:
    """article-extraction-benchmark pages (split "test": report only, never tune); only `ids` when given."""
    base = base or shared_data()
    folder = base / _FOLDERS["aeb"]
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    langs = _aeb_langs(base)
    for pid in sorted(truth):
        if ids is not None and pid not in ids:
            continue
        html = read_html(folder / "html" / f"{pid}.html.gz")
        url = truth[pid].get("url")
        yield Page(
            "aeb",
            pid,
            url,
            host(url),
            langs.get(pid) or html_lang(html),
            None,
            "test",
            html,
            truth[pid]["articleBody"],
            [],
            [],
            html_title(html),
        )


LOADERS = {"wcxb": load_wcxb, "trafilatura-eval": load_trafilatura_eval, "aeb": load_aeb}


def load(set_name: str, base: Path | None = None, ids: Collection[str] | None = None) -> Iterator[Page]:
    """The pages of one set by name (wcxb, trafilatura-eval, aeb); only those in `ids` when given (the
    others' HTML is not even read)."""
    if set_name not in LOADERS:
        raise ValueError(f"unknown set {set_name!r}; known: {', '.join(SETS)}")
    return LOADERS[set_name](base, ids)


def scored_ids(set_name: str, base: Path | None = None) -> list[str]:
    """Ids of a set's pages that have something to score against (full gold; snippets for
    trafilatura-eval), in file order (AEB: sorted), read without any HTML."""
    base = base or shared_data()
    folder = base / _FOLDERS[set_name]
    if set_name == "aeb":
        return sorted(json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")))
    if set_name == "wcxb":
        return [r["id"] for r in _jsonl(folder / "gold.jsonl") if r.get("gold") is not None]
    return [r["id"] for r in _jsonl(folder / "gold.jsonl") if r.get("with") or r.get("without")]


def main(argv: list[str] | None = None) -> int:
    """Print per-set counts (pages, splits, gold present, titles, languages)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS))
    args = ap.parse_args(argv)
    for name in args.sets.split(","):
        pages = list(load(name))
        splits = Counter(p.split for p in pages)
        langs = Counter(p.lang for p in pages).most_common(5)
        golds = sum(p.gold is not None for p in pages)
        print(
            f"{name}: {len(pages)} pages, splits {dict(splits)}, gold {golds},"
            f" titles {sum(p.title is not None for p in pages)}, domains {len({p.domain for p in pages})},"
            f" no domain {sum(p.domain is None for p in pages)}, langs {langs}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
