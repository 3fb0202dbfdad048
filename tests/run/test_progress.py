"""Watching a run: pass 1 in bytes of the input with a total, the summary (time, MB/s, labels, sites), log
levels."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

import dedup.run.local as local
from dedup.run.io import open_bytes
from dedup.run.local import run as run_corpus
from dedup.run.options import RunOptions
from dedup.run.progress import Meter, summary_lines


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120)


def _corpus(path, n: int = 40):
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"d{i}",
                    "url": f"https://{'ab'[i % 2]}.example/{i}",
                    "text": f"Story number {i}\n\nBody {i}: "
                    + " ".join(f"w{i * 31 + k}" for k in range(30))
                    + ".\n\nSubscribe to The Harbor Ledger for more stories like this one.",
                }
            )
            + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )
    return path


def test_the_meter_counts_the_bytes_of_the_file_as_stored(tmp_path):
    src = _corpus(tmp_path / "c.jsonl")
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    for path in (src, gz):
        meter = Meter()
        with open_bytes(str(path), meter.wrap) as f:
            assert f.read() == src.read_bytes()
        assert meter.read == path.stat().st_size


def test_pass_1_counts_bytes_up_to_the_input_size(tmp_path, monkeypatch):
    """Pass 1 (most of a run) had no total: no share done, no ETA. Its bar now counts the input's bytes."""
    bars = []

    class Bar:
        def __init__(self, desc, opts, total, unit="doc"):
            self.desc, self.total, self.unit, self.n = desc, total, unit, 0
            bars.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            pass

    monkeypatch.setattr(local, "bar", Bar)
    for name in ("c.jsonl", "c.jsonl.gz"):
        src = _corpus(tmp_path / "c.jsonl")
        if name.endswith(".gz"):
            (tmp_path / name).write_bytes(gzip.compress(src.read_bytes()))
        bars.clear()
        run_corpus(RunOptions(input=str(tmp_path / name), output=str(tmp_path / "o.jsonl"), quiet=True))
        first, second = bars
        size = (tmp_path / name).stat().st_size
        assert (first.desc, first.unit, first.total, first.n) == ("pass 1/2 fingerprint", "B", size, size)
        assert (second.total, second.n) == (40, 40)


def test_the_summary_says_time_throughput_labels_and_sites(tmp_path):
    src = _corpus(tmp_path / "c.jsonl")
    summ = tmp_path / "s.json"
    r = run("clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--summary", str(summ))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0].startswith("scrapeclean: 40 records (0.0 MB) in ") and " MB/s: 40 clean" in lines[0]
    assert lines[1] == "scrapeclean: removed: boilerplate 40"
    assert lines[2] == (
        "scrapeclean: sites: a.example 20 (20 changed, 0 duplicates, 20 removals); "
        "b.example 20 (20 changed, 0 duplicates, 20 removals)"
    )
    s = json.loads(summ.read_text())
    assert s["elapsed_s"] > 0 and s["mb_per_s"] > 0
    assert s["per_site"]["a.example"] == {"records": 20, "changed": 20, "duplicates": 0, "removals": 20}


@pytest.mark.parametrize(
    "args, summary, debug",
    [
        ([], True, False),
        (["-q"], False, False),
        (["-v"], True, True),
        (["--log-level", "error"], False, False),
    ],
)
def test_log_levels(tmp_path, args, summary, debug):
    src = _corpus(tmp_path / "c.jsonl", 6)
    r = run("clean", str(src), "-o", str(tmp_path / "o.jsonl"), *args)
    assert r.returncode == 0, r.stderr
    assert ("removed: boilerplate" in r.stderr) == summary
    assert ("scrapeclean: debug: pass 1: 6 documents fingerprinted in" in r.stderr) == debug


def test_summary_lines_name_the_largest_sites_and_how_many_more():
    from collections import Counter

    from dedup.run.options import Summary

    s = Summary(records_in=9, clean=9, bytes_in=2_000_000, elapsed=2.0)
    s.sites = {f"s{i}.example": Counter(records=9 - i) for i in range(8)}
    lines = summary_lines(s)
    assert "2.0 MB) in 2.0 s, 1.00 MB/s" in lines[0] and lines[1] == "removed: nothing"
    assert lines[2].startswith("sites: s0.example 9 (") and lines[2].endswith("; 3 more sites")
