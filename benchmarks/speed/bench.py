#!/usr/bin/env python3
"""Speed benchmark: MinHash signatures and LSH, dedup against datasketch and rensa, in one run.

Run from the repository root:

    python3 benchmarks/speed/bench.py              # full run, writes benchmarks/speed/README.md
    python3 benchmarks/speed/bench.py --quick      # smoke run (small sizes, README untouched)
    python3 benchmarks/speed/bench.py --e2e        # also the end-to-end `dedup clean` corpus run

Every method gets the same generated paragraphs: about 75 words drawn (seeded) from the real words of
../shared/data/articles.jsonl (all 18 languages, punctuation attached as in the text), with 10% of them
edited copies of others (1-3 words replaced) so LSH has real work. Signatures/s are "text in, 128-slot
signature out", tokenising included, one process, one thread. MB/s counts UTF-8 bytes of the paragraphs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dedup.corpus.index import Index  # noqa: E402
from dedup.corpus.prints import DocPrint  # noqa: E402
from dedup.fingerprint import sketch  # noqa: E402
from dedup.fingerprint.minhash import minhash, signatures  # noqa: E402
from dedup.fingerprint.shingle import batch_shingle_hashes  # noqa: E402

HERE = Path(__file__).resolve().parent
ARTICLES = ROOT.parent / "shared" / "data" / "articles.jsonl"
README = HERE / "README.md"
BEGIN, END = "<!-- BEGIN RESULTS (written by bench.py) -->", "<!-- END RESULTS -->"
NUM_PERM, NGRAM, SEED = 128, 5, 1
_WORD = re.compile(r"\w+")


# ------------------------------------------------------------------------------------------------- data


def vocabulary(max_len: int = 24) -> np.ndarray:
    """The words (whitespace-separated, as written) of the real articles, with repeats (frequency)."""
    words: list[str] = []
    with ARTICLES.open(encoding="utf-8") as fh:
        for line in fh:
            words += [w for w in json.loads(line)["body"].split() if len(w) <= max_len]
    return np.array(words, dtype=object)


def paragraphs(
    n: int, vocab: np.ndarray, seed: int = 0, words: int = 75, dup_share: float = 0.1
) -> list[str]:
    """`n` paragraphs of about `words` words; `dup_share` of them are lightly edited copies of others."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(words - 15, words + 16, n)
    idx = rng.integers(0, vocab.size, int(lengths.sum()))
    ends = np.cumsum(lengths)
    rows = np.split(idx, ends[:-1])
    copies = np.flatnonzero(rng.random(n) < dup_share)
    copies = copies[copies > 0]
    for k in copies.tolist():
        src = rows[int(rng.integers(0, k))].copy()
        for _ in range(int(rng.integers(1, 4))):
            src[int(rng.integers(0, src.size))] = int(rng.integers(0, vocab.size))
        rows[k] = src
    return [" ".join(vocab[r]) for r in rows]


def mbytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


# ---------------------------------------------------------------------------------------------- methods


def _shingles(text: str) -> list[str]:
    """Word 5-gram strings for the other libraries (lower-case `\\w+` words: a simpler tokenizer than
    ours)."""
    toks = _WORD.findall(text.lower())
    if len(toks) < NGRAM:
        return [" ".join(toks)] if toks else []
    return [" ".join(toks[i : i + NGRAM]) for i in range(len(toks) - NGRAM + 1)]


def run_dedup(texts: list[str]) -> None:
    minhash(texts, num_perm=NUM_PERM, ngram=NGRAM, seed=SEED)


def run_ds_update(texts: list[str]) -> None:
    from datasketch import MinHash

    for t in texts:
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        for s in _shingles(t):
            m.update(s.encode("utf-8"))
        m.digest()


def run_ds_update_batch(texts: list[str]) -> None:
    from datasketch import MinHash

    for t in texts:
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        m.update_batch([s.encode("utf-8") for s in _shingles(t)])
        m.digest()


def run_ds_bulk(texts: list[str]) -> None:
    from datasketch import MinHash

    MinHash.bulk(([s.encode("utf-8") for s in _shingles(t)] for t in texts), num_perm=NUM_PERM, seed=SEED)


def run_rensa(texts: list[str]) -> None:
    from rensa import RMinHash

    for t in texts:
        m = RMinHash(num_perm=NUM_PERM, seed=SEED)
        m.update(_shingles(t))
        m.digest()


