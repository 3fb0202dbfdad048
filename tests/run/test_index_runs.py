"""Corpus runs and their index: one writer per index file (a second is refused, saves never mix), and runs
sharing an index in Redis."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from benchmarks.quality import farm
from dedup import Index
from dedup.corpus.lock import IndexLock, lock_path
from dedup.errors import IndexLockedError
from tests.corpus.test_updates import add_all
from tests.support import ROOT, exact_corpus


def _cli(*args: str, wait: bool = True):
    cmd = [sys.executable, "-m", "dedup", "clean", *args, "-q"]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_a_second_writer_of_an_index_file_is_refused(tmp_path):
    """Two runs on one index file used to lose one run's documents without a word (the last save won):
    while one run holds the index, a second stops at once, exit 4, naming the run that holds it."""
    pages = [{k: p[k] for k in ("id", "url", "title", "text")} for p in exact_corpus(1500, seed=2)]
    idx = tmp_path / "site.idx"
    first = _cli(
        _jsonl(tmp_path / "a.jsonl", pages), "-o", str(tmp_path / "a.out"), "--index", str(idx), wait=False
    )
    deadline = time.monotonic() + 60
    while str(first.pid) != (lock_path(idx).read_text() if lock_path(idx).exists() else ""):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    second = _cli(_jsonl(tmp_path / "b.jsonl", pages[:5]), "-o", str(tmp_path / "b.out"), "--index", str(idx))
    assert second.returncode == 4 and f"in use by another dedup run (process {first.pid}" in second.stderr
    assert second.stderr.count("\n") == 1 and not (tmp_path / "b.out").exists()
    assert first.wait(120) == 0, first.communicate()
    assert len(Index.load(idx)) == len(pages)
    again = _cli(_jsonl(tmp_path / "b.jsonl", pages[:5]), "-o", str(tmp_path / "b.out"), "--index", str(idx))
    assert again.returncode == 0, again.stderr  # (the lock went with the first run)


def test_the_lock_is_the_process_s_and_goes_with_it(tmp_path):
    lock = IndexLock(tmp_path / "x.idx").acquire()
    with pytest.raises(IndexLockedError, match="in use by another dedup run"):
        IndexLock(tmp_path / "x.idx").acquire()
    lock.release()
    IndexLock(tmp_path / "x.idx").acquire().release()
    code = f"from dedup.corpus.lock import IndexLock; IndexLock({str(tmp_path / 'y.idx')!r}).acquire()"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
    IndexLock(tmp_path / "y.idx").acquire().release()  # (the process ended without releasing it)


def test_saves_at_once_never_mix_their_bytes(tmp_path):
    """Saves used to share one fixed '<index>.part' name: two at once could leave a damaged file (Bad CRC).
    Each save now writes a temporary file of its own; whichever is renamed last is whole."""
    pages, _ = farm.make_corpus(n_pages=60, seed=3, styles="train")
    a, b = add_all(Index(), pages[:30]), add_all(Index(), pages[30:])
    path = tmp_path / "i.idx"
    (tmp_path / "i.idx.part").mkdir()  # (the old fixed name, taken)
    errors: list[BaseException] = []

    def save(idx: Index) -> None:
        try:
            for _ in range(10):
                idx.save(path)
        except BaseException as e:  # pragma: no cover - what the test looks for
            errors.append(e)

    threads = [threading.Thread(target=save, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Index.load(path).stats() in (a.stats(), b.stats())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.idx", "i.idx.part"]  # (no temporary file left)


def test_runs_share_an_index_in_redis(redis_server, tmp_path):
    """Day 1 and day 2 cleaned by two runs against one shared index: day 2's copies of day 1's pages are
    found, and running day 2 again finds no record a copy of itself."""
    pages, gold = farm.make_corpus(n_pages=80, seed=9, styles="train")
    gold = {g["id"]: g for g in gold}
    copies = [p for p in pages if gold[p["id"]]["duplicate_of"]]
    day1 = [p for p in pages if not gold[p["id"]]["duplicate_of"]]
    url = redis_server.url()
    r = _cli(
        _jsonl(tmp_path / "d1.jsonl", day1), "-o", str(tmp_path / "o1.jsonl"), "--index", url, "--jobs", "2"
    )
    assert r.returncode == 0, r.stderr
    for run in ("o2", "o3"):
        r = _cli(
            _jsonl(tmp_path / "d2.jsonl", copies),
            *(
                "-o",
                str(tmp_path / f"{run}.jsonl"),
                "--index",
                url,
                "--summary",
                str(tmp_path / f"{run}.json"),
            ),
        )
        assert r.returncode == 0, r.stderr
        dups = [json.loads(x) for x in (tmp_path / f"{run}.duplicates.jsonl").read_text().splitlines()]
        found = {d["id"]: d["duplicate_of"] for d in dups}
        assert len(found) >= 0.9 * len(copies) and all(found[i] == gold[i]["duplicate_of"] for i in found)
        index = json.loads((tmp_path / f"{run}.json").read_text())["settings"]["index"]
        assert index["documents"] == len(pages)
    r = _cli(
        _jsonl(tmp_path / "d1.jsonl", day1),
        "-o",
        str(tmp_path / "o4.jsonl"),
        "--index",
        url,
        "--keep",
        "longest",
    )
    assert r.returncode == 2 and "keeps the first copy" in r.stderr
