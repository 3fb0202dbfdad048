"""The Dask engine against the local engine on one machine: a generated sharded corpus of each size, cleaned
by `--jobs 1`, `--jobs 2`, and the Dask engine on a LocalCluster of 1 and 2 worker processes.

Per run: wall time, CPU seconds of every process, peak resident memory (the largest process; the sum for
the local engine's workers), and for Dask per stage (pass 1 fingerprint, the keyed evidence build, pass 2
clean): CPU seconds of its tasks per MB, wall time, bytes exchanged by key per document (the shuffle), and
the rounds of the two fixed points. Writes results.json and results.md beside this file.

    python3 benchmarks/distributed/bench.py --mb 100 300     # the sizes, in MB
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.speed.bench import make_corpus, vocabulary  # noqa: E402

SHARD_MB = 8  # the generated corpus is cut into shards of about this size


def shard(corpus: Path, folder: Path, shard_mb: float) -> int:
    """Cut a JSONL file into shards of about `shard_mb` MB; return how many."""
    folder.mkdir(parents=True)
    n, size, out = 0, 0, None
    with corpus.open("rb") as f:
        for line in f:
            if out is None or size >= shard_mb * 1e6:
                if out is not None:
                    out.close()
                out = (folder / f"part-{n:04d}.jsonl").open("wb")
                n, size = n + 1, 0
            out.write(line)
            size += len(line)
    if out is not None:
        out.close()
    return n


class Sampler:
    """Peak resident memory of processes, sampled every 0.2 s: the largest one, and their sum."""

    def __init__(self, pids: Any) -> None:
        self.pids, self.peak_one, self.peak_sum = pids, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            rss = []
            for pid in self.pids():
                try:
                    rss.append(psutil.Process(pid).memory_info().rss / 2**20)
                except psutil.Error:
                    pass
            if rss:
                self.peak_one, self.peak_sum = max(self.peak_one, max(rss)), max(self.peak_sum, sum(rss))
            time.sleep(0.2)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _tree(pid: int) -> list[int]:
    import psutil

    try:
        p = psutil.Process(pid)
        return [pid] + [c.pid for c in p.children(recursive=True)]
    except psutil.Error:
        return []


def run_local(ds: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "dedup", "clean", str(ds), "-o", str(out), "--jobs", str(jobs), "--quiet"]
    cmd += ["--summary", str(out) + ".json"]
    t, cpu_before = time.time(), _children_cpu()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    with Sampler(lambda: _tree(proc.pid)) as mem:
        proc.wait()
    wall, cpu = time.time() - t, _children_cpu() - cpu_before  # (every process of the run, once reaped)
    assert proc.returncode == 0, proc.returncode
    return {
        "engine": f"local --jobs {jobs}",
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_rss_mb_process": round(mem.peak_one),
        "peak_rss_mb_all": round(mem.peak_sum),
    }


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _stage(key: Any) -> str:
    name = key[0] if isinstance(key, tuple) else str(key)
    return "pass1" if "fingerprint_shard" in name else "pass2" if "clean_shard" in name else "evidence"


def _cpu_plugin() -> Any:
    """A worker plugin: the CPU seconds (`time.process_time`, the worker process) of the tasks it ran, by
    stage; with one thread per worker, the process's CPU time while a task executes is the task's."""
    from distributed import WorkerPlugin

    class CpuPerStage(WorkerPlugin):
        name = "cpu-per-stage"

        def setup(self, worker: Any) -> None:
            self.started: dict[Any, float] = {}
            self.cpu: dict[str, float] = {}

        def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
            if finish == "executing":
                self.started[key] = time.process_time()
            elif start == "executing" and key in self.started:
                stage = _stage(key)
                self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - self.started.pop(key)

    return CpuPerStage()


def _cpu(dask_worker: Any) -> dict[str, float]:
    return dict(dask_worker.plugins["cpu-per-stage"].cpu)


def run_dask(ds: Path, out: Path, workers: int, mb: float) -> dict:
    """The Dask engine on a LocalCluster of `workers` processes, with its task stream and exchanged bytes."""
    from dask.distributed import Client, LocalCluster, get_task_stream

    from dedup.run import dask_engine
    from dedup.run.dask_engine import DaskExecutor, clean_dataset

    exchanged: list[Any] = []

    class Measured(DaskExecutor):
        def exchange(self, parts: Any, to: int | None = None) -> list[Any]:
            exchanged.extend(self.client.submit(_pickled, p) for p in parts)  # (what is split is what moves)
            return super().exchange(parts, to)

    dask_engine.DaskExecutor = Measured  # type: ignore[misc]
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = Client(cluster)
    pids = list(client.run(os.getpid).values())
    client.register_plugin(_cpu_plugin())
    try:
        t = time.time()
        with Sampler(lambda: pids) as mem, get_task_stream(client) as ts:
            summary = clean_dataset([str(ds)], str(out), client=client, quiet=True)
        wall = time.time() - t
        moved = sum(client.gather(exchanged))
        cpu: dict[str, float] = {}
        for per in client.run(_cpu).values():
            for k, v in per.items():
                cpu[k] = cpu.get(k, 0.0) + v
    finally:
        dask_engine.DaskExecutor = DaskExecutor  # type: ignore[misc]
        client.close()
        cluster.close()
    stages: dict[str, dict[str, float]] = {}
    for task in ts.data:
        stage = _stage(task["key"])
        for ss in task["startstops"]:
            if ss["action"] != "compute":
                continue
            s = stages.setdefault(stage, {"start": ss["start"], "stop": ss["stop"], "tasks": 0})
            s["start"], s["stop"] = min(s["start"], ss["start"]), max(s["stop"], ss["stop"])
            s["tasks"] += 1
    docs = summary.records_in
    with open(str(out) + ".json", "w") as f:
        json.dump(summary.to_dict(), f)
    row = {
        "engine": f"dask, {workers} worker{'s' if workers > 1 else ''}",
        "wall_s": round(wall, 1),
        "peak_rss_mb_process": round(mem.peak_one),
        "peak_rss_mb_all": round(mem.peak_sum),
        "shuffle_bytes_per_doc": round(moved / max(1, docs)),
        "shuffle_mb": round(moved / 1e6, 1),
    }
    for stage in ("pass1", "evidence", "pass2"):
        s = stages.get(stage, {"start": 0.0, "stop": 0.0, "tasks": 0})
        row[f"{stage}_cpu_s_per_mb"] = round(cpu.get(stage, 0.0) / mb, 3)
        row[f"{stage}_wall_s"] = round(s["stop"] - s["start"], 1)
        row[f"{stage}_tasks"] = s["tasks"]
    return row


def _pickled(part: Any) -> int:
    """The bytes a partition takes between processes (Dask pickles Python objects, protocol 5)."""
    import pickle

    return len(pickle.dumps(part, protocol=5))


def same_outputs(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and ".dedup-run" not in p.parts)
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files) and files == sorted(
        p.relative_to(b) for p in b.rglob("*") if p.is_file() and ".dedup-run" not in p.parts
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[100.0])
    ap.add_argument("--runs", nargs="+", default=["local1", "local2", "dask1", "dask2"])
    ap.add_argument("--results", default="results.json", help="file name of the results, beside this file")
    args = ap.parse_args(argv)
    vocab = vocabulary()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "commit": commit.stdout.strip(),
        "command": "python3 benchmarks/distributed/bench.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GB, "
        f"Python {platform.python_version()}",
        "sizes": [],
    }
    result["load_before"] = round(os.getloadavg()[0], 1)
    for mb in args.mb:
        with tempfile.TemporaryDirectory(dir=os.environ.get("DEDUP_BENCH_TMP")) as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            records, real_mb = make_corpus(corpus, vocab, mb)
            n = shard(corpus, Path(tmp) / "ds", SHARD_MB)
            corpus.unlink()
            size: dict[str, Any] = {"mb": round(real_mb, 1), "records": records, "shards": n, "runs": []}
            outs = {}
            for run in args.runs:
                out = Path(tmp) / f"out-{run}"
                row = (
                    run_local(Path(tmp) / "ds", out, int(run[-1]))
                    if run.startswith("local")
                    else run_dask(Path(tmp) / "ds", out, int(run[-1]), real_mb)
                )
                row["mb_per_s"] = round(real_mb / row["wall_s"], 3)
                row["load_after"] = round(os.getloadavg()[0], 1)
                outs[run] = out
                size["runs"].append(row)
                print(json.dumps(row), flush=True)
            first = outs[args.runs[0]]
            size["identical_outputs"] = all(same_outputs(first, o) for o in outs.values())
            result["sizes"].append(size)
    (HERE / args.results).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
