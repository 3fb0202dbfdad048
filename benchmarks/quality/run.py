"""Quality benchmark: regenerate the farm corpus, run every cleaner on the same pages, write results.

Usage (from the repo root):
    python benchmarks/quality/run.py            # full run: results.md, results.json, chart.png here
    python benchmarks/quality/run.py --quick    # 40 pages per style family, seconds, prints only
    python benchmarks/quality/run.py --tools dedup,dedup-corpus --quick
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = REPO / ".." / "shared"
if __package__:
    from . import farm, metrics
else:  # run as a script: python benchmarks/quality/run.py
    for p in (str(HERE), str(REPO)):
        if p not in sys.path:
            sys.path.insert(0, p)
    import farm  # type: ignore[no-redef]
    import metrics  # type: ignore[no-redef]

LABELS = list(farm.LABELS)
TARGETS = {"junk_removed": 0.95, "lost": 0.003, "block_recall": 0.95, "block_precision": 0.99}


class NotAvailable(Exception):
    """The tool cannot run here (missing package or API)."""


@dataclass
class Output:
    """One tool's result for one page."""

    text: str
    flags: list[tuple[int, int, str]] | None = None
    duplicate_of: str | None = None


# --------------------------------------------------------------------------------------------------
# tools: each takes the corpus records (id, url, site, title, text, lang) and returns one Output per page

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _ccnet_norm(line: str) -> str:
    """CCNet line normalisation: lower case, no accents, digits to 0, no punctuation, folded spaces."""
    s = unicodedata.normalize("NFD", line.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"\d", "0", s)
    return " ".join(_PUNCT.sub(" ", s).split())


def tool_none(pages: list[dict]) -> list[Output]:
    """No cleaning at all."""
    return [Output(p["text"]) for p in pages]


def tool_exact_lines(pages: list[dict]) -> list[Output]:
    """Drop a line when its CCNet-normalised form already occurred earlier on the page."""
    out = []
    for p in pages:
        seen: set[str] = set()
        keep, flags, pos = [], [], 0
        for line in p["text"].split("\n"):
            key = _ccnet_norm(line)
            if key and key in seen:
                flags.append((pos, pos + len(line), "unlabelled"))
            else:
                seen.add(key)
                keep.append(line)
            pos += len(line) + 1
        out.append(Output("\n".join(keep), flags))
    return out


def _shingles(text: str, n: int = 3) -> set[bytes]:
    """Word n-gram shingles (the whole line when it is shorter than n words)."""
    w = metrics._WORD.findall(text.lower())
    if len(w) < n:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i : i + n]).encode() for i in range(len(w) - n + 1)}


def _datasketch_lines(pages: list[dict], per_page: bool) -> list[Output]:
    """Plain datasketch line de-dup at Jaccard 0.8: MinHashLSH, keep the first occurrence."""
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError as e:  # pragma: no cover
        raise NotAvailable(str(e)) from e
    out = []
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    key = 0
    for p in pages:
        if per_page:
            lsh = MinHashLSH(threshold=0.8, num_perm=128)
        keep, flags, pos = [], [], 0
        for line in p["text"].split("\n"):
            start, pos = pos, pos + len(line) + 1
            sh = _shingles(line)
            if not sh:
                keep.append(line)
                continue
            m = MinHash(num_perm=128, seed=1)
            m.update_batch(list(sh))
            if lsh.query(m):
                flags.append((start, start + len(line), "unlabelled"))
                continue
            lsh.insert(f"k{key}", m)
            key += 1
            keep.append(line)
        out.append(Output("\n".join(keep), flags))
    return out


def tool_datasketch_page(pages: list[dict]) -> list[Output]:
    """datasketch line de-dup within each page."""
    return _datasketch_lines(pages, per_page=True)


def tool_datasketch_corpus(pages: list[dict]) -> list[Output]:
    """datasketch line de-dup across the whole corpus in order (keep the first page's copy)."""
    return _datasketch_lines(pages, per_page=False)