METHODS: list[tuple[str, str, Callable[[list[str]], None], bool]] = [
    # key, label, function, runs on the small subset
    ("ds_update", "datasketch `MinHash.update()` per shingle", run_ds_update, True),
    ("ds_update_batch", "datasketch `update_batch()` per paragraph", run_ds_update_batch, True),
    ("ds_bulk", "datasketch `MinHash.bulk()`", run_ds_bulk, True),
    ("rensa", "rensa `RMinHash.update()` per paragraph", run_rensa, False),
    ("dedup", "**dedup `minhash()`** (whole batch)", run_dedup, False),
]


def timeit(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of `repeats` runs (seconds)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_methods(texts: list[str], small: int, repeats: int) -> list[dict]:
    rows = []
    for key, label, fn, on_small in METHODS:
        part = texts[:small] if on_small else texts
        try:
            secs = timeit(lambda fn=fn, part=part: fn(part), 1 if key == "ds_update" else repeats)
        except ImportError as err:
            print(f"  {label}: skipped ({err})", file=sys.stderr)
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "n": len(part),
                "seconds": secs,
                "para_s": len(part) / secs,
                "mb_s": mbytes(part) / secs,
            }
        )
        print(
            f"  {label:48s} {len(part):>8,d} para  {len(part) / secs:>10,.0f} para/s  "
            f"{mbytes(part) / secs:7.2f} MB/s",
            file=sys.stderr,
        )
    return rows


def bench_lsh(texts: list[str], per_doc: int, repeats: int) -> list[dict]:
    """The LSH path the product runs: `Index.add` of document prints (band keys of the signatures, the
    candidates of each band looked up in the index's sorted band maps and verified on the signatures), first
    of documents alone, then with `per_doc` blocks each (exact keys, 8 band keys and sketch verification per
    block). The signatures are computed before the clock starts (the MinHash rows time them)."""
    sig = minhash(texts, num_perm=NUM_PERM, ngram=NGRAM, seed=SEED)
    h, off = batch_shingle_hashes(texts, 3)
    bsig = signatures(h, off, num_perm=sketch.BLOCK_PERM, seed=SEED + 1)
    sketches, bands = sketch.block_sketches(bsig)
    keys = [int(k) for k in np.random.default_rng(0).integers(0, 2**63, len(texts), dtype=np.uint64)]
    empty_sk, empty_b = (
        np.zeros((0, sketch.SKETCH_BYTES), np.uint8),
        np.zeros((0, sketch.BLOCK_BANDS), np.uint64),
    )
    rows = []
    for blocks in (0, per_doc):

        def build(blocks: int = blocks) -> Index:
            idx = Index()
            dbands = sketch.doc_bands(sig)
            for i in range(len(texts)):
                j = (i * blocks) % max(1, len(texts) - blocks) if blocks else 0
                fp = DocPrint(
                    f"p{i}",
                    f"site{i % 40}.example",
                    None,
                    0,
                    sig[i],
                    keys[j : j + blocks],
                    sketches[j : j + blocks] if blocks else empty_sk,
                    bands[j : j + blocks] if blocks else empty_b,
                    dbands[i],
                )
                idx.add(fp)
            return idx.finalize()

        secs = timeit(build, repeats)
        idx = build()
        what = "`Index.add`: document band keys + lookup + verify + insert"
        rows.append(
            {
                "what": what + (f", with {blocks} blocks per document" if blocks else ""),
                "n": len(texts),
                "seconds": secs,
                "para_s": len(texts) / secs,
                "candidates": len(idx.dup),
            }
        )
    for r in rows:
        print(
            f"  {r['what']:80s} {r['para_s']:>10,.0f} docs/s  ({r['candidates']:,} copies)", file=sys.stderr
        )
    return rows


