"""`dedup.integrations.datatrove` with datatrove's LocalPipelineExecutor on the real articles: the one-step
cleaner, and the two-stage corpus mode giving what `scrapeclean clean` gives."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import dedup
from dedup.integrations.datatrove import DedupClean, DedupFingerprint, DedupMergeIndex
from tests.support import load_articles

TEMPLATE = "The Harbor Ledger is written by a small team of volunteers living along the northern coast."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Two JSONL files of real articles: three sites, a template line per site, repeated headlines, a link
    to another article's title, and syndicated copies (one within a file, one across the files)."""
    root = tmp_path_factory.mktemp("dt")
    arts = [a for a in load_articles() if a["title"] and 600 < len(a["body"]) < 5000][:30]
    recs = []
    for i, a in enumerate(arts):
        paras = a["body"].split("\n\n")
        site = f"site{i % 3}.example"
        text = "\n\n".join([paras[0], a["title"], *paras[1:], f"{TEMPLATE} ({site})"])
        if i == 7:
            text += "\n\n" + arts[3]["title"]  # (an injected link to another page)
        recs.append({"id": f"d{i}", "title": a["title"], "url": f"https://{site}/{i}", "text": text})
    recs.insert(12, dict(recs[4], id="copy-in-file", url="https://other.example/a"))
    recs.append(dict(recs[2], id="copy-across", url="https://other.example/b"))
    folder = root / "in"
    folder.mkdir()
    half = len(recs) // 2
    for k, part in enumerate((recs[:half], recs[half:])):
        (folder / f"part{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    return folder


def _read(folder: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(folder.glob("*.jsonl.gz")):
        for line in gzip.open(p, "rt", encoding="utf-8"):
            d = json.loads(line)
            out[d["id"]] = d
    return out


def _stats(logs: Path) -> dict:
    return json.loads((logs / "stats.json").read_text())


def _step_stats(stats: list, name: str) -> dict[str, int]:
    """A step's counters (datatrove keeps a plain count as a number, others with their total)."""
    found = next(s["stats"] for s in stats if name in s["name"])
    return {k: v if isinstance(v, int) else v["total"] for k, v in found.items()}


def test_one_step_cleans_each_document_as_dedup_clean_does(corpus, tmp_path):
    out = tmp_path / "out"
    LocalPipelineExecutor(
        [JsonlReader(str(corpus)), DedupClean(flags_key="dedup_flags"), JsonlWriter(str(out))],
        tasks=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    got = _read(out)
    src = {json.loads(x)["id"]: json.loads(x) for p in sorted(corpus.glob("*.jsonl")) for x in p.open()}
    assert got.keys() == src.keys()  # (no index: nothing is dropped)
    for doc_id, r in src.items():
        assert got[doc_id]["text"] == dedup.clean(r["text"], title=r["title"], url=r["url"]), doc_id
    labels = {f["label"] for d in got.values() for f in json.loads(d["metadata"]["dedup_flags"])}
    assert "headline_repeat" in labels
    stats = _step_stats(_stats(tmp_path / "logs"), "dedup clean")
    # (the title planted after each first paragraph: a copy, but where that paragraph is a short subtitle)
    assert stats["removed_headline_repeat"] >= 25 and stats["cleaned"] == len(src)


def test_two_stages_on_the_executor_give_what_the_command_line_gives(corpus, tmp_path):
    work, logs = tmp_path / "work", tmp_path / "logs"
    stage1 = LocalPipelineExecutor(
        [JsonlReader(str(corpus)), DedupFingerprint(str(work / "prints"))],
        tasks=2,
        logging_dir=str(logs / "1"),
    )
    stage2 = LocalPipelineExecutor(
        [DedupMergeIndex(str(work / "prints"), str(work / "index"))],
        tasks=1,
        logging_dir=str(logs / "2"),
        depends=stage1,
    )
    stage3 = LocalPipelineExecutor(
        [
            JsonlReader(str(corpus)),
            DedupClean(
                index_folder=str(work / "index"), exclusion_writer=JsonlWriter(str(tmp_path / "removed"))
            ),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        logging_dir=str(logs / "3"),
        depends=stage2,
    )
    stage3.run()
    got, removed = _read(tmp_path / "out"), _read(tmp_path / "removed")
    assert {k: v["metadata"]["dedup_duplicate_of"] for k, v in removed.items()} == {
        "copy-in-file": "d4",
        "copy-across": "d2",
    }
    assert all(v["metadata"]["filter_reason"] == "duplicate" for v in removed.values())
    # the same corpus, the same files in order, through `scrapeclean clean`
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(p.read_text() for p in sorted(corpus.glob("*.jsonl"))), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", str(whole), "-o", str(tmp_path / "cli.jsonl"), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    cli = {d["id"]: d["text"] for d in map(json.loads, (tmp_path / "cli.jsonl").read_text().splitlines())}
    assert {k: v["text"] for k, v in got.items()} == cli
    assert not any(TEMPLATE in t for t in cli.values())  # (site boilerplate: the corpus was seen)
    stats = _step_stats(_stats(logs / "3"), "dedup clean")
    assert stats["dropped_duplicate"] == 2 and stats["removed_boilerplate"] >= 30


def test_the_merge_runs_as_one_task_and_needs_unique_ids(corpus, tmp_path):
    with pytest.raises(ValueError, match="tasks=1"):
        list(DedupMergeIndex(str(tmp_path / "p"), str(tmp_path / "i")).run(None, 0, 2))
    twice = tmp_path / "twice"
    twice.mkdir()
    for k in range(2):
        (twice / f"p{k}.jsonl").write_text((corpus / "part0.jsonl").read_text(), encoding="utf-8")
    LocalPipelineExecutor(
        [JsonlReader(str(twice)), DedupFingerprint(str(tmp_path / "p"))],
        tasks=2,
        logging_dir=str(tmp_path / "l1"),
    ).run()
    with pytest.raises(dedup.InputError, match="appears twice"):
        list(DedupMergeIndex(str(tmp_path / "p"), str(tmp_path / "i")).run(None, 0, 1))