def to_html(p: dict) -> str:
    """The page as HTML: title as <title> and <h1>, every other non-empty line as a <p>."""
    lines = [ln.strip() for ln in p["text"].split("\n") if ln.strip()]
    title = p.get("title") or (lines[0] if lines else "")
    if lines and lines[0] == title:
        lines = lines[1:]
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines)
    return (
        f'<!DOCTYPE html><html lang="{p.get("lang") or "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><article><h1>{html.escape(title)}</h1>\n"
        f"{body}\n</article></body></html>"
    )


def _with_title(title: str, text: str) -> str:
    """Re-attach the title that HTML extractors report as metadata, not body."""
    first = text.lstrip().split("\n", 1)[0].strip() if text.strip() else ""
    return text if first == title.strip() else title + "\n\n" + text


def tool_trafilatura(pages: list[dict]) -> list[Output]:
    """trafilatura.extract(html, deduplicate=True); its LRU de-dup cache spans the corpus, reset first."""
    try:
        import trafilatura
        import trafilatura.deduplication as tdd
    except ImportError as e:
        raise NotAvailable(str(e)) from e
    tdd.LRU_TEST.cache.clear()
    out = []
    for p in pages:
        got = trafilatura.extract(to_html(p), deduplicate=True, include_comments=False, include_tables=True)
        out.append(Output(_with_title(p["title"], got or "")))
    return out


_JUSTEXT_LANG = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
    "cs": "Czech",
    "id": "Indonesian",
    "lv": "Latvian",
    "ko": "Korean",
    "ar": "Arabic",
    "bn": "Bengali",
    "ne": "Nepali",
    "nl": "Dutch",
    "pl": "Polish",
}


def tool_justext(pages: list[dict]) -> list[Output]:
    """jusText on the same HTML, with the page language's stoplist (language-free mode otherwise)."""
    try:
        import justext
    except ImportError as e:
        raise NotAvailable(str(e)) from e
    out = []
    for p in pages:
        name = _JUSTEXT_LANG.get(p.get("lang") or "")
        if name:
            paras = justext.justext(to_html(p).encode("utf-8"), justext.get_stoplist(name), encoding="utf-8")
        else:
            paras = justext.justext(
                to_html(p).encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0, encoding="utf-8"
            )
        text = "\n\n".join(x.text for x in paras if not x.is_boilerplate)
        out.append(Output(_with_title(p["title"], text)))
    return out


def _flags_of(report: Any) -> list[tuple[int, int, str]]:
    """(start, end, label) of a dedup Report's flags that are not content."""
    return [(f.start, f.end, f.label) for f in getattr(report, "flags", []) if f.label != "content"]


def tool_dedup(pages: list[dict]) -> list[Output]:
    """dedup single-page: dedup.analyze(text) (dedup.clean(text) when analyze is missing)."""
    try:
        import dedup
    except ImportError as e:
        raise NotAvailable(f"import dedup: {e}") from e
    if hasattr(dedup, "analyze"):
        out = []
        for p in pages:
            r = dedup.analyze(p["text"])
            out.append(Output(r.clean, _flags_of(r)))
        return out
    if hasattr(dedup, "clean"):
        return [Output(dedup.clean(p["text"])) for p in pages]
    raise NotAvailable("dedup.clean is missing")


def _kwargs_for(fn: Callable, p: dict) -> dict:
    """The keyword arguments among title/url/site/doc_id that fn accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {"title": p["title"], "url": p["url"]}
    kw = {"title": p["title"], "url": p["url"], "site": p["site"], "doc_id": p["id"], "id": p["id"]}
    if any(v.kind is v.VAR_KEYWORD for v in params.values()):
        return {k: kw[k] for k in ("title", "url", "site", "doc_id")}
    return {k: v for k, v in kw.items() if k in params}


def tool_dedup_corpus(pages: list[dict]) -> list[Output]:
    """dedup corpus mode: dedup.Cleaner().fit(records), then .analyze(...) (or .clean) page by page."""
    try:
        import dedup
    except ImportError as e:
        raise NotAvailable(f"import dedup: {e}") from e
    if not hasattr(dedup, "Cleaner"):
        raise NotAvailable("dedup.Cleaner is missing")
    records = [
        {"id": p["id"], "text": p["text"], "title": p["title"], "url": p["url"], "site": p["site"]}
        for p in pages
    ]
    cleaner = dedup.Cleaner().fit(records)
    out = []
    for p in pages:
        if hasattr(cleaner, "analyze"):
            r = cleaner.analyze(p["text"], **_kwargs_for(cleaner.analyze, p))
            dup = getattr(r, "duplicate_of", None)
            out.append(Output(r.clean, _flags_of(r), dup if dup != p["id"] else None))
        else:
            out.append(Output(cleaner.clean(p["text"], **_kwargs_for(cleaner.clean, p))))
    return out


def doc_pairs_datasketch(pages: list[dict]) -> dict[str, str | None]:
    """Baseline for duplicate documents: whole-page MinHashLSH at 0.8 on word 5-grams, first hit wins."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    out: dict[str, str | None] = {}
    for p in pages:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(_shingles(p["text"], 5)))
        hits = lsh.query(m)
        out[p["id"]] = min(hits) if hits else None
        lsh.insert(p["id"], m)
    return out


