"""Corpus mode on a generated multi-site corpus built from the real articles (benchmarks/quality/farm.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import dedup
from benchmarks.quality import farm
from dedup import Cleaner, Index


@pytest.fixture(scope="module")
def corpus():
    pages, gold = farm.make_corpus(n_pages=150, seed=3, styles="train")
    cleaner = Cleaner().fit(pages)
    reports = {p["id"]: cleaner.analyze(p["text"], doc_id=p["id"], url=p["url"]) for p in pages}
    return pages, {g["id"]: g for g in gold}, reports


def _removed(report, start, end) -> float:
    """Share of the non-blank part of [start, end) covered by the report's flags."""
    seg = report.text[start:end]
    start += len(seg) - len(seg.lstrip())
    end -= len(seg) - len(seg.rstrip())
    cov = sum(max(0, min(end, f.end) - max(start, f.start)) for f in report.flags)
    return cov / max(1, end - start)


def test_site_boilerplate_without_cue_words_is_stripped(corpus):
    pages, gold, reports = corpus
    carried = stripped = 0
    for p in pages:
        g = gold[p["id"]]
        if g["duplicate_of"]:
            continue
        for s in g["spans"]:
            if s["kind"] == "slogan":  # the site's own footer sentence, no cue words
                carried += 1
                stripped += _removed(reports[p["id"]], s["start"], s["end"]) >= 0.99
    assert carried >= 20
    assert stripped / carried >= 0.98, (stripped, carried)


def test_no_real_paragraph_is_stripped_as_boilerplate(corpus):
    pages, gold, reports = corpus
    for p in pages:
        g = gold[p["id"]]
        if g["duplicate_of"]:
            continue
        junk = [(s["start"], s["end"]) for s in g["spans"]]
        for f in reports[p["id"]].flags:
            if f.detector != "corpus" or f.label != "boilerplate":
                continue
            inside = sum(max(0, min(e, f.end) - max(s, f.start)) for s, e in junk)
            assert inside >= 0.9 * (f.end - f.start), (p["id"], p["text"][f.start : f.end][:80])


def test_syndicated_copies_found(corpus):
    _pages, gold, reports = corpus
    truth = {i for i, g in gold.items() if g["duplicate_of"]}
    found = {i for i, r in reports.items() if r.duplicate_of}
    assert truth, "the generator made no copies"
    precision = len(truth & found) / max(1, len(found))
    recall = len(truth & found) / len(truth)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall, truth - found, found - truth)


def test_injected_titles_are_removed(corpus):
    pages, gold, reports = corpus
    n = hit = 0
    for p in pages:
        for s in gold[p["id"]]["spans"]:
            if s["kind"] == "bare_title" and not gold[p["id"]]["duplicate_of"]:
                n += 1
                hit += _removed(reports[p["id"]], s["start"], s["end"]) >= 0.99
    assert n >= 10 and hit / n >= 0.95, (hit, n)


def _write(tmp_path, pages):
    p = tmp_path / "corpus.jsonl"
    with p.open("w", encoding="utf-8") as f:
        for r in pages:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return p


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "dedup", "clean", *args, "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_jobs_1_and_2_are_byte_identical(tmp_path):
    pages, _ = farm.make_corpus(n_pages=60, seed=5, styles="train")
    src = _write(tmp_path, pages)
    outs = []
    for j in (1, 2):
        out = tmp_path / f"out{j}.jsonl"
        r = _cli(str(src), "-o", str(out), "--jobs", str(j), "--report", str(tmp_path / f"r{j}.jsonl"))
        assert r.returncode == 0, r.stderr
        outs.append(
            (
                out.read_bytes(),
                (tmp_path / f"r{j}.jsonl").read_bytes(),
                (tmp_path / f"out{j}.duplicates.jsonl").read_bytes(),
            )
        )
    assert outs[0] == outs[1]


