#!/usr/bin/env python3
"""Fleet benchmark: the Scrapy pipeline with 1, 2 and 4 processes sharing one index in Redis, the time a
page spends on the shared index against the file index, and Redis memory per indexed block.

Run from the repository root (needs redis-server, Scrapy and ../shared; writes results.json here):

    python3 benchmarks/fleet/run.py                 # the README's figures
    python3 benchmarks/fleet/run.py --quick         # a smoke run

Pages: 220 generated content-farm pages (benchmarks/quality/farm.py: real article bodies of ../shared,
12 sites with their templates, injected links, 10% syndicated copies), served as HTML by a loopback HTTP
server in this process. Each configuration crawls the same pages (split evenly between its processes)
against a fresh index: pages/s = pages the pipeline handled (cleaned or dropped as copies) / (the last
process's end - the first process's start of crawling, as the spiders record them). Redis runs on loopback
without persistence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import dedup  # noqa: E402
from benchmarks.quality import farm  # noqa: E402
from dedup.corpus.prints import DocPrint  # noqa: E402
from dedup.fingerprint.sketch import BLOCK_BANDS, SKETCH_BYTES, doc_bands  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402


def make_pages(n: int) -> tuple[dict[str, str], list[dict]]:
    """`n` farm pages (at most ~230: one page per article of ../shared, 10% syndicated copies) as
    {path: html}, and the pages themselves."""
    pages = farm.make_corpus(n_pages=n, seed=0, styles="all")[0]
    html = {}
    for i, p in enumerate(pages):
        lines = [ln for ln in p["text"].split("\n") if ln.strip()]
        body = "".join(f"<p>{escape(ln)}</p>" for ln in lines[1:])
        url = f"https://{p['site']}/{i}"
        title = escape(p.get("title") or lines[0])
        head = f'<head><link rel="canonical" href="{url}"></head>'
        html[f"/{i}.html"] = f"<html>{head}<body><h1>{title}</h1>{body}</body></html>"
    return html, pages


@contextmanager
def serve(pages: dict[str, str]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            data = pages.get(self.path, "not found").encode()
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(base: str, paths: list[str], processes: int, url: str | None, work: Path) -> dict:
    """Crawl `paths` with `processes` scrapy processes at once; pages/s over all of them."""
    procs, stats_files = [], []
    for k in range(processes):
        stats = work / f"stats{k}.json"
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "spider.py")]
        cmd += ["-a", f"base={base}", "-a", f"paths={','.join(paths[k::processes])}", "-a", f"stats={stats}"]
        if url:
            cmd += ["-s", f"DEDUP_INDEX_URL={url}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs.append(subprocess.Popen(cmd, cwd=work, env=env, stderr=subprocess.PIPE, text=True))
        stats_files.append(stats)
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            raise RuntimeError(err[-2000:])
    runs = [json.loads(s.read_text()) for s in stats_files]
    secs = max(r["closed_at"] for r in runs) - min(r["started_at"] for r in runs)
    handled = sum(r.get("dedup/items_cleaned", 0) + r.get("dedup/duplicates_dropped", 0) for r in runs)
    return {
        "processes": processes,
        "index": "redis" if url else "file (in memory)",
        "pages": handled,
        "seconds": round(secs, 2),
        "pages_per_s": round(handled / secs, 1),
        "dropped": sum(r.get("dedup/duplicates_dropped", 0) for r in runs),
    }


def per_page(pages: list[dict], url: str, chunk: int = 20) -> dict:
    """Milliseconds a page spends in `Index.add` + `analyze` (the pipeline's work on the index), in this
    process, with the file index and with the shared one: the same pages into fresh indexes, the two
    alternating every `chunk` pages (so that other work on the machine weighs on both alike)."""
    prints = [dedup.fingerprint(p["text"], doc_id=p["id"], title=p.get("title"), url=p["url"]) for p in pages]
    indexes = {"file": dedup.Index(), "redis": dedup.Index.connect(url)}
    spent = dict.fromkeys(indexes, 0.0)
    for start in range(0, len(pages), chunk):
        for name, idx in indexes.items():
            t0 = time.perf_counter()
            for fp, p in zip(prints[start : start + chunk], pages[start : start + chunk]):
                idx.add(fp)
                dedup.analyze(p["text"], title=p.get("title"), index=idx, url=p["url"], doc_id=p["id"])
            spent[name] += time.perf_counter() - t0
    out = {f"{name}_ms": round(secs * 1000 / len(pages), 2) for name, secs in spent.items()}
    out["added_ms"] = round(out["redis_ms"] - out["file_ms"], 2)
    return out


def memory_per_block(server: RedisServer, n_blocks: int, per_doc: int = 10) -> dict:
    """Redis used_memory grown by `n_blocks` distinct blocks (`per_doc` a document, the documents' share
    included), as benchmarks/speed measures the file index."""
    import redis

    client = redis.Redis(port=server.port)
    client.flushall()
    before = client.info("memory")["used_memory"]
    idx = dedup.Index.connect(server.url(prefix="memory"))
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for d in range(n_blocks // per_doc):
        sig = rng.integers(0, 2**32, 128, dtype=np.uint64).astype(np.uint32)
        keys = rng.integers(0, 2**63, per_doc, dtype=np.uint64).tolist()
        sketches = rng.integers(0, 256, (per_doc, SKETCH_BYTES), dtype=np.uint8)
        bands = rng.integers(0, 2**32, (per_doc, BLOCK_BANDS), dtype=np.uint64)
        site = f"site{d % 40}.example"
        idx.add(
            DocPrint(f"doc{d}", site, keys[0] ^ 1, 4000, sig, keys, sketches, bands, doc_bands(sig[None])[0])
        )
    secs = time.perf_counter() - t0
    grown = client.info("memory")["used_memory"] - before
    return {
        "blocks": n_blocks,
        "docs": n_blocks // per_doc,
        "bytes_per_block": round(grown / n_blocks),
        "docs_per_s": round(n_blocks / per_doc / secs),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=220, help="farm pages (at most ~230)")
    ap.add_argument("--processes", default="1,2,4")
    ap.add_argument("--blocks", type=int, default=200_000, help="distinct blocks for the memory row")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    if a.quick:
        a.pages, a.blocks = 120, 5_000
    html, pages = make_pages(a.pages)
    paths = list(html)
    res: dict = {
        "date": dt.date.today().isoformat(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "hardware": f"{_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": round(os.getloadavg()[0], 2),
        "command": "python3 benchmarks/fleet/run.py " + " ".join(sys.argv[1:]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = RedisServer(work / "redis").start()
        res["redis"] = _redis_version(server)
        try:
            with serve(html) as base:
                rows = [crawl(base, paths, 1, None, work)]
                for n in [int(x) for x in a.processes.split(",")]:
                    rows.append(crawl(base, paths, n, server.url(), work))
                    print(rows[-1], file=sys.stderr)
            res["crawls"] = rows
            res["per_page"] = per_page(pages, server.url())
            print(res["per_page"], file=sys.stderr)
            res["memory"] = memory_per_block(server, a.blocks)
            print(res["memory"], file=sys.stderr)
        finally:
            server.stop()
    res["load_after"] = round(os.getloadavg()[0], 2)
    out = HERE / ("results.quick.json" if a.quick else "results.json")
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    return 0


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def _redis_version(server: RedisServer) -> str:
    out = subprocess.run([server.binary, "--version"], capture_output=True, text=True).stdout
    return out.split()[2] if len(out.split()) > 2 else out.strip()


if __name__ == "__main__":
    sys.exit(main())
