"""Labelled line datasets from the render cache, and the check of the alignment that makes the labels.

    python benchmarks/real/labels.py [--renderings r1,r2,r3,naive]          # build the datasets
    python benchmarks/real/labels.py --check [--renderings ...]             # oracle scores -> ALIGNMENT.md
    python benchmarks/real/labels.py --show wcxb:0001 [--renderings r1]     # print a page's labelled lines
    python benchmarks/real/labels.py --sweep [--renderings ...]             # other alignment settings (dev)

Datasets (benchmarks/real/work/labels/, one JSON record per page, gzip):
  wcxb_<rendering>.jsonl.gz              every WCXB page with gold (both splits): labels from
                                         `dedup.learn.align` (1 content, 0 junk, None: no tokens)
  trafilatura-eval_<rendering>.jsonl.gz  snippet labels: a line holding (whitespace folded, case kept) a
                                         `with` snippet is 1, a `without` snippet 0, both or neither None
                                         (details: `snippet_labels`)
Each record: id, domain, split, page_type, lang, url, title, lines, labels, is_title (the line is the page
title, normalised: its label is noise, as the gold holds the headline on only some pages), and for WCXB
shares and tokens. Run render.py first; a missing cache is rendered here.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if __package__:
    from . import data, render
else:  # run as a script: python benchmarks/real/labels.py
    for _p in (str(HERE), str(ROOT)):
        if _p not in sys.path:
            sys.path.insert(0, _p)
    import data  # type: ignore[no-redef]
    import render  # type: ignore[no-redef]

from dedup.learn.align import SHARE_MIN, align_lines, split_lines, tokenize  # noqa: E402

LABELS = HERE / "work" / "labels"
REPORT = HERE / "ALIGNMENT.md"
BEGIN, END = "<!-- check:begin -->", "<!-- check:end -->"
# separators between a headline and the site name in <title> / og:title
_TITLE_SEP = re.compile(r"\s+[|\-–—:·»/]{1,2}\s+")
_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


def title_keys(title: str | None) -> set[tuple[str, ...]]:
    """Token sequences a title line may have: the whole title, and its longest part between separators."""
    if not title:
        return set()
    keys = {tuple(tokenize(title))}
    parts = [tuple(tokenize(p)) for p in _TITLE_SEP.split(title)]
    longest = max(parts, key=len)
    if len(longest) >= 2:  # a site name alone would mark the logo line as the title
        keys.add(longest)
    return {k for k in keys if k}


def _meta(page: data.Page) -> dict:
    """The per-page fields every dataset record carries."""
    return {
        "id": page.id,
        "domain": page.domain,
        "split": page.split,
        "page_type": page.page_type,
        "lang": page.lang,
        "url": page.url,
        "title": page.title,
    }


def wcxb_record(page: data.Page, text: str) -> dict:
    """One WCXB page's labelled lines from the alignment of its rendering to its gold."""
    labelled = align_lines(text, page.gold or "")
    keys = title_keys(page.title)
    return {
        **_meta(page),
        "lines": [x.text for x in labelled],
        "labels": [x.label for x in labelled],
        "shares": [None if x.share is None else round(x.share, 4) for x in labelled],
        "tokens": [x.tokens for x in labelled],
        "is_title": [tuple(tokenize(x.text)) in keys for x in labelled],
    }


def _fold(text: str, fold_case: bool = False) -> str:
    """Whitespace-folded text (case-folded too with `fold_case`)."""
    text = " ".join(text.split())
    return text.casefold() if fold_case else text


def _occurrences(snippet: str, joined: str, starts: list[int]) -> list[list[int]]:
    """Each occurrence of `snippet` in `joined` (the lines joined by spaces): the indexes of its lines."""
    found, at = [], joined.find(snippet)
    while at >= 0:
        first, last = bisect_right(starts, at) - 1, bisect_right(starts, at + len(snippet) - 1) - 1
        found.append(list(range(first, last + 1)))
        at = joined.find(snippet, at + 1)
    return found