def bench_scaling(vocab: np.ndarray, sizes: list[int], repeats: int) -> list[dict]:
    rows = []
    for n in sizes:
        texts = paragraphs(n, vocab, seed=n)
        mb = mbytes(texts)
        # small sizes take a fraction of a second: repeat them for about 2 s so noise averages out
        reps = repeats if n <= 300_000 else 1
        reps = max(reps, min(25, int(2.0 * 110_000 / n)))
        secs = timeit(lambda texts=texts: run_dedup(texts), reps)
        rows.append({"n": n, "mb": mb, "seconds": secs, "para_s": n / secs, "s_per_mb": secs / mb})
        print(
            f"  {n:>9,d} para {mb:8.1f} MB {secs:8.2f} s {n / secs:>10,.0f} para/s "
            f"{secs / mb * 1e3:7.2f} ms/MB",
            file=sys.stderr,
        )
        del texts
    base = rows[0]["s_per_mb"]
    for r in rows:
        r["vs_first"] = r["s_per_mb"] / base
    return rows


# ------------------------------------------------------------------------------------- end to end (CLI)
# The corpus CLI (`python -m dedup clean corpus.jsonl -o out.jsonl --jobs N --quiet`) is measured on a
# generated JSONL corpus of at least 100 MB: pages of several sites, each a title plus generated paragraphs,
# a per-site boilerplate line, and some pages copying paragraphs or whole pages from others.


def make_corpus(
    path: Path, vocab: np.ndarray, target_mb: float, seed: int = 7, fresh: bool = False
) -> tuple[int, float]:
    """Write a JSONL corpus of about `target_mb` MB; return (records, MB).

    Pages draw their paragraphs from a pool of 20,000 (so paragraphs recur across pages), or with `fresh`
    take new ones in turn (every paragraph distinct but the 5% near-copies: the index's worst case).
    """
    rng = np.random.default_rng(seed)
    sites = [f"site{k}.example" for k in range(40)]
    boiler = {s: f"Subscribe to the {s} newsletter for the latest news. All rights reserved." for s in sites}
    written, count, pool = 0, 0, paragraphs(20_000, vocab, seed=seed, dup_share=0.05)
    batch, used = 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target_mb * 1e6:
            site = sites[int(rng.integers(0, len(sites)))]
            title = " ".join(vocab[rng.integers(0, vocab.size, 8)])
            n = int(rng.integers(4, 14))
            if fresh:
                if used + n > len(pool):
                    batch += 1
                    pool, used = paragraphs(20_000, vocab, seed=seed + batch, dup_share=0.05), 0
                paras, used = pool[used : used + n], used + n
            else:
                paras = [pool[int(i)] for i in rng.integers(0, len(pool), n)]
            if rng.random() < 0.3:
                paras.insert(int(rng.integers(0, len(paras))), title)
            paras.append(boiler[site])
            rec = {
                "id": f"doc{count}",
                "title": title,
                "url": f"https://{site}/a/{count}",
                "text": title + "\n\n" + "\n\n".join(paras),
            }
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count, written / 1e6


def previous_e2e() -> list[dict] | None:
    """The end-to-end rows of the last --e2e run (results.json), labelled with its date, if any."""
    try:
        old = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = old.get("e2e")
    if not isinstance(rows, list):
        return None
    for r in rows:
        r.setdefault("from", f"{old.get('date', '?')}, load {old.get('load', '?')}")
    return rows


def previous_row(key: str, flag: str) -> dict | str:
    """The `key` row (a dict) of the last run that measured it (results.json), labelled with that run's date;
    else a note saying which flag measures it."""
    try:
        old = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    row = old.get(key)
    if isinstance(row, dict):
        return {**row, "from": row.get("from") or old.get("date")}
    return f"not run (pass {flag})"


def cli_supports_clean() -> bool:
    """True when `python -m dedup clean --help` works and takes --jobs and --quiet."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "dedup", "clean", "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "--jobs" in out.stdout and "--quiet" in out.stdout


def _tree_memory(pid: int) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MB of a process and its children (PSS shares the pages they share)."""
    import psutil

    try:
        procs = [psutil.Process(pid)]
        procs += procs[0].children(recursive=True)
    except psutil.Error:
        return 0.0, 0.0
    rss = pss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return rss / 2**20, pss / 2**20


