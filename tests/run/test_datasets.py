"""Datasets with the local engine: several inputs, globs, folders of shards, Parquet, fsspec URLs (memory://,
http:// on loopback); one output shard per input shard; clear errors; resumable runs."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

import pytest

from benchmarks.quality import farm
from dedup.run import shards as shards_module
from dedup.run.cli import main


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    pages, _ = farm.make_corpus(n_pages=45, seed=5, styles="train")
    return pages


def _jsonl(pages: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages)


def _dataset(root: Path, pages: list[dict]) -> Path:
    """Three shards: part-0.jsonl, part-1.jsonl.gz, sub/part-2.jsonl; and the whole as one file beside."""
    (root / "ds" / "sub").mkdir(parents=True)
    (root / "ds" / "part-0.jsonl").write_text(_jsonl(pages[:15]), encoding="utf-8")
    (root / "ds" / "part-1.jsonl.gz").write_bytes(gzip.compress(_jsonl(pages[15:30]).encode()))
    (root / "ds" / "sub" / "part-2.jsonl").write_text(_jsonl(pages[30:]), encoding="utf-8")
    (root / "ds" / "_SUCCESS").write_text("")  # (what Spark leaves: skipped)
    (root / "all.jsonl").write_text(_jsonl(pages), encoding="utf-8")
    return root / "ds"


def _clean(*args: str) -> int:
    return main(["clean", *args, "--quiet"])


def _cat(folder: Path, names: list[str]) -> bytes:
    out = b""
    for n in names:
        data = (folder / n).read_bytes() if (folder / n).exists() else b""
        out += gzip.decompress(data) if n.endswith(".gz") and data else data
    return out


NAMES = ["part-0.jsonl", "part-1.jsonl.gz", "sub/part-2.jsonl"]


def test_a_folder_of_shards_gives_one_output_shard_each_equal_to_one_file(tmp_path, pages):
    ds = _dataset(tmp_path, pages)
    one = tmp_path / "one.jsonl"
    assert _clean(str(tmp_path / "all.jsonl"), "-o", str(one), "--summary", str(tmp_path / "s1.json")) == 0
    out = tmp_path / "out"
    assert (
        _clean(
            str(ds), "-o", str(out), "--report", str(tmp_path / "rep"), "--summary", str(tmp_path / "s2.json")
        )
        == 0
    )
    assert sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".dedup-run" not in p.parts
    ) == sorted(NAMES)
    assert _cat(out, NAMES) == one.read_bytes()
    assert _cat(tmp_path / "out.duplicates", NAMES) == (tmp_path / "one.duplicates.jsonl").read_bytes()
    assert sorted(p.name for p in (tmp_path / "rep").rglob("*.jsonl")) == [
        "part-0.jsonl",
        "part-1.jsonl",
        "part-2.jsonl",
    ]
    s1, s2 = (json.loads((tmp_path / f"s{k}.json").read_text()) for k in (1, 2))
    s1.pop("outputs"), s2.pop("outputs")
    assert s1 == s2


def test_several_paths_a_quoted_glob_and_parquet_read_as_one_corpus(tmp_path, pages):
    ds = _dataset(tmp_path, pages)
    assert (
        _clean(
            str(ds / "part-0.jsonl"),
            str(ds / "part-1.jsonl.gz"),
            str(ds / "sub" / "part-2.jsonl"),
            "-o",
            str(tmp_path / "a"),
        )
        == 0
    )
    assert _clean(str(ds / "part-*.jsonl*"), str(ds / "sub" / "*.jsonl"), "-o", str(tmp_path / "b")) == 0
    # (loose files are named under the folder they share: the same layout)
    assert (tmp_path / "b" / "sub" / "part-2.jsonl").exists()
    assert _cat(tmp_path / "a", NAMES) == _cat(tmp_path / "b", NAMES) != b""
    # to Parquet and back: the same records
    assert _clean(str(ds), "-o", str(tmp_path / "pq"), "--output-format", "parquet") == 0
    import pyarrow.parquet as pq

    rows = [
        r
        for n in ("part-0", "part-1", "sub/part-2")
        for r in pq.read_table(tmp_path / "pq" / f"{n}.parquet").to_pylist()
    ]
    assert [json.dumps(r, sort_keys=True) for r in rows] == [
        json.dumps(json.loads(x), sort_keys=True) for x in _cat(tmp_path / "a", NAMES).decode().splitlines()
    ]
    single = tmp_path / "in.parquet"
    pq.write_table(pq.read_table(tmp_path / "pq" / "part-0.parquet"), single)
    assert _clean(str(single), "-o", str(tmp_path / "again.jsonl")) == 0
    assert (tmp_path / "again.jsonl").exists()


def test_fsspec_urls_memory_and_http_on_loopback(tmp_path, pages):
    fsspec = pytest.importorskip("fsspec")
    ds = _dataset(tmp_path, pages)
    assert _clean(str(ds), "-o", str(tmp_path / "local")) == 0
    mem = fsspec.filesystem("memory")
    for n in NAMES:
        mem.pipe(f"/dedup-test/{n}", (ds / n).read_bytes())
    try:
        assert _clean("memory://dedup-test/", "-o", str(tmp_path / "mem")) == 0
    finally:
        mem.rm("/dedup-test", recursive=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ds))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        assert _clean(*(base + n for n in NAMES), "-o", str(tmp_path / "http")) == 0
    finally:
        server.shutdown()
    want = _cat(tmp_path / "local", NAMES)
    assert _cat(tmp_path / "mem", NAMES) == want
    assert _cat(tmp_path / "http", NAMES) == want


def test_what_yields_no_record_is_an_error_that_names_it(tmp_path, capsys, pages):
    ds = _dataset(tmp_path, pages)
    (ds / "notes.txt").write_text("not a shard")
    assert _clean(str(ds), "-o", str(tmp_path / "o1")) == 3
    assert "notes.txt: not a dataset shard" in capsys.readouterr().err
    (tmp_path / "blank.jsonl").write_text("\n  \n")
    assert _clean(str(tmp_path / "blank.jsonl"), "-o", str(tmp_path / "o2.jsonl")) == 3
    assert "blank.jsonl: 4 bytes but no record" in capsys.readouterr().err
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<html><body><p>Hi</p></body></html>")
    assert _clean(str(tmp_path / "pages"), "--html", "-o", str(tmp_path / "o3")) == 3
    assert "pages: holds no text file" in capsys.readouterr().err
    assert _clean(str(tmp_path / "nothing-*.jsonl"), "-o", str(tmp_path / "o4")) == 3
    assert "no file matches" in capsys.readouterr().err
    (tmp_path / "bad.parquet").write_text("not parquet")
    assert _clean(str(tmp_path / "bad.parquet"), "-o", str(tmp_path / "o5.jsonl")) == 3
    assert "bad.parquet: not a readable Parquet file" in capsys.readouterr().err
    assert _clean(str(ds / "part-0.jsonl"), str(ds / "sub"), "-o", str(tmp_path / "o6.jsonl")) == 2
    assert "name a folder" in capsys.readouterr().err
    for err in capsys.readouterr().err.splitlines():
        assert "Traceback" not in err


def test_shard_size_splits_each_input_shard(tmp_path, pages):
    ds = _dataset(tmp_path, pages)
    out = tmp_path / "out"
    assert _clean(str(ds), "-o", str(out), "--shard-size", "6") == 0
    assert sorted(p.name for p in out.glob("part-0-*")) == [
        "part-0-00000.jsonl",
        "part-0-00001.jsonl",
        "part-0-00002.jsonl",
    ]
    assert len((out / "part-0-00000.jsonl").read_text().splitlines()) <= 6


def test_a_rerun_skips_finished_shards_and_an_interrupted_one_leaves_no_file(tmp_path, pages, monkeypatch):
    ds = _dataset(tmp_path, pages)
    full = tmp_path / "full"
    assert _clean(str(ds), "-o", str(full), "--summary", str(tmp_path / "s_full.json")) == 0
    out = tmp_path / "out"
    real = shards_module.ShardSink.commit
    calls = []

    def stop_at_the_second(self, run, *, last):
        calls.append(self.shard.rel)
        if len(calls) == 2:
            raise KeyboardInterrupt  # (interrupted while the second shard's files are staged)
        return real(self, run, last=last)

    monkeypatch.setattr(shards_module.ShardSink, "commit", stop_at_the_second)
    assert _clean(str(ds), "-o", str(out)) == 130
    assert (out / "part-0.jsonl").exists() and not (out / "part-1.jsonl.gz").exists()
    assert not list((out / ".dedup-run" / "staging").iterdir())
    monkeypatch.setattr(shards_module.ShardSink, "commit", real)
    from dedup.run import dataset

    computed = []
    monkeypatch.setattr(dataset.Pass1, "compute", lambda *a: computed.append(1))
    mtime = (out / "part-0.jsonl").stat().st_mtime_ns
    assert _clean(str(ds), "-o", str(out), "--summary", str(tmp_path / "s_out.json")) == 0
    assert not computed  # (pass 1 came from the run folder)
    assert (out / "part-0.jsonl").stat().st_mtime_ns == mtime  # (finished: not written again)
    assert _cat(out, NAMES) == _cat(full, NAMES)
    s1, s2 = (json.loads((tmp_path / f"s_{k}.json").read_text()) for k in ("full", "out"))
    s1.pop("outputs"), s2.pop("outputs")
    assert s1 == s2
    assert not (out / ".dedup-run" / "pass1.spool").exists()
    assert _clean(str(ds), "-o", str(out), "--keep", "longest") == 5  # (another run's folder)
