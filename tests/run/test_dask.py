"""The Dask engine on a LocalCluster of two worker processes: the same output, duplicates, rejects, report
and summary as the local engine with --jobs 1 (record order included), also when a worker is killed while
the run goes on."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from benchmarks.quality import farm
from dedup.run.cli import main

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as c:
        yield c


def _dataset(root: Path, n_pages: int, seed: int, shards: int) -> Path:
    pages, _ = farm.make_corpus(n_pages=n_pages, seed=seed, styles="train")
    lines = [json.dumps(p, ensure_ascii=False) for p in pages]
    lines.insert(7, "{not json")  # a reject
    lines.insert(12, json.dumps({"id": pages[0]["id"], "text": "Another page.\n\nWith its own words."}))
    ds = root / "ds"
    ds.mkdir()
    for k in range(shards):
        part = lines[len(lines) * k // shards : len(lines) * (k + 1) // shards]
        (ds / f"part-{k:02d}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    return ds


def _outputs(root: Path, tag: str) -> dict[str, bytes]:
    """Every file a run wrote (its run folder's markers aside), by name; its summary without the paths."""
    got = {}
    for kind in ("", ".duplicates", ".rejects", ".report"):
        folder = root / f"{tag}{kind}"
        for p in sorted(folder.rglob("*")):
            if p.is_file() and ".dedup-run" not in p.parts:
                got[f"{kind}/{p.relative_to(folder)}"] = p.read_bytes()
    summary = json.loads((root / f"{tag}.json").read_text())
    summary.pop("outputs")
    got["summary"] = json.dumps(summary, sort_keys=True).encode()
    return got


def _clean(ds: Path, root: Path, tag: str, *more: str) -> int:
    return main(
        [
            "clean",
            str(ds),
            "-o",
            str(root / tag),
            "--rejects",
            str(root / f"{tag}.rejects"),
            "--report",
            str(root / f"{tag}.report"),
            "--summary",
            str(root / f"{tag}.json"),
            "--quiet",
            *more,
        ]
    )


@pytest.mark.parametrize("more", [(), ("--keep", "longest", "--output-format", "parquet")])
def test_dask_gives_what_the_local_engine_gives(tmp_path, cluster, more):
    ds = _dataset(tmp_path, 60, 5, 3)
    assert _clean(ds, tmp_path, "local", "--jobs", "1", *more) == 0
    assert (
        _clean(ds, tmp_path, "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address, *more) == 0
    )
    local, dask = _outputs(tmp_path, "local"), _outputs(tmp_path, "dask")
    assert local.keys() == dask.keys() and len(local) >= 8
    for name in local:
        assert local[name] == dask[name], name
    assert json.loads(local["summary"])["duplicates"] > 0


def test_a_worker_killed_mid_run_changes_nothing(tmp_path, cluster):
    ds = _dataset(tmp_path, 80, 7, 4)
    assert _clean(ds, tmp_path, "local") == 0
    client = distributed.Client(cluster)
    pids = list(client.run(os.getpid).values())
    result: list = []

    def in_a_thread() -> None:  # (the Python API: the command line handles signals, a main thread's job)
        from dedup.run.dask_engine import clean_dataset

        summary = clean_dataset(
            [str(ds)],
            str(tmp_path / "dask"),
            scheduler=cluster.scheduler_address,
            rejects=str(tmp_path / "dask.rejects"),
            report=str(tmp_path / "dask.report"),
            quiet=True,
        )
        (tmp_path / "dask.json").write_text(json.dumps(summary.to_dict()))
        result.append(0)

    run = threading.Thread(target=in_a_thread)
    run.start()
    deadline = time.time() + 60
    while not _busy(client) and time.time() < deadline:  # (pass 1 under way: shards being fingerprinted)
        time.sleep(0.05)
    os.kill(pids[0], signal.SIGKILL)
    killed_while_running = run.is_alive()
    run.join(timeout=300)
    client.close()
    assert killed_while_running and result == [0]
    local, dask = _outputs(tmp_path, "local"), _outputs(tmp_path, "dask")
    assert local == dask


def _busy(client) -> bool:
    return any(client.processing().values())


def test_dask_usage_errors_are_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("A page.")
    dask = ["--engine", "dask", "--workers", "1"]
    assert main(["clean", "memory://x/a.jsonl", "-o", str(tmp_path / "o"), *dask]) in (2, 3)
    assert main(["clean", "-", "-o", str(tmp_path / "o"), *dask]) == 2
    assert main(["clean", str(tmp_path), "-o", str(tmp_path / "o"), *dask]) == 2
    assert main(["clean", str(tmp_path), "-o", str(tmp_path / "o"), "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert "not standard input" in err and "folder of text files" in err and "--engine dask" in err
    assert "Traceback" not in err