TOOLS: dict[str, tuple[str, Callable[[list[dict]], list[Output]]]] = {
    "none": ("no cleaning", tool_none),
    "exact-lines": ("exact line de-dup in page (CCNet norm.)", tool_exact_lines),
    "datasketch-page": ("datasketch MinHashLSH 0.8 lines, in page", tool_datasketch_page),
    "datasketch-corpus": ("datasketch MinHashLSH 0.8 lines, corpus", tool_datasketch_corpus),
    "trafilatura": ("trafilatura extract(deduplicate=True)", tool_trafilatura),
    "justext": ("jusText", tool_justext),
    "dedup": ("dedup single page", tool_dedup),
    "dedup-corpus": ("dedup corpus (Cleaner.fit)", tool_dedup_corpus),
}


# --------------------------------------------------------------------------------------------------
# runs


clean_sets_cache: dict[str, tuple[list[dict], list[dict]]] = {}


def clean_sets() -> dict[str, tuple[list[dict], list[dict]]]:
    """The sanity sets as (pages, gold): the 3 seeds and the 181 human-annotated AEB bodies unchanged."""
    if clean_sets_cache:
        return clean_sets_cache
    seeds = SHARED / "seeds"
    sp, sg = [], []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = (seeds / "expected" / path.name).read_text(encoding="utf-8")
        title = text.strip().split("\n", 1)[0].strip()
        sp.append(
            {
                "id": f"seed/{path.stem}",
                "url": f"https://seed.example/{path.stem}",
                "site": "seed.example",
                "title": title,
                "text": text,
                "lang": "en",
            }
        )
        sg.append({"id": f"seed/{path.stem}", "gold": gold, "spans": [], "duplicate_of": None})
    ap, ag = [], []
    for a in farm.base_articles(clean_only=False):
        if not a["id"].startswith("aeb/"):
            continue
        text = farm.clean_page(a)
        site = re.sub(r"^https?://(www\.)?", "", a["url"] or "unknown").split("/")[0]
        ap.append(
            {
                "id": a["id"],
                "url": a["url"] or f"https://{a['id']}",
                "site": site,
                "title": a["title"],
                "text": text,
                "lang": a["lang"],
            }
        )
        ag.append({"id": a["id"], "gold": text, "spans": [], "duplicate_of": None})
    clean_sets_cache.update({"seeds": (sp, sg), "aeb": (ap, ag)})
    return clean_sets_cache


def run_tool(name: str, pages: list[dict], gold: list[dict]) -> dict:
    """Run one tool on one page set and score it; {'available': False, 'note': ...} when it cannot run."""
    fn = TOOLS[name][1]
    t0 = time.perf_counter()
    try:
        outs = fn(pages)
    except NotAvailable as e:
        return {"available": False, "note": str(e)}
    secs = time.perf_counter() - t0
    evals = [
        metrics.evaluate_page(p["text"], o.text, g["gold"], g["spans"], o.flags)
        for p, g, o in zip(pages, gold, outs)
    ]
    res = metrics.pool(evals)
    res.update({"available": True, "seconds": secs, "ms_per_page": 1000 * secs / max(1, len(pages))})
    if name == "dedup-corpus":
        res["pairs"] = metrics.pair_scores(gold, {p["id"]: o.duplicate_of for p, o in zip(pages, outs)})
    res["_outputs"] = outs
    res["_evals"] = evals
    return res