def bench_large(vocab: np.ndarray, target_mb: float, jobs: int = 2) -> dict | str:
    """`dedup clean --jobs 2` on a corpus of `target_mb` MB of distinct paragraphs: the whole run's memory
    (every process, sampled each second; PSS counts pages shared after fork once)."""
    if not cli_supports_clean():
        return "pending"
    with tempfile.TemporaryDirectory(dir=os.environ.get("DEDUP_BENCH_TMP")) as tmp:
        corpus = Path(tmp) / "large.jsonl"
        t0 = time.perf_counter()
        records, mb = make_corpus(corpus, vocab, target_mb, seed=11, fresh=True)
        print(
            f"  large corpus: {records:,} records, {mb:.1f} MB (written in {time.perf_counter() - t0:.0f} s)",
            file=sys.stderr,
        )
        cmd = [
            sys.executable,
            "-m",
            "dedup",
            "clean",
            str(corpus),
            "-o",
            str(Path(tmp) / "out.jsonl"),
            "--jobs",
            str(jobs),
            "--quiet",
            "--summary",
            str(Path(tmp) / "summary.json"),
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak_rss = peak_pss = 0.0
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(1.0)
        secs = time.perf_counter() - t0
        if proc.returncode != 0:
            return f"failed (exit {proc.returncode}): {proc.stderr.read().strip()[-400:]}"
        summary = json.loads((Path(tmp) / "summary.json").read_text())
    clusters = summary.get("settings", {}).get("index", {}).get("block_clusters")
    row = {
        "jobs": jobs,
        "records": records,
        "mb": mb,
        "seconds": secs,
        "mb_s": mb / secs,
        "peak_rss_sum_mb": peak_rss,
        "peak_pss_mb": peak_pss,
        "block_clusters": clusters,
    }
    print(
        f"  large --jobs {jobs}: {secs:.0f} s, {mb / secs:.2f} MB/s, peak PSS {peak_pss:,.0f} MB "
        f"(RSS sum {peak_rss:,.0f} MB), {clusters} block clusters",
        file=sys.stderr,
    )
    return row


def bench_e2e(
    vocab: np.ndarray, target_mb: float, jobs_list: tuple[int, ...], repeats: int = 2
) -> list[dict] | str:
    """End-to-end `dedup clean` throughput and peak RSS; a string says why it did not run.

    The job counts run in turn, `repeats` rounds; each row is the fastest run of its job count (the VM's
    speed drifts by 10-20% within minutes: interleaved rounds give both counts the same chances), with the
    times of all its runs.
    """
    if not cli_supports_clean():
        return "pending: `python -m dedup clean ... --jobs N --quiet` is not available yet"
    best: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records, mb = make_corpus(corpus, vocab, target_mb)
        print(f"  corpus: {records:,} records, {mb:.1f} MB", file=sys.stderr)
        for jobs in [j for _ in range(max(1, repeats)) for j in jobs_list]:
            out = Path(tmp) / f"out{jobs}.jsonl"
            cmd = [
                sys.executable,
                "-m",
                "dedup",
                "clean",
                str(corpus),
                "-o",
                str(out),
                "--jobs",
                str(jobs),
                "--quiet",
            ]
            timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
            t0 = time.perf_counter()
            proc = subprocess.run(timer + cmd, cwd=ROOT, capture_output=True, text=True)
            secs = time.perf_counter() - t0
            if proc.returncode != 0:
                return f"failed (--jobs {jobs}, exit {proc.returncode}): {proc.stderr.strip()[-400:]}"
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
            row = {
                "jobs": jobs,
                "records": records,
                "mb": mb,
                "seconds": secs,
                "mb_s": mb / secs,
                "docs_s": records / secs,
                "peak_rss_mb": int(m.group(1)) / 1024 if m else None,
            }
            print(
                f"  --jobs {jobs}: {secs:.1f} s, {mb / secs:.2f} MB/s, peak RSS "
                f"{row['peak_rss_mb'] or float('nan'):.0f} MB",
                file=sys.stderr,
            )
            prev = best.get(jobs)
            runs = (prev["runs"] if prev else []) + [round(secs, 1)]
            if prev is None or secs < prev["seconds"]:
                best[jobs] = row
            best[jobs]["runs"] = runs
    return [best[j] for j in jobs_list]


def _floor_child(corpus: str, out: str, jobs: int) -> None:
    """The corpus run of `dedup clean CORPUS -o OUT --jobs N --quiet` with no single-page detector (through
    `dedup.run.local.run`, as the CLI calls it): everything else of the run (reading, parsing, segmentation,
    fingerprints, the index, the corpus evidence, writing) still runs."""
    from dedup.config import Config
    from dedup.run.local import run
    from dedup.run.options import RunOptions

    run(RunOptions(input=corpus, output=out, jobs=jobs, quiet=True, config=Config(detectors=())))


def bench_floor(vocab: np.ndarray, target_mb: float, jobs: int = 2, repeats: int = 2) -> dict | str:
    """Where the end-to-end time goes: the same corpus as `bench_e2e`, --jobs 2, with the single-page
    detectors on (the CLI) and off (`_floor_child`), in turn; fastest of `repeats` each. The run without
    detectors bounds what any speed-up of the detectors alone can give."""
    rows: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records, mb = make_corpus(corpus, vocab, target_mb)
        out = str(Path(tmp) / "out.jsonl")
        cmds = {
            "all detectors (the CLI)": [
                sys.executable,
                "-m",
                "dedup",
                "clean",
                str(corpus),
                "-o",
                out,
                "--jobs",
                str(jobs),
                "--quiet",
            ],
            "no single-page detector": [
                sys.executable,
                __file__,
                "--floor-child",
                str(corpus),
                out,
                str(jobs),
            ],
        }
        for _ in range(max(1, repeats)):
            for what, cmd in cmds.items():
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
                secs = time.perf_counter() - t0
                if proc.returncode != 0:
                    return f"failed ({what}, exit {proc.returncode}): {proc.stderr.strip()[-400:]}"
                print(f"  {what}, --jobs {jobs}: {secs:.1f} s, {mb / secs:.2f} MB/s", file=sys.stderr)
                rows[what] = min(rows.get(what, secs), secs)
    return {
        "jobs": jobs,
        "records": records,
        "mb": mb,
        "rows": [{"what": w, "seconds": s, "mb_s": mb / s} for w, s in rows.items()],
    }


# ------------------------------------------------------------------------------------- index memory
# What one indexed block costs the corpus `Index`: synthetic fingerprints of distinct blocks (10 per document,
# 50 word 3-grams each: a paragraph of about 50 words) are added with `Index.add`, in a fresh process,
# and the growth of its resident set is divided by the number of blocks (the documents' own share, a
# 128-slot signature and its band keys per 10 blocks, included). Distinct blocks are the worst case: a block
# already in the index costs only its counters.


def _index_memory_child(n_blocks: int, per_doc: int = 10, shingles: int = 50) -> dict:
    import gc

    import psutil

    from dedup.fingerprint.sketch import BLOCK_BANDS, SKETCH_BYTES, doc_bands

    rng = np.random.default_rng(0)
    proc = psutil.Process()
    idx = Index()
    gc.collect()
    base = proc.memory_info().rss
    t0 = time.perf_counter()
    for d in range(n_blocks // per_doc):
        sig = rng.integers(0, 2**32, 128, dtype=np.uint64).astype(np.uint32)
        sketches = rng.integers(0, 256, (per_doc, SKETCH_BYTES), dtype=np.uint8)
        keys = rng.integers(0, 2**63, per_doc, dtype=np.uint64).tolist()
        bands = rng.integers(0, 2**32, (per_doc, BLOCK_BANDS), dtype=np.uint64)
        fp = DocPrint(
            f"doc{d}",
            f"site{d % 40}.example",
            keys[0] ^ 1,
            4000,
            sig,
            keys,
            sketches,
            bands,
            doc_bands(sig[None])[0],
        )
        idx.add(fp)
    idx.finalize()
    gc.collect()
    grown = proc.memory_info().rss - base
    return {
        "blocks": n_blocks,
        "docs": n_blocks // per_doc,
        "shingles": shingles,
        "rss_mb": grown / 1e6,
        "bytes_per_block": grown / n_blocks,
        "seconds": time.perf_counter() - t0,
    }


def bench_index_memory(n_blocks: int) -> dict | str:
    """Bytes per indexed (distinct) block, measured in a fresh process; a string says why it did not run."""
    out = subprocess.run(
        [sys.executable, __file__, "--index-memory-child", str(n_blocks)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        return f"failed: {out.stderr.strip()[-300:]}"
    res = json.loads(out.stdout)
    print(f"  {res['blocks']:,} blocks: {res['bytes_per_block']:,.0f} bytes per block", file=sys.stderr)
    return res


# ---------------------------------------------------------------------------------------------- report


def hardware() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}, "
        f"{_version('datasketch')}, {_version('rensa')}"
    )


def _load() -> str:
    """The 1-minute load average (other work on this shared 2-core VM skews the numbers)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def _version(pkg: str) -> str:
    try:
        from importlib.metadata import version

        return f"{pkg} {version(pkg)}"
    except Exception:
        return f"{pkg} (not installed)"


def render(res: dict) -> str:
    by = {r["key"]: r for r in res["methods"]}
    lines = [
        f"Measured {res['date']} on {res['hardware']}; 1-minute load average {res['load']} "
        "(a load above 1 means other processes shared the two cores).",
        "",
        f"Command: `{res['command']}`",
        "",
        f"Paragraphs: {res['n']:,} generated (~75 words, {res['mb']:.1f} MB, 10% edited copies); the "
        f"three datasketch rows use the first {res['small']:,} of them. Median of {res['repeats']} runs "
        "(one for datasketch `update()`). One process, one thread.",
        "",
        "| pipeline (text in, 128-slot signature out) | paragraphs | para/s | MB/s | x ds.update | "
        "x ds.bulk | x rensa |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in res["methods"]:

        def ratio(k: str, r: dict = r) -> str:
            return f"{r['para_s'] / by[k]['para_s']:.1f}" if k in by else "-"

        lines.append(
            f"| {r['label']} | {r['n']:,} | {r['para_s']:,.0f} | {r['mb_s']:.1f} | "
            f"{ratio('ds_update')} | {ratio('ds_bulk')} | {ratio('rensa')} |"
        )
    lines += [
        "",
        "LSH as the product runs it (`Index.add`: 16 bands x 8 rows of each document's signature, candidates "
        "verified on the signatures; with blocks, each block's exact key, 8 bands x 4 rows and its "
        "sketch), on "
        "the dedup signatures of the same paragraphs, one paragraph a document:",
        "",
        "| operation | documents | docs/s | copies found |",
        "|---|---:|---:|---:|",
    ]
    for r in res["lsh"]:
        lines.append(f"| {r['what']} | {r['n']:,} | {r['para_s']:,.0f} | {r['candidates']:,} |")
    lines += [
        "",
        "Scaling of `dedup.minhash()` (one call per size, fresh paragraphs):",
        "",
        "| paragraphs | MB | seconds | para/s | ms per MB | vs first |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in res["scaling"]:
        lines.append(
            f"| {r['n']:,} | {r['mb']:.1f} | {r['seconds']:.2f} | {r['para_s']:,.0f} | "
            f"{r['s_per_mb'] * 1e3:.2f} | {r['vs_first']:.2f}x |"
        )
    lines += [
        "",
        "End to end, `python -m dedup clean corpus.jsonl -o out.jsonl --jobs N --quiet`"
        + (
            f" (kept from the last `--e2e` run: {res['e2e'][0]['from']})"
            if isinstance(res["e2e"], list) and res["e2e"] and "from" in res["e2e"][0]
            else ""
        )
        + ":",
        "",
    ]
    if isinstance(res["e2e"], str):
        lines.append(f"*{res['e2e']}*")
    else:
        lines += [
            "| jobs | records | MB | seconds | MB/s | docs/s | peak RSS (largest process) | all runs (s) |",
            "|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in res["e2e"]:
            rss = f"{r['peak_rss_mb']:,.0f} MB" if r["peak_rss_mb"] else "-"
            runs = ", ".join(f"{x:.1f}" for x in r.get("runs", [r["seconds"]]))
            lines.append(
                f"| {r['jobs']} | {r['records']:,} | {r['mb']:.1f} | {r['seconds']:.1f} | "
                f"{r['mb_s']:.2f} | {r['docs_s']:,.0f} | {rss} | {runs} |"
            )
        if any(len(r.get("runs", ())) > 1 for r in res["e2e"]):
            lines += ["", "(Job counts run in turn; each row is the fastest of its runs.)"]
    floor = res.get("floor")
    lines += [
        "",
        "Where the end-to-end time goes (`--e2e-floor`: the same corpus, --jobs 2, with the single-page "
        "detectors on, and off through `dedup.run.local.run` with `Config(detectors=())`; fastest of "
        "the rounds)"
        + (f" (kept from the run of {floor['from']})" if isinstance(floor, dict) and "from" in floor else "")
        + ":",
        "",
    ]
    if isinstance(floor, dict):
        lines += ["| run, --jobs 2 | seconds | MB/s |", "|---|---:|---:|"]
        lines += [f"| {r['what']} | {r['seconds']:.1f} | {r['mb_s']:.2f} |" for r in floor["rows"]]
    else:
        lines.append(f"*{floor or 'not run'}*")
    big = res.get("large")
    lines += [
        "",
        "Large corpus (`--large-mb`: distinct paragraphs, `--jobs 2`, memory of all processes sampled "
        "every second; PSS counts the pages the forked workers share with the parent once)"
        + (f" (kept from the run of {big['from']})" if isinstance(big, dict) and "from" in big else "")
        + ":",
        "",
    ]
    if isinstance(big, dict):
        lines.append(
            f"{big['records']:,} records, {big['mb']:,.0f} MB, {big['block_clusters']:,} block clusters: "
            f"{big['seconds']:,.0f} s ({big['mb_s']:.2f} MB/s), **peak PSS {big['peak_pss_mb']:,.0f} MB** "
            f"(sum of RSS {big['peak_rss_sum_mb']:,.0f} MB)."
        )
    else:
        lines.append(f"*{big or 'not run'}*")
    mem = res.get("index_memory")
    lines += [
        "",
        "Index memory (`Index.add` of synthetic distinct blocks, 10 per document, then "
        "`finalize()`; growth of a fresh process's resident set):",
        "",
    ]
    if isinstance(mem, dict):
        lines.append(
            f"{mem['blocks']:,} blocks in {mem['docs']:,} documents: {mem['rss_mb']:,.0f} MB, "
            f"**{mem['bytes_per_block']:,.0f} bytes per indexed block** (documents' share included)."
        )
    else:
        lines.append(f"*{mem or 'not run'}*")
    lines += ["", "Targets: " + "; ".join(targets(res))]
    return "\n".join(lines)


def targets(res: dict) -> list[str]:
    by = {r["key"]: r for r in res["methods"]}
    out = []
    if "dedup" in by and "rensa" in by:
        x = by["dedup"]["para_s"] / by["rensa"]["para_s"]
        out.append(f"dedup >= 2x rensa: {x:.1f}x ({'met' if x >= 2 else 'NOT met'})")
    if "dedup" in by and "ds_bulk" in by:
        x = by["dedup"]["para_s"] / by["ds_bulk"]["para_s"]
        out.append(f"dedup >= 8x datasketch bulk: {x:.1f}x ({'met' if x >= 8 else 'NOT met'})")
    docs_only = [r for r in res["lsh"] if "blocks per document" not in r["what"]]
    if docs_only:
        best = docs_only[0]["para_s"]
        out.append(
            f"LSH insert+query (the index's own path) >= 300k docs/s: {best:,.0f} "
            f"({'met' if best >= 300_000 else 'NOT met'})"
        )
    if res["scaling"]:
        x = res["scaling"][-1]["vs_first"]
        out.append(
            f"time per MB at {res['scaling'][-1]['n']:,} within 1.3x of {res['scaling'][0]['n']:,}: "
            f"{x:.2f}x ({'met' if x <= 1.3 else 'NOT met'})"
        )
    if isinstance(res["e2e"], str):
        out.append("end to end: " + res["e2e"])
    else:
        by_jobs = {r["jobs"]: r for r in res["e2e"]}
        if 2 in by_jobs:
            x = by_jobs[2]["mb_s"]
            out.append(
                f"end to end >= 10 MB/s with --jobs 2: {x:.2f} MB/s ({'met' if x >= 10 else 'NOT met'})"
            )
        if 1 in by_jobs and 2 in by_jobs:
            x = by_jobs[2]["mb_s"] / by_jobs[1]["mb_s"]
            out.append(f"--jobs 2 >= 1.7x --jobs 1: {x:.2f}x ({'met' if x >= 1.7 else 'NOT met'})")
    big = res.get("large")
    if isinstance(big, dict) and big["mb"] >= 1000:
        x = big["peak_pss_mb"]
        out.append(
            f"{big['mb']:,.0f} MB corpus in < 2 GB: peak PSS {x:,.0f} MB, RSS sum "
            f"{big['peak_rss_sum_mb']:,.0f} MB "
            f"({'met' if x < 2048 else 'NOT met'})"
        )
    mem = res.get("index_memory")
    if isinstance(mem, dict):
        x = mem["bytes_per_block"]
        out.append(f"index <= 200 bytes per block: {x:,.0f} ({'met' if x <= 200 else 'NOT met'})")
    return out


def write_readme(text: str) -> None:
    body = README.read_text(encoding="utf-8") if README.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in body:
        body += f"\n{BEGIN}\n{END}\n"
    head, rest = body.split(BEGIN, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100_000, help="paragraphs for dedup, rensa and LSH")
    p.add_argument("--small", type=int, default=10_000, help="paragraphs for the slow datasketch methods")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--scaling", default="10000,30000,100000,300000,1000000", help="sizes, comma-separated")
    p.add_argument("--e2e", action="store_true", help="also run the end-to-end CLI corpus benchmark")
    p.add_argument("--e2e-mb", type=float, default=100.0, help="size of the generated corpus (MB)")
    p.add_argument(
        "--e2e-repeats",
        type=int,
        default=2,
        help="rounds of the end-to-end runs (jobs 1 then 2, in turn); the fastest of each is kept",
    )
    p.add_argument(
        "--e2e-floor",
        action="store_true",
        help="also time the end-to-end run with --jobs 2 without the single-page detectors (where the "
        "time goes)",
    )
    p.add_argument(
        "--large-mb",
        type=float,
        default=0.0,
        help="also clean a corpus of this many MB of distinct paragraphs with --jobs 2 and sample the "
        "memory of every process (1000 for the 1 GB row; ~15 minutes)",
    )
    p.add_argument("--quick", action="store_true", help="small sizes; do not touch the README")
    p.add_argument("--no-readme", action="store_true", help="print only")
    p.add_argument(
        "--index-blocks", type=int, default=1_000_000, help="distinct blocks for the index memory row"
    )
    p.add_argument("--index-memory-child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--floor-child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.floor_child:
        _floor_child(args.floor_child[0], args.floor_child[1], int(args.floor_child[2]))
        return 0
    if args.index_memory_child:
        print(json.dumps(_index_memory_child(args.index_memory_child)))
        return 0
    if args.quick:
        args.n, args.small, args.repeats, args.scaling, args.e2e_mb = 20_000, 2_000, 1, "10000,40000", 5.0
        args.index_blocks = 50_000
        args.no_readme = True
    load_start = _load()
    vocab = vocabulary()
    texts = paragraphs(args.n, vocab)
    minhash(texts[:100])  # build the code point tables outside the timings (once per process, ~0.2 s)
    res: dict = {
        "date": dt.date.today().isoformat(),
        "hardware": hardware(),
        "command": "python3 benchmarks/speed/bench.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "n": len(texts),
        "small": min(args.small, len(texts)),
        "mb": mbytes(texts),
        "repeats": args.repeats,
    }
    print("MinHash:", file=sys.stderr)
    res["methods"] = bench_methods(texts, res["small"], args.repeats)
    print("LSH:", file=sys.stderr)
    res["lsh"] = bench_lsh(texts, 10, args.repeats)
    del texts
    print("Scaling:", file=sys.stderr)
    res["scaling"] = bench_scaling(vocab, [int(s) for s in args.scaling.split(",") if s], args.repeats)
    print("Index memory:", file=sys.stderr)
    res["index_memory"] = bench_index_memory(args.index_blocks)
    if args.e2e:
        print("End to end:", file=sys.stderr)
        res["e2e"] = bench_e2e(vocab, args.e2e_mb, (1, 2), args.e2e_repeats)
    else:
        res["e2e"] = previous_e2e() or "not run (pass --e2e)"
    if args.e2e_floor:
        print("End to end without detectors:", file=sys.stderr)
        res["floor"] = bench_floor(vocab, args.e2e_mb, 2, args.e2e_repeats)
    else:
        res["floor"] = previous_row("floor", "--e2e-floor")
    if args.large_mb:
        print("Large corpus:", file=sys.stderr)
        res["large"] = bench_large(vocab, args.large_mb)
    else:
        res["large"] = previous_row("large", "--large-mb 1000")
    res["load"] = f"{load_start} at start, {_load()} at end"
    text = render(res)
    print(text)
    if not args.no_readme:
        write_readme(text)
        (HERE / "results.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