def test_workers_parse_lines_bad_ones_and_repeated_ids_as_the_main_process_did(tmp_path):
    """The main process hands JSONL lines to the workers unparsed: bad lines still come out as rejects with
    their line numbers, a repeated id still becomes '<id>#2', with --jobs 1 and 2, in corpus mode and not."""
    pages, _ = farm.make_corpus(n_pages=40, seed=6, styles="train")
    lines = [json.dumps(p, ensure_ascii=False) for p in pages]
    lines[5:5] = ["{not json", ""]  # lines 6 (bad) and 7 (blank: not a record)
    lines.insert(20, json.dumps({"id": pages[0]["id"], "text": "Another page.\n\nWith its own words."}))
    lines.insert(30, json.dumps({"id": "z", "body": "no text field"}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = {}
    for mode in ((), ("--no-corpus",)):
        for j in (1, 2):
            tag = f"{j}{''.join(mode)}"
            out, rej, rep = (
                (tmp_path / f"o{tag}.jsonl"),
                (tmp_path / f"rej{tag}.jsonl"),
                (tmp_path / f"r{tag}.jsonl"),
            )
            r = _cli(
                str(src), "-o", str(out), "--jobs", str(j), "--rejects", str(rej), "--report", str(rep), *mode
            )
            assert r.returncode == 0, r.stderr
            dup = tmp_path / f"o{tag}.duplicates.jsonl"
            runs[tag] = (
                out.read_bytes(),
                rej.read_bytes(),
                rep.read_bytes(),
                dup.read_bytes() if dup.exists() else b"",
            )
            rejects = [json.loads(x) for x in rej.read_text().splitlines()]
            assert [(x["line"], x["reason"].split(" (")[0]) for x in rejects] == [
                (6, "not valid JSON"),
                (31, "no 'text' field"),
            ]
            ids = [json.loads(x)["id"] for x in rep.read_text().splitlines()]
            assert f"{pages[0]['id']}#2" in ids and len(ids) == len(set(ids))
    assert runs["1"] == runs["2"] and runs["1--no-corpus"] == runs["2--no-corpus"]
    r = _cli(str(src), "-o", str(tmp_path / "strict.jsonl"), "--jobs", "2")
    assert r.returncode == 3 and "line 6: not valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_index_carries_duplicates_to_the_next_run(tmp_path):
    pages, gold = farm.make_corpus(n_pages=80, seed=9, styles="train")
    gold = {g["id"]: g for g in gold}
    copies = [p for p in pages if gold[p["id"]]["duplicate_of"]]
    originals = {gold[p["id"]]["duplicate_of"] for p in copies}
    day1 = [p for p in pages if p["id"] in originals]
    day2 = copies
    idx = tmp_path / "site.idx"
    r = _cli(str(_write(tmp_path, day1)), "-o", str(tmp_path / "d1.jsonl"), "--index", str(idx))
    assert r.returncode == 0, r.stderr
    (tmp_path / "corpus.jsonl").unlink()
    r = _cli(
        str(_write(tmp_path, day2)),
        "-o",
        str(tmp_path / "d2.jsonl"),
        "--index",
        str(idx),
        "--summary",
        str(tmp_path / "s.json"),
    )
    assert r.returncode == 0, r.stderr
    dups = [json.loads(x) for x in (tmp_path / "d2.duplicates.jsonl").read_text().splitlines()]
    found = {d["id"]: d["duplicate_of"] for d in dups}
    assert len(found) >= 0.9 * len(day2)
    assert all(found[i] == gold[i]["duplicate_of"] for i in found)
    s = json.loads((tmp_path / "s.json").read_text())
    assert s["balanced"] and s["records_in"] == len(day2)


def test_an_id_the_loaded_index_holds_is_an_update_in_both_passes(tmp_path):
    """A record whose id an earlier run indexed is an update of that document (it used to be a new document
    '<id>#2', and a re-read record a copy of itself). Here "a" becomes the text of "b" and "b" is re-read
    unchanged: as in a fresh build of the final records, "a" (first) is kept and "b" is its copy."""
    pages, _ = farm.make_corpus(n_pages=6, seed=4, styles="train")
    first, second = pages[0]["text"], pages[1]["text"]
    idx = tmp_path / "site.idx"
    r = _cli(
        str(_write(tmp_path, [{"id": "a", "text": first}, {"id": "b", "text": second}])),
        "-o",
        str(tmp_path / "d1.jsonl"),
        "--index",
        str(idx),
    )
    assert r.returncode == 0, r.stderr
    r = _cli(
        str(_write(tmp_path, [{"id": "a", "text": second}, {"id": "b", "text": second}])),
        "-o",
        str(tmp_path / "d2.jsonl"),
        "--index",
        str(idx),
        "--report",
        str(tmp_path / "rep.jsonl"),
    )
    assert r.returncode == 0, r.stderr
    dups = [json.loads(x) for x in (tmp_path / "d2.duplicates.jsonl").read_text().splitlines()]
    assert [(d["id"], d["duplicate_of"]) for d in dups] == [("b", "a")]
    assert [json.loads(x)["id"] for x in (tmp_path / "d2.jsonl").read_text().splitlines()] == ["a"]
    assert len(Index.load(idx)) == 2


def test_index_save_load_roundtrip(tmp_path):
    pages, _ = farm.make_corpus(n_pages=30, seed=2, styles="train")
    idx = Index()
    for p in pages:
        idx.add(dedup.fingerprint(p["text"], doc_id=p["id"], url=p["url"]))
    idx.save(tmp_path / "i.idx")
    back = Index.load(tmp_path / "i.idx")
    assert back.stats() == idx.stats()
    c1, c2 = Cleaner(), Cleaner()
    c1.index_, c2.index_ = idx, back
    for p in pages[:10]:
        assert c1.clean(p["text"], doc_id=p["id"], url=p["url"]) == c2.clean(
            p["text"], doc_id=p["id"], url=p["url"]
        )


def test_cli_reports_equal_analyze_against_the_index(tmp_path):
    # the CLI reuses the first pass's single-page flags and batches signatures; the result must be what
    # analyze() finds against the same index, page by page
    pages, _ = farm.make_corpus(n_pages=60, seed=6, styles="all")
    for i, p in enumerate(pages):
        if i % 3 == 0:
            p["title"] = p["text"].split("\n", 1)[0]  # the title is the first line
        elif i % 3 == 1:
            p.pop("title", None)
    src = _write(tmp_path, pages)
    rep = tmp_path / "r.jsonl"
    r = _cli(str(src), "-o", str(tmp_path / "out.jsonl"), "--report", str(rep))
    assert r.returncode == 0, r.stderr
    got = {d["id"]: d for d in map(json.loads, rep.open(encoding="utf-8"))}
    idx = Index()
    for p in pages:
        idx.add(dedup.fingerprint(p["text"], doc_id=p["id"], title=p.get("title"), url=p["url"]))
    idx.finalize()
    expected = {}
    for p in pages:
        d = dedup.analyze(p["text"], title=p.get("title"), index=idx, url=p["url"], doc_id=p["id"]).to_dict()
        if d["duplicate_of"] is None:
            expected[p["id"]] = d
    assert set(got) == set(expected)
    for k, d in expected.items():
        g = dict(got[k])
        g.pop("source"), g.pop("line")
        assert g == d, k


def test_cleaning_pass_analyses_afresh_a_text_that_changed_since_the_first(tmp_path):
    # pass 2 reuses pass 1's flags and page layout only for the very text they were found on
    from dedup.run import local as corpus
    from dedup.run.io import Record

    pages, _ = farm.make_corpus(n_pages=12, seed=3, styles="all")
    idx = Index()
    for p in pages:
        idx.add(dedup.fingerprint(p["text"], doc_id=p["id"], title=p.get("title"), url=p["url"]))
    idx.finalize()
    opts = corpus.RunOptions(input=str(tmp_path / "in.jsonl"))
    state = corpus.RunState(opts.config, idx, opts, folder=False)
    recs = [
        Record("in", i + 1, dict(p), p["text"], p["id"], p.get("title"), p["url"])
        for i, p in enumerate(pages)
    ]
    blobs = [b for _, b in corpus._fingerprint_chunk(state, recs)]
    for rec, blob, other in zip(recs, blobs, blobs[1:] + blobs[:1]):
        if idx.duplicate_of(rec.doc_id) is not None:
            continue
        fresh = dedup.analyze(rec.text, title=rec.title, index=idx, url=rec.url, doc_id=rec.doc_id).clean
        assert json.loads(corpus._clean(state, rec, blob).line)["text"] == fresh  # its own pass-1 results
        assert json.loads(corpus._clean(state, rec, other).line)["text"] == fresh  # another text's: ignored


def test_a_worker_that_dies_stops_the_run_with_an_error_not_a_hang(tmp_path):
    """A worker killed mid-run (the system's out-of-memory killer, a signal): multiprocessing.Pool would wait
    for its chunk forever; the run must stop with a one-line error, exit 1, and no output."""
    pages, _ = farm.make_corpus(n_pages=20, seed=2, styles="train")
    src = _write(tmp_path, pages)
    out = tmp_path / "out.jsonl"
    code = (
        "import os, sys\nimport dedup.run.local as c\n"
        "def boom(state, items):\n    os._exit(9)\n"  # (a worker that dies on its first chunk)
        "c._fingerprint_chunk = boom\nfrom dedup.run.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "clean", str(src), "-o", str(out), "--jobs", "2", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "worker process died" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_a_run_without_side_outputs_writes_nothing_for_them(tmp_path, monkeypatch):
    """Without --rejects or --report nothing is opened for them: the run used to write them to os.devnull
    through a temporary file renamed over it, which as root replaced /dev/null with a regular file."""
    from dedup.run.local import RunOptions, run

    fake_null = tmp_path / "null"
    fake_null.write_text("")
    monkeypatch.setattr(os, "devnull", str(fake_null))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": str(i), "text": f"Title {i}\n\nBody number {i} of the corpus."}) + "\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    before = fake_null.stat()
    run(RunOptions(input=str(src), output=str(tmp_path / "out.jsonl"), quiet=True))
    after = fake_null.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "null", "out.jsonl"]


def test_a_page_over_the_limits_is_a_reject_with_its_reason(tmp_path):
    """Config.limits in a corpus run: a page over them is set aside with its reason (--rejects), or stops the
    run with an error naming the record; the other records are cleaned."""
    from dataclasses import replace

    from dedup.config import Config
    from dedup.errors import InputError
    from dedup.run.local import run
    from dedup.run.options import RunOptions

    src = tmp_path / "c.jsonl"
    texts = ["Title\n\nA short page of its own words.", "Title\n\n" + "many words " * 50]
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)))
    opts = RunOptions(
        input=str(src),
        output=str(tmp_path / "o.jsonl"),
        rejects=str(tmp_path / "r.jsonl"),
        quiet=True,
        config=Config().replace(limits={"max_chars": 200}),
    )
    summary = run(opts)
    rejects = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert (summary.clean, summary.rejects) == (1, 1)
    assert rejects[0]["line"] == 2 and "limits.max_chars" in rejects[0]["reason"]
    assert json.loads(rejects[0]["record"])["text"] == texts[1]
    with pytest.raises(
        InputError, match=r"c\.jsonl: line 2: a page of 557 characters, more than the limit of 200"
    ):
        run(replace(opts, rejects=None, output=str(tmp_path / "o2.jsonl")))
    assert not (tmp_path / "o2.jsonl").exists()