def environment() -> dict:
    """CPU model, cores, date, Python, commit and tool versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    vers = {}
    for mod in ("trafilatura", "justext", "datasketch", "matplotlib"):
        try:
            m = __import__(mod)
            vers[mod] = getattr(m, "__version__", "?")
        except ImportError:
            vers[mod] = "missing"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "commit": commit,
        "versions": vers,
    }


def run_benchmark(
    quick: bool = False,
    tools: list[str] | None = None,
    n_pages: int | None = None,
    seed: int = 0,
    sanity: bool = True,
    sanity_tools: list[str] | None = None,
    doc_baseline: bool = True,
) -> dict:
    """Generate the corpora, run the tools, return every score (no files written)."""
    tools = tools or list(TOOLS)
    sanity_tools = [t for t in (sanity_tools or tools) if t in tools]
    n = n_pages or (40 if quick else 200)
    corpora = {s: farm.make_corpus(n_pages=n, seed=seed, styles=s) for s in ("train", "heldout")}
    results: dict[str, Any] = {
        "env": environment(),
        "params": {"n_pages": n, "seed": seed, "n_sites": 12, "syndication_rate": 0.1, "quick": quick},
        "farm": {},
        "sanity": {},
    }
    for s, (pages, gold) in corpora.items():
        results["farm"][s] = {}
        for name in tools:
            results["farm"][s][name] = run_tool(name, pages, gold)
        if doc_baseline:
            results["farm"][s]["_datasketch_doc_pairs"] = metrics.pair_scores(
                gold, doc_pairs_datasketch(pages)
            )
    if sanity:
        for setname, (pages, gold) in clean_sets().items():
            results["sanity"][setname] = {name: run_tool(name, pages, gold) for name in sanity_tools}
        # the AEB bodies without caveat notes (no natural duplicates, residual boilerplate, tables, paywalls)
        ok = {a["id"] for a in farm.base_articles(clean_only=True)}
        aeb_pages = clean_sets_cache["aeb"][0] if clean_sets_cache else []
        results["sanity"]["aeb_clean"] = {}
        for name, r in results["sanity"]["aeb"].items():
            if r["available"]:
                sub = [e for p, e in zip(aeb_pages, r["_evals"]) if p["id"] in ok]
                results["sanity"]["aeb_clean"][name] = {"available": True, **metrics.pool(sub)}
            else:
                results["sanity"]["aeb_clean"][name] = r
    results["_corpora"] = corpora
    return results


# --------------------------------------------------------------------------------------------------
# reports


def _pct(x: float, digits: int = 1) -> str:
    """A share as a percentage."""
    return f"{100 * x:.{digits}f}%"


def _fx(x: float) -> str:
    """A share as 0.xxx."""
    return f"{x:.3f}"


def _fo(x: float | None) -> str:
    """A share as 0.xxx, or a dash when undefined."""
    return "–" if x is None else _fx(x)


def render_markdown(res: dict) -> str:
    """The results as Markdown tables."""
    env, prm = res["env"], res["params"]
    L: list[str] = []
    L.append("# Quality benchmark results\n")
    L.append(
        f"Run {env['date']} on {env['cpu']} ({env['cores']} cores), Python {env['python']}, commit "
        f"`{env['commit']}`; peers: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()) + "."
    )
    L.append(
        f"Corpus: `farm.make_corpus(n_pages={prm['n_pages']}, seed={prm['seed']}, n_sites={prm['n_sites']}, "
        f"syndication_rate={prm['syndication_rate']})`, once with train styles and once with held-out styles."
        + (" **Quick mode.**" if prm["quick"] else "")
        + "\n"
    )
    L.append("## Farm pages: token scores\n")
    L.append(
        "| tool | styles | junk removed | content lost | precision | exact pages | removal precision "
        "| ms/page |"
    )
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, (desc, _) in TOOLS.items():
        for s in ("train", "heldout"):
            r = res["farm"].get(s, {}).get(name)
            if r is None:
                continue
            if not r["available"]:
                L.append(f"| {desc} | {s} | not available ({r['note']}) | | | | | |")
                continue
            L.append(
                f"| {desc} | {s} | {_fx(r['junk_removed'])} | {_pct(r['lost'], 2)} | {_fx(r['precision'])} | "
                f"{_pct(r['exact'], 0)} | {_fx(r['removal_precision'])} | {r['ms_per_page']:.1f} |"
            )
    L.append(
        "\n## Farm pages: block recall per injected label (share of gold spans with >= 80% of tokens "
        "removed)\n"
    )
    L.append("| tool | styles | " + " | ".join(LABELS) + " | all |")
    L.append("|---|---|" + "---:|" * (len(LABELS) + 1))
    for name, (desc, _) in TOOLS.items():
        for s in ("train", "heldout"):
            r = res["farm"].get(s, {}).get(name)
            if not r or not r["available"]:
                continue
            br = r["block_recall"]
            L.append(
                f"| {desc} | {s} | "
                + " | ".join(_fx(br[k][0]) if k in br else "–" for k in LABELS + ["all"])
                + " |"
            )
    L.append("\n## Farm pages: precision of removals by predicted label\n")
    L.append(
        "Block precision: share of removed blocks (a flag, or a run of removed tokens for tools without "
        "labels) whose removed tokens are >= 80% gold junk. Token precision: share of removed tokens that "
        "are gold junk.\n"
    )
    L.append("| tool | styles | predicted label | blocks | block precision | token precision |")
    L.append("|---|---|---|---:|---:|---:|")
    for name, (desc, _) in TOOLS.items():
        if name == "none":
            continue
        for s in ("train", "heldout"):
            r = res["farm"].get(s, {}).get(name)
            if not r or not r["available"]:
                continue
            for lab, (bp, nb) in r["block_precision"].items():
                if lab == "all" and len(r["block_precision"]) == 2:
                    continue
                tp = r["token_precision_by_label"][lab][0]
                L.append(f"| {desc} | {s} | {lab} | {nb} | {_fx(bp)} | {_fx(tp)} |")
    L.append("\n## Duplicate documents (syndicated copies)\n")
    L.append("| method | styles | gold copies | asserted | precision | recall |")
    L.append("|---|---|---:|---:|---:|---:|")
    for s in ("train", "heldout"):
        fs = res["farm"].get(s, {})
        pr = fs.get("_datasketch_doc_pairs")
        if pr:
            L.append(
                f"| datasketch whole-page MinHashLSH 0.8 | {s} | {pr['gold_copies']} | {pr['asserted']} | "
                f"{_fo(pr['precision'])} | {_fx(pr['recall'])} |"
            )
        r = fs.get("dedup-corpus")
        if r and r["available"] and "pairs" in r:
            pr = r["pairs"]
            L.append(
                f"| dedup corpus | {s} | {pr['gold_copies']} | {pr['asserted']} | {_fo(pr['precision'])} | "
                f"{_fx(pr['recall'])} |"
            )
        elif r is not None:
            L.append(f"| dedup corpus | {s} | | not available | | |")
    L.append("\n## Clean articles: nothing should be removed\n")
    L.append(
        "AEB = the 181 human-annotated bodies (title + blank line + body) as they are; AEB clean = the "
        f"{sum(1 for _ in farm.base_articles(clean_only=True) if _['id'].startswith('aeb/'))} of them "
        f"without "
        "caveat notes in articles_notes.jsonl (the others have natural repeats, residual "
        "boilerplate, tables or "
        "paywall stubs, which a cleaner may legitimately touch); seeds = the three seed articles against "
        "their expected bodies (there junk removed is meaningful).\n"
    )
    L.append(
        "| tool | AEB content lost | AEB pages touched | AEB clean: content lost | AEB clean: pages "
        "touched | "
        "seeds junk removed | seeds content lost | seeds exact |"
    )
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    san = res.get("sanity", {})
    for name, (desc, _) in TOOLS.items():
        a, s, c = (
            san.get("aeb", {}).get(name),
            san.get("seeds", {}).get(name),
            san.get("aeb_clean", {}).get(name),
        )
        if not a or not s or not c:
            continue
        if not a["available"]:
            L.append(f"| {desc} | not available | | | | | | |")
            continue
        L.append(
            f"| {desc} | {_pct(a['lost'], 2)} | {_pct(a['pages_touched'], 0)} | {_pct(c['lost'], 2)} | "
            f"{_pct(c['pages_touched'], 0)} | {_fx(s['junk_removed'])} | {_pct(s['lost'], 2)} | "
            f"{_pct(s['exact'], 0)} |"
        )
    for name in ("dedup", "dedup-corpus"):
        for s in ("train", "heldout"):
            r = res["farm"].get(s, {}).get(name)
            if not r or not r["available"]:
                continue
            L.append(f"\n## {TOOLS[name][0]}: recall by injected kind, {s} styles\n")
            L.append("| label/kind | spans | found |")
            L.append("|---|---:|---:|")
            for k, (v, cnt) in r["kind_recall"].items():
                L.append(f"| {k} | {cnt} | {_fx(v)} |")
    L.append("\n## Targets for dedup\n")
    L.append(
        "| target | "
        + " | ".join(f"{n} {s}" for n in ("dedup", "dedup-corpus") for s in ("train", "heldout"))
        + " |"
    )
    L.append("|---|" + "---:|" * 4)
    rows = [
        ("junk removed >= 0.95", lambda r: r["junk_removed"], lambda v: v >= TARGETS["junk_removed"]),
        ("content lost <= 0.3%", lambda r: r["lost"], lambda v: v <= TARGETS["lost"]),
    ]
    for lab in LABELS:
        rows.append(
            (
                f"{lab} block recall >= 0.95",
                lambda r, lab=lab: r["block_recall"].get(lab, (1.0, 0))[0],
                lambda v: v >= TARGETS["block_recall"],
            )
        )
    for lab in LABELS:
        rows.append(
            (
                f"{lab} block precision >= 0.99",
                lambda r, lab=lab: r["block_precision"].get(lab, (1.0, 0))[0],
                lambda v: v >= TARGETS["block_precision"],
            )
        )
    for label, get, ok in rows:
        cells = []
        for n in ("dedup", "dedup-corpus"):
            for s in ("train", "heldout"):
                r = res["farm"].get(s, {}).get(n)
                if not r or not r["available"]:
                    cells.append("n/a")
                    continue
                v = get(r)
                shown = _pct(v, 2) if "lost" in label else _fx(v)
                cells.append(shown + ("" if ok(v) else " ✗"))
        L.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(L) + "\n"


def render_chart(res: dict, path: Path) -> None:
    """chart.png: junk removed vs content lost per tool, and block recall per label (held-out styles)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 6))
    names = [n for n in TOOLS if any(res["farm"][s].get(n, {}).get("available") for s in res["farm"])]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, name in enumerate(names):
        for s, marker in (("train", "o"), ("heldout", "^")):
            r = res["farm"][s].get(name)
            if r and r["available"]:
                ax1.scatter(
                    100 * r["lost"],
                    r["junk_removed"],
                    color=colors[i % len(colors)],
                    marker=marker,
                    s=70,
                    label=f"{TOOLS[name][0]}" if s == "train" else None,
                )
    ax1.axhline(TARGETS["junk_removed"], ls="--", color="grey", lw=0.8)
    ax1.axvline(100 * TARGETS["lost"], ls="--", color="grey", lw=0.8)
    ax1.set_xscale("symlog", linthresh=0.1)
    ax1.set_xlim(-0.01, 30)
    ax1.set_xlabel("content lost (% of gold tokens), symlog")
    ax1.set_ylabel("junk removed (share of injected tokens)")
    ax1.set_title("junk removed vs content lost (o train, ▲ held-out styles)")
    ax1.legend(fontsize=8, loc="lower right")
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        r = res["farm"]["heldout"].get(name)
        if not r or not r["available"]:
            continue
        vals = [r["block_recall"].get(lab, (0.0, 0))[0] for lab in LABELS]
        xs = [j + i * width for j in range(len(LABELS))]
        ax2.bar(xs, vals, width, color=colors[i % len(colors)], label=TOOLS[name][0])
        rt = res["farm"]["train"].get(name)
        if rt and rt["available"]:
            ax2.scatter(
                xs,
                [rt["block_recall"].get(lab, (0.0, 0))[0] for lab in LABELS],
                marker="_",
                color="black",
                s=60,
                zorder=3,
            )
    ax2.set_xticks([j + 0.4 - width / 2 for j in range(len(LABELS))])
    ax2.set_xticklabels(LABELS, rotation=15)
    ax2.set_ylim(0, 1.05)
    ax2.axhline(TARGETS["block_recall"], ls="--", color="grey", lw=0.8)
    ax2.set_ylabel("block recall (held-out bars, train ticks)")
    ax2.set_title("per-label block recall")
    env = res["env"]
    fig.suptitle(
        f"dedup quality benchmark, {res['params']['n_pages']} pages per style family — {env['date']}, "
        f"{env['cpu']} ({env['cores']} cores)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def examples(res: dict, name: str, styles: str, per_kind: int = 2) -> str:
    """Concrete failures of one tool: missed gold spans per label/kind and removed content, as text."""
    r = res["farm"][styles].get(name)
    if not r or not r["available"]:
        return f"{name}/{styles}: not available\n"
    pages, gold = res["_corpora"][styles]
    missed: dict[str, list[str]] = {}
    wrong: list[str] = []
    for p, g, o in zip(pages, gold, r["_outputs"]):
        text = p["text"]
        mask = (
            metrics.removed_by_flags(text, o.text, o.flags) if o.flags else None
        ) or metrics.removed_by_lines(text, o.text)
        toks = metrics.word_spans(text)
        in_gold = [any(s["start"] <= st < s["end"] for s in g["spans"]) for st, _, _ in toks]
        for s in g["spans"]:
            idx = [i for i, (st, _, _) in enumerate(toks) if s["start"] <= st < s["end"]]
            if idx and sum(mask[i] for i in idx) < metrics.FOUND * len(idx):
                lst = missed.setdefault(f"{s['label']}/{s['kind']}", [])
                if len(lst) < per_kind:
                    lst.append(f"{p['id']}: {text[s['start'] : s['end']].strip()[:160]!r}")
        for fs, fe, lab in o.flags or []:
            idx = [i for i, (st, _, _) in enumerate(toks) if fs <= st < fe and mask[i]]
            if idx and sum(not in_gold[i] for i in idx) > (1 - metrics.CORRECT) * len(idx):
                wrong.append(f"{p['id']} [{lab}]: {text[fs:fe].strip()[:160]!r}")
    out = [f"### {name}, {styles} styles: missed spans (up to {per_kind} per kind)"]
    for k in sorted(missed):
        out += [f"- {k}: {x}" for x in missed[k]]
    out.append(f"### {name}, {styles} styles: content removed ({len(wrong)} blocks)")
    out += [f"- {x}" for x in wrong]
    return "\n".join(out) + "\n"


def summary_json(res: dict) -> dict:
    """The results without outputs and corpora, for results.json."""

    def strip(d: Any) -> Any:
        if isinstance(d, dict):
            return {
                k: strip(v) for k, v in d.items() if not k.startswith("_") or k == "_datasketch_doc_pairs"
            }
        return d

    return strip(res)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="dedup quality benchmark")
    ap.add_argument("--quick", action="store_true", help="40 pages per style family; print, write nothing")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: " + ",".join(TOOLS))
    ap.add_argument("--n-pages", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-sanity", action="store_true", help="skip the seeds and AEB clean-article sets")
    ap.add_argument(
        "--out-dir",
        default=None,
        help="where to write results.md/json and chart.png "
        "(default: this folder for a full run, nowhere for --quick)",
    )
    ap.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="also print up to N missed spans per kind and the wrongly removed blocks of dedup",
    )
    args = ap.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tools {unknown}")
    res = run_benchmark(
        quick=args.quick, tools=tools, n_pages=args.n_pages, seed=args.seed, sanity=not args.no_sanity
    )
    md = render_markdown(res)
    print(md)
    if args.examples:
        for name in ("dedup", "dedup-corpus"):
            for s in ("train", "heldout"):
                if name in tools:
                    print(examples(res, name, s, args.examples))
    out_dir = Path(args.out_dir) if args.out_dir else (None if args.quick else HERE)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "results.md").write_text(md, encoding="utf-8")
        (out_dir / "results.json").write_text(
            json.dumps(summary_json(res), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        try:
            render_chart(res, out_dir / "chart.png")
        except ImportError as e:
            print(f"chart skipped: {e}", file=sys.stderr)
        print(f"wrote {out_dir / 'results.md'}, results.json, chart.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