def snippet_labels(
    lines: list[str], keep: list[str], drop: list[str], fold_case: bool = False
) -> list[int | None]:
    """Lines holding a `keep` snippet 1, a `drop` snippet 0; None for both, neither or an ambiguous one.

    Whitespace is folded; case is kept (trafilatura's own evaluation matches snippets case-sensitively;
    folding case found no more `keep` snippets and only added 0s, on content lines using a menu phrase in
    lower case). A snippet may span lines (`naive` splits text at inline tags): each line it covers is
    labelled. A `drop` snippet found more than once labels only the lines it mostly fills: a short
    boilerplate phrase (a menu item, a site name) also occurs inside content sentences.
    """
    folded = [_fold(x, fold_case) for x in lines]
    starts = list(accumulate((len(x) + 1 for x in folded[:-1]), initial=0))
    joined = " ".join(folded)
    keep_at: set[int] = set()
    for snippet in {_fold(x, fold_case) for x in keep} - {""}:
        for at in _occurrences(snippet, joined, starts):
            keep_at.update(at)
    drop_at: set[int] = set()
    for snippet in {_fold(x, fold_case) for x in drop} - {""}:
        found = _occurrences(snippet, joined, starts)
        for at in found:
            if len(found) == 1 or all(len(folded[i]) <= 2 * len(snippet) for i in at):
                drop_at.update(at)
    return [None if (i in keep_at) == (i in drop_at) else int(i in keep_at) for i in range(len(lines))]


def snippet_record(page: data.Page, text: str) -> dict:
    """One trafilatura-eval page's lines with snippet labels."""
    lines = split_lines(text)
    keys = title_keys(page.title)
    return {
        **_meta(page),
        "lines": lines,
        "labels": snippet_labels(lines, page.with_snippets, page.without_snippets),
        "is_title": [tuple(tokenize(x)) in keys for x in lines],
    }


