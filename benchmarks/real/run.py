"""The real-page benchmark: dedup on real pages with human gold text, beside the usual extractors.

Every page of WCXB, trafilatura-eval and the article-extraction-benchmark (AEB) is rendered to text the ways
scrapers hand it over (r1, r2, r3, naive; see render.py), cleaned with dedup.clean(text) and scored against
the gold with ../shared/tools/textscore.py; in the same run the peers (trafilatura, jusText,
readability-lxml, resiliparse) and dedup's own HTML path run on the same pages' HTML. README.md explains
the sets, measures and title policy; this is the project's headline quality figure. AEB is the test set:
never train or tune on it.

    python -m benchmarks.real.run                  # everything: results.json, results.md, chart.png, README
    python -m benchmarks.real.run --quick          # 20 pages per set, r1 and r2, no peers: prints only
    python -m benchmarks.real.run --sets aeb --renderings r2 --no-peers -o /tmp/out
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import multiprocessing
import multiprocessing.pool
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if __package__:
    from . import data, evaluate, measures, peers, render, report
else:  # run as a script: python benchmarks/real/run.py (workers import the package modules by name)
    sys.path.insert(0, str(ROOT))
    from benchmarks.real import data, evaluate, measures, peers, render, report

QUICK_PAGES = 20
QUICK_RENDERINGS = ("r1", "r2")
PAGES_FILE = HERE / "work" / "pages.jsonl.gz"
TITLE_POLICY = (
    "dedup.clean(text) is called without a title: dedup then takes the first non-empty line as the title. "
    "dedup.html.clean_html passes trafilatura's title itself. The gold decides whether a headline is "
    "content: the AEB gold never has it, WCXB's gold begins with it on about a fifth of pages, so a kept "
    "headline counts as junk wherever the gold lacks it."
)
VERSIONED = (
    "trafilatura",
    "justext",
    "readability-lxml",
    "resiliparse",
    "beautifulsoup4",
    "lxml",
    "lxml_html_clean",
    "matplotlib",
)


@dataclass
class Options:
    """What to run."""

    sets: list[str] = field(default_factory=lambda: list(data.SETS))
    renderings: list[str] = field(default_factory=lambda: list(render.RENDERINGS))
    peers: bool = True
    jobs: int = 2
    quick: bool = False
    refresh_peers: bool = False


# ------------------------------------------------------------------------------------------- the pages


def quick_ids(set_name: str) -> set[str]:
    """The fixed quick subset: the QUICK_PAGES scorable pages whose ids hash lowest (spread over the set,
    independent of the code and of file order)."""
    ids = data.scored_ids(set_name)
    return set(sorted(ids, key=lambda i: hashlib.sha1(f"{set_name}/{i}".encode()).hexdigest())[:QUICK_PAGES])


def cached_renders(set_name: str, rendering: str, full: bool, jobs: int) -> dict[str, dict]:
    """A rendering's records from the render cache; a full run fills a missing cache first (a quick run
    renders its few pages itself, see `_render_record`, and leaves the cache alone)."""
    if render.cache_path(set_name, rendering).exists():
        return render.read_cache(set_name, rendering)
    if full:
        print(f"rendering {set_name} {rendering} (not cached yet)", file=sys.stderr, flush=True)
        return render.render_all(set_name, rendering, jobs)
    return {}


def _render_record(rendering: str, page: data.Page) -> dict:
    """A render-cache-like record of a page missing from the cache."""
    text, ms, error = render.render_one(rendering, page.html)
    return {"id": page.id, "text": text, "ms": ms, "error": error}


def scorable(page: data.Page) -> bool:
    """A trafilatura-eval page with snippets, or another page with full gold (the 27 WCXB pages without
    gold are not: their snippets alone would score them on another measure than the rest of WCXB)."""
    if page.set == "trafilatura-eval":
        return bool(page.with_snippets or page.without_snippets)
    return page.gold is not None


class SetRun:
    """The tasks of one set, and what the run learns while making them (every page's split and domain)."""

    def __init__(self, set_name: str, opts: Options) -> None:
        self.set = set_name
        self.opts = opts
        self.ids = quick_ids(set_name) if opts.quick else None
        names = set(opts.renderings) | ({"r2"} if opts.peers else set())  # the resiliparse peer is r2
        self.renders = {r: cached_renders(set_name, r, not opts.quick, opts.jobs) for r in sorted(names)}
        self.caches = {t: peers.Cache(set_name, t, opts.refresh_peers) for t in peers.COMPUTED if opts.peers}
        self.seen: list[tuple[str, str | None]] = []  # (split, domain) of every page, scorable or not

    def tasks(self) -> Iterator[evaluate.Task]:
        """One task per scorable page."""
        for page in data.load(self.set, ids=self.ids):
            self.seen.append((page.split, page.domain))
            if scorable(page):
                yield self._task(page)

    def _task(self, page: data.Page) -> evaluate.Task:
        recs = {r: self.renders[r].get(page.id) or _render_record(r, page) for r in self.renders}
        task = evaluate.Task(page, {r: recs[r] for r in self.opts.renderings})
        if page.gold is not None:  # full gold: scored by tokens only (WCXB's snippets are not used)
            page.with_snippets, page.without_snippets = [], []
        if self.opts.peers:
            task.cached = {t: c.records[page.id] for t, c in self.caches.items() if page.id in c.records}
            task.cached["resiliparse"] = recs["r2"]
            task.peers = [*peers.PEERS, evaluate.HTML_BASE]
            task.dedup_html = True
        else:
            page.html = ""  # the worker does not need it: spare the pipe
        return task

    def keep(self, result: dict) -> None:
        """Cache the peers' outputs a worker computed."""
        for tool, rec in result.pop("new").items():
            self.caches[tool].add(rec)

    def save(self) -> None:
        """Write the peers' caches."""
        for cache in self.caches.values():
            cache.save()


# ---------------------------------------------------------------------------------------------- the run


def _pool(opts: Options) -> multiprocessing.pool.Pool | None:
    """The worker processes (None: evaluate in this process). Fresh processes: the extractors keep
    module-level caches, so workers are replaced now and then."""
    if opts.jobs <= 1:
        evaluate.warm_up(opts.peers)
        return None
    ctx = multiprocessing.get_context("spawn")
    return ctx.Pool(opts.jobs, evaluate.warm_up, (opts.peers,), maxtasksperchild=500)


def _progress(set_name: str, n: int, t0: float) -> None:
    """A line on stderr every 250 pages."""
    if n % 250 == 0:
        print(f"  {set_name}: {n} pages, {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)


def evaluate_sets(opts: Options) -> tuple[list[dict], set[str | None]]:
    """Every page's result, and the domains of WCXB dev (to find test pages of unseen domains)."""
    results: list[dict] = []
    dev_domains: set[str | None] = set()
    pool = _pool(opts)
    try:
        for set_name in opts.sets:
            t0 = time.perf_counter()
            run = SetRun(set_name, opts)
            mapped: Iterable[dict] = (
                pool.imap_unordered(evaluate.evaluate, run.tasks(), chunksize=1)
                if pool
                else map(evaluate.evaluate, run.tasks())
            )
            for n, result in enumerate(mapped, 1):
                run.keep(result)
                results.append(result)
                _progress(set_name, n, t0)
            run.save()
            if set_name == "wcxb":
                dev_domains = {domain for split, domain in run.seen if split == "dev"}
            print(
                f"{set_name}: {sum(r['meta']['set'] == set_name for r in results)} pages scored in "
                f"{time.perf_counter() - t0:.0f}s",
                file=sys.stderr,
                flush=True,
            )
    finally:
        if pool:
            pool.close()
            pool.join()
    return results, dev_domains


def groups_of(meta: dict, dev_domains: set[str | None], quick: bool) -> list[str]:
    """The groups a page is reported in: its set (WCXB: also its split, unseen domains, page type), and its
    language."""
    name = meta["set"]
    groups = [name]
    if name == "wcxb" and not quick:
        groups.append(f"wcxb-{meta['split']}")
        if meta["split"] == "test" and meta["domain"] not in dev_domains:
            groups.append("wcxb-test-new-domains")
        groups.append(f"wcxb type:{meta['page_type']}")
    if not quick:
        groups.append(f"{name} lang:{meta['lang'] or 'unknown'}")
    return groups


def aggregate(results: list[dict], dev_domains: set[str | None], quick: bool) -> dict[str, dict[str, dict]]:
    """Pooled scores by group, then by system."""
    pools: dict[str, dict[str, measures.Pool]] = defaultdict(lambda: defaultdict(measures.Pool))
    for result in results:
        for group in groups_of(result["meta"], dev_domains, quick):
            for system, row in result["systems"].items():
                pools[group][system].add(row)
    return {g: {s: p.scores() for s, p in systems.items()} for g, systems in sorted(pools.items())}


def run_benchmark(opts: Options) -> dict:
    """Run everything `opts` asks for; return the results (no files written)."""
    t0 = time.perf_counter()
    results, dev_domains = evaluate_sets(opts)
    groups = aggregate(results, dev_domains, opts.quick)
    errors = [{**r["meta"], "errors": r["errors"]} for r in results if r["errors"]]
    meta = environment(opts, time.perf_counter() - t0)
    return {"meta": meta, "groups": groups, "errors": errors, "_pages": results}


# ---------------------------------------------------------------------------------------------- outputs


def _version(dist: str) -> str:
    """An installed distribution's version, or "missing"."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return "missing"


def _cpu() -> str:
    """The CPU model name."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit() -> str:
    """The short commit of the checkout, "+dirty" when tracked files differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout

    try:
        dirty = git("status", "--porcelain", "--untracked-files=no").strip()
        return git("rev-parse", "--short", "HEAD").strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def environment(opts: Options, seconds: float) -> dict:
    """The command, commit, date, machine, versions and options of a run."""
    import dedup

    argv = " ".join(sys.argv[1:]) if Path(sys.argv[0]).name in ("run.py", "__main__.py") else ""
    return {
        "command": f"python -m benchmarks.real.run {argv}".strip(),
        "commit": _commit(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{_cpu()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "versions": {"dedup": dedup.__version__, **{d: _version(d) for d in VERSIONED}},
        "options": {k: v for k, v in vars(opts).items()},
        "seconds": round(seconds, 1),
        # other jobs on the machine slow the timed calls down: the load says how much to trust the times
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
        "title_policy": TITLE_POLICY,
    }


def write_pages(results: list[dict]) -> None:
    """Per-page rows (counts of every system) to work/, for looking into a figure; not committed."""
    PAGES_FILE.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(PAGES_FILE, "wt", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _rounded(obj: Any) -> Any:
    """The results with floats to 6 digits (a diff of two runs then shows what changed, not noise)."""
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v) for v in obj]
    return obj


def write_outputs(res: dict, out: Path) -> None:
    """results.json, results.md and chart.png in `out`; the README's tables too when `out` is here."""
    out.mkdir(parents=True, exist_ok=True)
    public = {k: v for k, v in res.items() if not k.startswith("_")}
    dump = json.dumps(_rounded(public), indent=1, ensure_ascii=False)
    (out / "results.json").write_text(dump + "\n", encoding="utf-8")
    (out / "results.md").write_text(report.results_md(public), encoding="utf-8")
    report.chart(public, out / "chart.png")
    if out.resolve() == HERE:
        report.update_readme(HERE / "README.md", public)


def parse_args(argv: list[str] | None) -> tuple[Options, Path | None]:
    """The options of the command line."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.real.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Renderings: r1 resiliparse whole page; r2 resiliparse main content; r3 trafilatura "
        "favor_recall; naive BeautifulSoup get_text. Peers run on the HTML and are cached in "
        "benchmarks/real/work/peers/ (keyed by set, page, tool, versions and settings), so a rerun after a "
        "dedup change only re-runs dedup. The data is read from ../shared/data.",
    )
    ap.add_argument("--sets", default=",".join(data.SETS), help="comma-separated sets (default: all three)")
    ap.add_argument(
        "--renderings", default=None, help="comma-separated renderings (default r1,r2,r3,naive; quick r1,r2)"
    )
    ap.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the peers and dedup's HTML path on the HTML (default: yes; quick: no)",
    )
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2; 1 = in this process)")
    ap.add_argument(
        "--quick", action="store_true", help=f"{QUICK_PAGES} fixed pages per set: the test's regression guard"
    )
    ap.add_argument("--refresh-peers", action="store_true", help="ignore the peers' cache and run them again")
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=None,
        help="folder for results.json/.md and chart.png (default: benchmarks/real, which also updates the "
        "README; a quick run writes nothing unless given)",
    )
    args = ap.parse_args(argv)
    renderings = args.renderings or ",".join(QUICK_RENDERINGS if args.quick else render.RENDERINGS)
    opts = Options(
        sets=_known(args.sets, data.SETS, "set"),
        renderings=_known(renderings, render.RENDERINGS, "rendering"),
        peers=(not args.quick) if args.peers is None else args.peers,
        jobs=args.jobs,
        quick=args.quick,
        refresh_peers=args.refresh_peers,
    )
    return opts, args.out or (None if args.quick else HERE)


def _known(value: str, known: Iterable[str], what: str) -> list[str]:
    """The comma-separated names, each checked against the known ones."""
    names = [x.strip() for x in value.split(",") if x.strip()]
    for name in names:
        if name not in known:
            raise SystemExit(f"unknown {what} {name!r}; known: {', '.join(known)}")
    return names


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print its tables, write the outputs."""
    opts, out = parse_args(argv)
    res = run_benchmark(opts)
    print(report.summary_md(res))
    if not opts.quick:
        write_pages(res["_pages"])
    if out is not None:
        write_outputs(res, out)
        print(f"wrote {out}/results.json, results.md, chart.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
