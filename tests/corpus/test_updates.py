"""A print whose id the index holds is an update of that document: the index then answers as a fresh build
of the latest prints (in the order the documents were first added) would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import dedup
from benchmarks.quality import farm
from dedup import Index
from dedup.config import Config
from dedup.corpus.base import CorpusIndex
from dedup.corpus.prints import indexed_blocks
from dedup.text.segment import segment
from tests.support import ROOT, changed_pages, exact_corpus


def add_all(idx: CorpusIndex, records: list[dict]) -> CorpusIndex:
    for r in records:
        idx.add(dedup.fingerprint(r["text"], doc_id=r["id"], title=r.get("title"), url=r["url"]))
    return idx.finalize()


def answers(idx: CorpusIndex, records: list[dict]) -> dict[str, tuple]:
    """Everything the index says of each record: its blocks' counts, its site's pages, its title's
    document, and its whole report (flags, reasons, copy of what)."""
    out = {}
    for r in records:
        page = segment(r["text"], r.get("title"))
        site = idx.site_of(r["url"])
        report = dedup.analyze(r["text"], title=r.get("title"), index=idx, url=r["url"], doc_id=r["id"])
        out[r["id"]] = (
            idx.recurrence(page, indexed_blocks(page, Config()), site),
            idx.site_pages(site),
            idx.title_doc(r.get("title") or ""),
            report.to_dict(),
        )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updates_answer_as_a_fresh_build_of_the_final_prints(seed):
    """Re-added unchanged, retitled, shortened, lengthened, made another page or another page's copy: 30
    of 90 pages (copies gained and lost, originals made copies of later pages and the reverse)."""
    pages = exact_corpus(90, seed)
    new = changed_pages(pages, 30, seed)
    final = [new.get(p["id"], p) for p in pages]
    idx = add_all(Index(), pages)
    add_all(idx, [new[p["id"]] for p in pages if p["id"] in new])
    fresh = add_all(Index(), final)
    assert len(idx) == len(pages) and idx.stats() == fresh.stats()
    assert answers(idx, final) == answers(fresh, final)


def test_a_recrawl_of_unchanged_pages_is_no_copy_of_itself_and_counts_once(tmp_path):
    pages, _ = farm.make_corpus(n_pages=80, seed=3, styles="train")
    idx = add_all(Index(), pages)
    before = answers(idx, pages)
    idx.save(tmp_path / "i.idx")
    again = add_all(Index.load(tmp_path / "i.idx"), pages[10:40])
    assert again.stats() == idx.stats() and len(again) == len(pages)
    assert answers(again, pages) == before


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dedup", "clean", *args, "-q"], cwd=ROOT, capture_output=True, text=True
    )


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_a_recrawl_through_the_cli_matches_a_fresh_run_of_the_final_records(tmp_path):
    """The issue's recrawl: 90 pages, then 20 of them re-read unchanged and 15 changed, against the saved
    index. The index used to count the re-read pages twice and list them as copies of themselves."""
    full = exact_corpus(90, seed=7)
    cols = ("id", "url", "title", "text")
    pages = [{k: p[k] for k in cols} for p in full]
    new = {i: {k: p[k] for k in cols} for i, p in changed_pages(full, 15, seed=7).items()}
    again = [p for p in pages[40:60] if p["id"] not in new] + list(new.values())
    final = [new.get(p["id"], p) for p in pages]
    idx = tmp_path / "i.idx"
    assert (
        _cli(
            _jsonl(tmp_path / "a.jsonl", pages), "-o", str(tmp_path / "a.out"), "--index", str(idx)
        ).returncode
        == 0
    )
    r = _cli(
        _jsonl(tmp_path / "b.jsonl", again),
        *("-o", str(tmp_path / "b.out"), "--index", str(idx), "--report", str(tmp_path / "b.rep")),
        *("--summary", str(tmp_path / "b.json"), "--duplicates", str(tmp_path / "b.dups")),
    )
    assert r.returncode == 0, r.stderr
    fresh = tmp_path / "f.idx"
    r = _cli(
        _jsonl(tmp_path / "f.jsonl", final),
        *("-o", str(tmp_path / "f.out"), "--index", str(fresh), "--report", str(tmp_path / "f.rep")),
        *("--summary", str(tmp_path / "f.json"), "--duplicates", str(tmp_path / "f.dups")),
    )
    assert r.returncode == 0, r.stderr
    summary = {k: json.loads((tmp_path / f"{k}.json").read_text()) for k in "bf"}
    assert summary["b"]["settings"]["index"] == summary["f"]["settings"]["index"]
    assert summary["b"]["settings"]["index"]["documents"] == len(pages)
    ids = {p["id"] for p in again}
    reports = {k: _by_id(tmp_path / f"{k}.rep") for k in "bf"}
    assert reports["b"] == {i: d for i, d in reports["f"].items() if i in ids}
    dups = {k: _by_id(tmp_path / f"{k}.dups") for k in "bf"}
    assert dups["b"]
    assert all(d["duplicate_of"] != i for i, d in dups["b"].items())  # (no record a copy of itself)
    assert {i: d["duplicate_of"] for i, d in dups["b"].items()} == {
        i: d["duplicate_of"] for i, d in dups["f"].items() if i in ids
    }


def _by_id(path) -> dict[str, dict]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        d.pop("source", None), d.pop("line", None)
        out[d.get("id") or d.get("doc_id")] = d
    return out