def read_jsonl(path: Path) -> Iterator[dict]:
    """The records of a gzip JSON Lines file written by `_write`."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _write(path: Path, records: Iterator[dict]) -> int:
    """Write records to a gzip JSON Lines file (atomically); return their count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, n = path.with_suffix(".tmp"), 0
    with gzip.open(tmp, "wt", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def build(rendering: str) -> None:
    """Write the WCXB and trafilatura-eval datasets of one rendering."""
    texts = render.render_all("wcxb", rendering)
    pages = (p for p in data.load("wcxb") if p.gold is not None)
    n = _write(LABELS / f"wcxb_{rendering}.jsonl.gz", (wcxb_record(p, texts[p.id]["text"]) for p in pages))
    print(f"wcxb_{rendering}: {n} pages", flush=True)
    texts = render.render_all("trafilatura-eval", rendering)
    pages = data.load("trafilatura-eval")
    n = _write(
        LABELS / f"trafilatura-eval_{rendering}.jsonl.gz",
        (snippet_record(p, texts[p.id]["text"]) for p in pages),
    )
    print(f"trafilatura-eval_{rendering}: {n} pages", flush=True)


# ---------------------------------------------------------------------------------------------- the check


def textscore() -> ModuleType:
    """../shared/tools/textscore.py, imported by path (the measure we are judged by)."""
    path = data.shared_data().parent / "tools" / "textscore.py"
    spec = importlib.util.spec_from_file_location("textscore", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Pool:
    """Pooled token counts of oracle outputs over pages, as textscore counts them."""

    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, ts: ModuleType, text: str, gold: str, out: str) -> None:
        """Count one page: rendering `text`, its `gold`, the oracle's `out`."""
        t, g, o = ts.tokens(text), ts.tokens(gold), ts.tokens(out)
        self.c.update(
            gold=sum(g.values()),
            out=sum(o.values()),
            hit=sum((o & g).values()),
            reach=sum((t & g).values()),
            junk=sum((t - g).values()),
            left=sum((o - g).values()),
        )

    def scores(self) -> dict[str, float]:
        """junk removed, gold lost (of what the rendering holds), precision, recall, F1, reachable recall."""
        c = self.c
        p = c["hit"] / c["out"] if c["out"] else 1.0
        r = c["hit"] / c["gold"] if c["gold"] else 1.0
        return {
            "junk_removed": 1 - c["left"] / c["junk"] if c["junk"] else 1.0,
            "lost": (c["reach"] - c["hit"]) / c["gold"] if c["gold"] else 0.0,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "reachable": c["reach"] / c["gold"] if c["gold"] else 1.0,
        }


def _golds() -> dict[str, list[data.Page]]:
    """Pages with gold by evaluation group: wcxb-dev, wcxb-test, aeb (HTML dropped to save memory)."""
    groups: dict[str, list[data.Page]] = {"wcxb-dev": [], "wcxb-test": [], "aeb": []}
    for set_name in ("wcxb", "aeb"):
        for p in data.load(set_name):
            if p.gold is not None:
                p.html = ""
                groups["aeb" if set_name == "aeb" else f"wcxb-{p.split}"].append(p)
    return groups


def check_group(ts: ModuleType, pages: list[data.Page], texts: dict[str, dict]) -> dict:
    """Oracle scores, label counts, share histogram and timings of one rendering on one group of pages."""
    pools = {t: Pool() for t in _THRESHOLDS}
    labels: Counter = Counter()
    shares: Counter = Counter()
    ms: list[float] = []
    for p in pages:
        text = texts[p.id]["text"]
        t0 = time.perf_counter()
        lines = align_lines(text, p.gold or "")
        ms.append((time.perf_counter() - t0) * 1000)
        labels.update(x.label for x in lines)
        shares.update(_share_bin(x.share) for x in lines if x.share is not None)
        for t, pool in pools.items():
            kept = "\n".join(x.text for x in lines if x.share is not None and x.share >= t)
            pool.add(ts, text, p.gold or "", kept)
    return {
        "pages": len(pages),
        "scores": pools[SHARE_MIN].scores(),
        "by_threshold": {t: pool.scores()["f1"] for t, pool in pools.items()},
        "labels": {str(k): v for k, v in labels.items()},
        "shares": dict(shares),
        "ms_median": statistics.median(ms) if ms else 0.0,
        "ms_max": max(ms, default=0.0),
    }


#: alignment settings compared by --sweep (WCXB dev only): name -> align_lines keywords
SWEEP: dict[str, dict] = {
    "default": {},
    "levels 5,3,1": {"levels": (5, 3, 1)},
    "levels 12,6,3,2,1": {"levels": (12, 6, 3, 2, 1)},
    "no single words": {"levels": (8, 4, 2)},
    "copies 1 (patience)": {"max_copies": 1},
    "copies 8": {"max_copies": 8},
    "no difflib": {"diff_cap": 0},
    "difflib 400k": {"diff_cap": 400_000},
}


def sweep(renderings: list[str]) -> str:
    """Oracle F1 / junk removed (%) of each SWEEP setting per rendering on WCXB dev, as a markdown table."""
    ts = textscore()
    pages = _golds()["wcxb-dev"]
    rows = ["| setting | " + " | ".join(renderings) + " |", "|---|" + "---|" * len(renderings)]
    for name, options in SWEEP.items():
        cells = []
        for rendering in renderings:
            texts, pool = render.render_all("wcxb", rendering), Pool()
            for p in pages:
                lines = align_lines(texts[p.id]["text"], p.gold or "", **options)
                kept = "\n".join(x.text for x in lines if x.label == 1)
                pool.add(ts, texts[p.id]["text"], p.gold or "", kept)
            s = pool.scores()
            cells.append(f"{_pct(s['f1'])} / {_pct(s['junk_removed'])}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    return "\n".join(rows)


def _share_bin(share: float) -> str:
    """The histogram bin of a line's share: 0, (0,.25), [.25,.5), [.5,.75), [.75,1), 1."""
    if share == 0:
        return "0"
    if share == 1:
        return "1"
    return "<.25" if share < 0.25 else "<.5" if share < 0.5 else "<.75" if share < 0.75 else "<1"


def check_snippets(pages: list[data.Page], texts: dict[str, dict]) -> dict:
    """trafilatura-eval: how many snippets a rendering holds, in one line or across lines; label counts."""
    c: Counter = Counter()
    for p in pages:
        lines = split_lines(texts[p.id]["text"])
        folded_lines, whole = [_fold(x) for x in lines], _fold(" ".join(lines))
        for kind, snippets in (("with", p.with_snippets), ("without", p.without_snippets)):
            for s in filter(None, map(_fold, snippets)):
                c[f"{kind}_all"] += 1
                c[f"{kind}_line"] += any(s in x for x in folded_lines)
                c[f"{kind}_text"] += s in whole
        labels = snippet_labels(lines, p.with_snippets, p.without_snippets)
        c.update(str(x) for x in labels)
        c["pages_with_1"] += 1 in labels
    return dict(c)


def check(renderings: list[str]) -> dict[str, dict[str, dict]]:
    """Every rendering's check on wcxb-dev, wcxb-test and aeb (aeb: a reported ceiling, never tuned on)."""
    ts, groups = textscore(), _golds()
    snippet_pages = list(data.load("trafilatura-eval"))
    for p in snippet_pages:
        p.html = ""
    results: dict[str, dict[str, dict]] = {}
    for rendering in renderings:
        results[rendering] = {}
        for group, pages in groups.items():
            texts = render.render_all(group.split("-")[0], rendering)
            results[rendering][group] = check_group(ts, pages, texts)
            print(rendering, group, _row_text(results[rendering][group]), flush=True)
        results[rendering]["trafilatura-eval"] = check_snippets(
            snippet_pages, render.render_all("trafilatura-eval", rendering)
        )
        print(rendering, "trafilatura-eval", results[rendering]["trafilatura-eval"], flush=True)
    return results


def _row_text(res: dict) -> str:
    """One result as a compact console line."""
    s = res["scores"]
    return " ".join(f"{k} {v:.4f}" for k, v in s.items()) + f" ms {res['ms_median']:.1f}/{res['ms_max']:.0f}"


def _pct(x: float) -> str:
    """A share as a percentage with two decimals."""
    return f"{100 * x:.2f}"


def table(results: dict[str, dict[str, dict]]) -> str:
    """The markdown tables of the check: scores and label counts, F1 by threshold, share histogram."""
    head = (
        "| rendering | pages | junk removed % | gold lost % | precision % | recall % | F1 % | "
        "reachable recall % | lines 1 / 0 / none | align ms median / max |"
    )
    out = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    for rendering, groups in results.items():
        for group, res in groups.items():
            if "scores" not in res:
                continue
            s, lab = res["scores"], res["labels"]
            out.append(
                f"| {rendering} {group} | {res['pages']} | {_pct(s['junk_removed'])} | "
                f"{_pct(s['lost'])} | "
                f"{_pct(s['precision'])} | {_pct(s['recall'])} | {_pct(s['f1'])} | "
                f"{_pct(s['reachable'])} | {lab.get('1', 0):,} / {lab.get('0', 0):,} / "
                f"{lab.get('None', 0):,} | {res['ms_median']:.1f} / {res['ms_max']:.0f} |"
            )
    out += [
        "",
        f"Oracle F1 % by share threshold (WCXB only; the rule is share >= {SHARE_MIN}):",
        "",
        "| rendering | " + " | ".join(f"{g} >= {t}" for g in ("dev", "test") for t in _THRESHOLDS) + " |",
        "|---|" + "---|" * (2 * len(_THRESHOLDS)),
    ]
    for rendering, groups in results.items():
        cells = [_pct(groups[g]["by_threshold"][t]) for g in ("wcxb-dev", "wcxb-test") for t in _THRESHOLDS]
        out.append(f"| {rendering} | " + " | ".join(cells) + " |")
    bins = ("0", "<.25", "<.5", "<.75", "<1", "1")
    out += [
        "",
        "Lines by share of aligned tokens (WCXB dev + test, lines with tokens), %:",
        "",
        "| rendering | " + " | ".join(bins) + " |",
        "|---|" + "---|" * len(bins),
    ]
    for rendering, groups in results.items():
        hist = Counter(groups["wcxb-dev"]["shares"]) + Counter(groups["wcxb-test"]["shares"])
        total = sum(hist.values()) or 1
        out.append(f"| {rendering} | " + " | ".join(f"{100 * hist[b] / total:.1f}" for b in bins) + " |")
    caption = (
        "trafilatura-eval snippet labels (990 pages): snippets found inside one line / anywhere in "
        "the rendering (whitespace folded, case kept), %; lines labelled 1 / 0 / none:"
    )
    head = (
        "| rendering | with: in a line | with: in the text | without: in a line | without: in the text | "
        "lines 1 / 0 / none | pages with a 1 |"
    )
    out += ["", caption, "", head, "|---|---|---|---|---|---|---|"]
    for rendering, groups in results.items():
        c = groups.get("trafilatura-eval")
        if c:
            kinds = [(k, w) for k in ("with", "without") for w in ("line", "text")]
            shares = [_pct(c[f"{k}_{w}"] / c[f"{k}_all"]) for k, w in kinds]
            counts = f"{c.get('1', 0):,} / {c.get('0', 0):,} / {c.get('None', 0):,}"
            out.append(f"| {rendering} | {' | '.join(shares)} | {counts} | {c['pages_with_1']} |")
    return "\n".join(out)


def _commit() -> str:
    """The checkout's commit (short), with "+dirty" when the code differs from it (this report aside)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "dedup", "benchmarks/real", f":!{REPORT.relative_to(ROOT)}")
    return git("rev-parse", "--short", "HEAD") + ("+dirty" if changed else "")


def _machine() -> str:
    """CPU model and core count, as /proc/cpuinfo says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return f"{os.cpu_count()}-core {cpu}, Python {platform.python_version()}"


def write_report(results: dict[str, dict[str, dict]], command: str) -> None:
    """Put the check's tables between the markers of ALIGNMENT.md (the notes around them are kept)."""
    stamp = f"Commit: {_commit()}; machine: {_machine()}; run {datetime.date.today().isoformat()}."
    section = "\n".join([BEGIN, f"Command: `{command}`  ", stamp, "", table(results), END])
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else f"# Alignment check\n\n{BEGIN}\n{END}\n"
    head, _, rest = old.partition(BEGIN)
    _, _, tail = rest.partition(END)
    REPORT.write_text(head + section + tail, encoding="utf-8")
    (HERE / "work").mkdir(exist_ok=True)
    (HERE / "work" / "alignment_check.json").write_text(json.dumps(results, indent=1, default=str))


def show(key: str, rendering: str) -> None:
    """Print one page's lines with label, share and title mark: key is set:id."""
    set_name, pid = key.split(":", 1)
    page = next(p for p in data.load(set_name) if p.id == pid)
    text = render.render_all(set_name, rendering)[pid]["text"]
    print(f"# {set_name}:{pid} {rendering} {page.url} title={page.title!r}")
    if page.gold is None:
        rec = snippet_record(page, text)
        for line, lab in zip(rec["lines"], rec["labels"]):
            print(f"{'-' if lab is None else lab} | {line[:150]}")
        return
    keys = title_keys(page.title)
    for x in align_lines(text, page.gold):
        mark = "T" if tuple(tokenize(x.text)) in keys else " "
        share = "    " if x.share is None else f"{x.share:4.2f}"
        print(f"{'-' if x.label is None else x.label} {share} {mark}| {x.text[:150]}")


def main(argv: list[str] | None = None) -> int:
    """Build the datasets, run the check, or show a page."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--renderings", default=",".join(render.RENDERINGS))
    ap.add_argument("--check", action="store_true", help="oracle scores of the alignment -> ALIGNMENT.md")
    ap.add_argument("--show", metavar="SET:ID", help="print one page's labelled lines")
    ap.add_argument("--sweep", action="store_true", help="oracle F1 of other alignment settings, WCXB dev")
    args = ap.parse_args(argv)
    renderings = args.renderings.split(",")
    if args.show:
        for rendering in renderings:
            show(args.show, rendering)
    elif args.sweep:
        print(sweep(renderings))
    elif args.check:
        command = "python benchmarks/real/labels.py --check"
        if args.renderings != ",".join(render.RENDERINGS):
            command += f" --renderings {args.renderings}"
        write_report(check(renderings), command)
    else:
        for rendering in renderings:
            build(rendering)
    return 0


if __name__ == "__main__":
    sys.exit(main())
