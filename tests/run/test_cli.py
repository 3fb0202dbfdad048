"""The command line: text, stdin, JSONL corpora, folders, errors with exit codes and no partial output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import dedup
from dedup.run.cli import main
from dedup.run.outputs import MANIFEST
from tests.support import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]


def run(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_clean_text_file_prints_clean_text():
    r = run("clean", str(SEED))
    assert r.returncode == 0
    expected = (SEEDS / "expected" / SEED.name).read_text(encoding="utf-8")
    assert r.stdout.split() == expected.split()


def test_stdin_and_report(tmp_path):
    rep = tmp_path / "flags.jsonl"
    r = run("clean", "-", "--report", str(rep), stdin=SEED.read_text(encoding="utf-8"))
    assert r.returncode == 0
    flags = json.loads(rep.read_text())["flags"]
    assert {f["label"] for f in flags} >= {"headline_repeat", "boilerplate", "near_duplicate"}


def test_analyze_marks_spans():
    r = run("analyze", str(SEED), "--color", "never")
    assert r.returncode == 0 and "[-" in r.stdout and "headline_repeat" in r.stdout


def test_missing_file_is_one_line_exit_3():
    r = run("clean", "/nonexistent/file.txt")
    assert r.returncode == 3
    assert r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"hello \xff\xfe world")
    r = run("clean", str(p))
    assert r.returncode == 3 and "not valid UTF-8" in r.stderr and "Traceback" not in r.stderr


def _corpus(tmp_path, lines):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_bad_jsonl_line_names_line_and_leaves_no_output(tmp_path):
    p = _corpus(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Hello there.\n\nSome text."}),
            "{not json",
            json.dumps({"id": "b", "body": "x"}),
        ],
    )
    out = tmp_path / "out.jsonl"
    r = run("clean", str(p), "-o", str(out), "--quiet")
    assert r.returncode == 3 and "line 2" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_rejects_file_accounts_for_every_record(tmp_path):
    p = _corpus(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Hello there.\n\nSome text."}),
            "{not json",
            json.dumps({"id": "b", "body": "x"}),
            "[1, 2]",
        ],
    )
    out, rej, summ = tmp_path / "out.jsonl", tmp_path / "rej.jsonl", tmp_path / "s.json"
    r = run("clean", str(p), "-o", str(out), "--rejects", str(rej), "--summary", str(summ), "--quiet")
    assert r.returncode == 0, r.stderr
    s = json.loads(summ.read_text())
    assert (s["records_in"], s["clean"], s["rejects"], s["balanced"]) == (4, 1, 3, True)
    reasons = [json.loads(x)["reason"] for x in rej.read_text().splitlines()]
    assert any("not valid JSON" in x for x in reasons) and any("no 'text' field" in x for x in reasons)


def test_json_python_cannot_read_is_a_reject_not_a_crash(tmp_path):
    """Valid-looking lines the json module gives up on with other errors (nesting deeper than the recursion
    limit, an integer of over 4,300 digits): rejects with a reason, or a one-line error naming the line."""
    p = _corpus(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Hello there.\n\nSome text."}),
            "[" * 100000 + "]" * 100000,
            '{"id": 1' + "0" * 5000 + ', "text": "Hi."}',
        ],
    )
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    for jobs in ("1", "2"):
        r = run("clean", str(p), "-o", str(out), "--rejects", str(rej), "--jobs", jobs, "--quiet")
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        reasons = [(x["line"], x["reason"]) for x in map(json.loads, rej.read_text().splitlines())]
        assert [n for n, _ in reasons] == [2, 3] and "nested too deeply" in reasons[0][1]
        assert "digits" in reasons[1][1] and len(out.read_text().splitlines()) == 1
    r = run("clean", str(p), "-o", str(out), "--quiet")
    assert r.returncode == 3 and "line 2" in r.stderr and "Traceback" not in r.stderr


def test_folder_in_folder_out(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in SEEDS.glob("*.txt"):
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    r = run("clean", str(src), "-o", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    for p in SEEDS.glob("*.txt"):
        assert (out / p.name).read_text(encoding="utf-8").split() == (SEEDS / "expected" / p.name).read_text(
            encoding="utf-8"
        ).split()


def test_outputs_that_cannot_be_written_are_refused_before_any_work(tmp_path):
    """A folder where a file goes, a file where a folder goes, the input folder (or one inside it or holding
    it), and a folder holding files dedup did not write: exit 5, one line, nothing touched; a folder an
    earlier run wrote (its manifest says so) is written again."""
    src = tmp_path / "src"
    src.mkdir()
    for p in SEEDS.glob("*.txt"):
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "photo.jpg").write_bytes(b"\xff\xd8")
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    corpus = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Hello there.\n\nSome text."})])
    for args in (
        [str(src), "-o", str(a_file)],
        [str(src), "-o", str(src)],
        [str(src), "-o", str(src / "out")],
        [str(src), "-o", str(tmp_path)],
        [str(src), "-o", str(keep)],
        [str(corpus), "-o", str(keep)],
        [str(corpus), "-o", str(tmp_path / "o.jsonl"), "--report", str(keep)],
        [str(SEED), "-o", str(keep)],
    ):
        r = run("clean", *args, "--quiet")
        assert r.returncode == 5 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, (
            args,
            r.stderr,
        )
    assert (keep / "photo.jpg").read_bytes() == b"\xff\xd8" and a_file.read_text() == "x"
    assert sorted(p.name for p in src.iterdir()) == sorted(p.name for p in SEEDS.glob("*.txt"))
    out = tmp_path / "new" / "out"
    for _ in range(2):  # a new folder, then the same folder again (an earlier run's output)
        r = run("clean", str(src), "-o", str(out), "--quiet")
        assert r.returncode == 0, r.stderr
        names = sorted(p.name for p in SEEDS.glob("*.txt"))
        assert sorted(p.name for p in out.iterdir()) == sorted([*names, MANIFEST])
        assert json.loads((out / MANIFEST).read_text())["files"] == names


def test_help_explains(capsys):
    with pytest.raises(SystemExit) as e:
        main(["clean", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes" in out and "--rejects" in out and "--index" in out


def test_bad_index_file(tmp_path):
    p = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Hello there.\n\nSome text."})])
    idx = tmp_path / "x.idx"
    idx.write_bytes(b"garbage")
    r = run("clean", str(p), "-o", str(tmp_path / "o.jsonl"), "--index", str(idx), "--quiet")
    assert r.returncode == 4 and "index" in r.stderr and "Traceback" not in r.stderr


def test_a_lone_surrogate_escaped_in_a_record_is_kept_not_a_crash(tmp_path):
    """JSON may escape a lone surrogate ("\\ud83d", half an emoji cut by a scraper); no UTF-8 holds it, so its
    record is written with non-ASCII escaped: the same values come back, in every output and with --jobs 2."""
    recs = [
        {
            "id": "a",
            "title": "Cut \ud83d emoji",
            "text": "Cut \ud83d emoji\n\nCut \ud83d emoji\n\nThe body goes on.",
        },
        {"id": "b", "text": "An ordinary record, with an é."},
    ]
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="ascii")
    for jobs in ("1", "2"):
        out, rep = tmp_path / f"o{jobs}.jsonl", tmp_path / f"r{jobs}.jsonl"
        r = run("clean", str(p), "-o", str(out), "--report", str(rep), "--jobs", jobs, "--quiet")
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert got[0]["text"] == "Cut \ud83d emoji\n\nThe body goes on." and got[1] == recs[1]
        assert "é" in out.read_text(encoding="utf-8")  # (only the record that needs it is escaped)
        assert [json.loads(x)["id"] for x in rep.read_text(encoding="utf-8").splitlines()] == ["a", "b"]
    r = run("analyze", str(p))
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr


def test_index_path_in_a_new_folder_is_made_and_a_blocked_one_refused_first(tmp_path):
    corpus = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Hello there.\n\nSome text."})])
    idx = tmp_path / "new" / "deeper" / "site.idx"
    r = run("clean", str(corpus), "-o", str(tmp_path / "o.jsonl"), "--index", str(idx), "--quiet")
    assert r.returncode == 0 and idx.exists(), r.stderr
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = run(
        "clean", str(corpus), "-o", str(tmp_path / "o2.jsonl"), "--index", str(tmp_path / "afile" / "x.idx")
    )
    assert r.returncode == 5 and "Traceback" not in r.stderr and not (tmp_path / "o2.jsonl").exists(), (
        r.stderr
    )


def test_outputs_get_the_usual_permissions_not_the_temporary_files(tmp_path):
    """Outputs are written to private temporary files (and folders) and renamed into place: they must end with
    the permissions any new file gets (the umask's), not private ones."""
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    corpus = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Hello there.\n\nSome text."})])
    out, rep, summ = tmp_path / "o.jsonl", tmp_path / "r.jsonl", tmp_path / "s.json"
    r = run("clean", str(corpus), "-o", str(out), "--report", str(rep), "--summary", str(summ), "--quiet")
    assert r.returncode == 0, r.stderr
    for p in (out, rep, summ):
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask, p
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    (src / "a.txt").write_text("Hello there.\n\nSome text.", encoding="utf-8")
    r = run("clean", str(src), "-o", str(dst), "--quiet")
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(dst.stat().st_mode) == 0o777 & ~mask


def test_a_corpus_on_standard_input_is_named_stdin_and_gives_the_same_output_each_run(tmp_path):
    """Standard input is spooled to a temporary file; records must not carry its name (which changes from run
    to run): default ids, duplicates' duplicate_of and messages say "<stdin>"."""
    body = json.dumps({"text": "Hello there world.\n\nBody text here."}) + "\n"
    outs = []
    for k in range(2):
        out = tmp_path / f"o{k}.jsonl"
        r = run("clean", "-", "--format", "jsonl", "-o", str(out), "--quiet", stdin=body * 2)
        assert r.returncode == 0, r.stderr
        outs.append((tmp_path / f"o{k}.duplicates.jsonl").read_text())
    assert outs[0] == outs[1] and json.loads(outs[0])["duplicate_of"] == "<stdin>:1"
    r = run("clean", "-", "--format", "jsonl", "-o", str(tmp_path / "bad.jsonl"), stdin='{"text": "x"\n')
    assert r.returncode == 3 and r.stderr.startswith("scrapeclean: error: <stdin>: line 1:"), r.stderr


def test_html_without_its_extra_says_what_to_install(monkeypatch, capsys):
    """--html needs trafilatura (the html extra): without it, one line saying what to install, exit 2."""
    from dedup.run.cli import main

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # (import fails as if it were not installed)
    assert main(["clean", str(SEED), "--html"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scrapeclean: error:") and "pip install" in err and err.count("\n") == 1


def test_two_outputs_on_one_file_or_one_on_the_input_are_refused(tmp_path):
    """Only the last output written to a file would survive: -o and --report on one path, a --rejects file
    that
    is the default duplicates file, a --report on the input... are usage errors (exit 2), before any work;
    -o on the input itself cleans it in place."""
    corpus = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Hello there.\n\nSome text here."})])
    before = corpus.read_text()
    out = tmp_path / "o.jsonl"
    for args in (
        ["-o", str(out), "--report", str(out)],
        ["-o", str(out), "--rejects", str(tmp_path / "o.duplicates.jsonl")],
        ["-o", str(out), "--report", str(corpus)],
        ["-o", str(out), "--summary", str(tmp_path / "s"), "--index", str(tmp_path / "s")],
    ):
        r = run("clean", str(corpus), *args, "--quiet")
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, (
            args,
            r.stderr,
        )
        assert not out.exists() and corpus.read_text() == before
    r = run("clean", str(SEED), "-o", str(tmp_path / "t.txt"), "--report", str(tmp_path / "t.txt"))
    assert r.returncode == 2
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Hello there.\n\nSome text.", encoding="utf-8")
    r = run("clean", str(src), "-o", str(tmp_path / "dst"), "--report", str(tmp_path / "dst" / "r.jsonl"))
    assert r.returncode == 2 and "inside the -o folder" in r.stderr
    r = run("clean", str(corpus), "-o", str(corpus), "--quiet")
    assert r.returncode == 0 and json.loads(corpus.read_text())["text"] == "Hello there.\n\nSome text here."


def test_a_bad_cue_file_is_a_one_line_error(tmp_path):
    """--cues FILE: missing, unreadable, not UTF-8, an unknown section or a phrase before any section are bad
    input (exit 3, one line naming the file), not tracebacks."""
    bad = {
        "unknown.txt": b"[nonsense]\nfoo\n",
        "orphan.txt": b"foo bar\n",
        "binary.txt": b"\xff\xfe[related]\n",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    for f in [tmp_path / n for n in bad] + [tmp_path / "missing.txt", tmp_path]:
        for cmd in ("clean", "analyze"):
            r = run(cmd, str(SEED), "--cues", str(f))
            assert (
                r.returncode == 3
                and r.stderr.startswith(f"scrapeclean: error: {f}:")
                and r.stderr.count("\n") == 1
            ), (f, r.stderr)
    (tmp_path / "good.txt").write_text("[related]\nmore from the desk:\n", encoding="utf-8")
    assert run("clean", str(SEED), "--cues", str(tmp_path / "good.txt")).returncode == 0


def test_option_values_that_mean_nothing_are_usage_errors():
    """A block "recurring" in fewer than 2 pages is every block (every line would be boilerplate), and fewer
    than one worker cannot run: usage errors (exit 2), one line."""
    for args in (
        ["--site-min-docs", "1"],
        ["--site-min-docs", "-3"],
        ["--corpus-min-docs", "0"],
        ["--jobs", "0"],
        ["--site-min-share", "2"],
        ["--site-min-share", "-0.1"],
    ):
        r = run("clean", str(SEED), *args)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, (
            args,
            r.stderr,
        )
    with pytest.raises(ValueError, match="at least 2"):
        dedup.Config().replace(corpus={"site_min_docs": 1})


def test_a_full_disk_while_writing_is_a_one_line_error(monkeypatch, capsys):
    """No space left (or quota) while an output is written: one line, exit 5, not a traceback."""
    import errno
    import io

    class Full(io.StringIO):
        def write(self, s):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["clean", str(SEED)]) == 5
    err = capsys.readouterr().err
    assert (
        err.startswith("scrapeclean: error: cannot write the outputs: No space left on device")
        and err.count("\n") == 1
    )


def _corpus_file(path, n=30):
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"d{i}",
                    "url": f"https://s.example/{i}",
                    "text": f"Title number {i}\n\n"
                    f"Body {i} of the corpus, with words of its own: "
                    f"{' '.join(f'w{i * 7 + k}' for k in range(40))}.",
                }
            )
            + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )
    return path


def test_broken_compressed_inputs_are_one_line_input_errors(tmp_path):
    """A truncated .zst used to be read as far as it went and the run ended 0 with part of the corpus; a
    corrupt .gz or a .zst that is not zstd ended in a traceback."""
    import gzip as gz

    import zstandard

    data = _corpus_file(tmp_path / "c.jsonl", 200).read_bytes()
    z = zstandard.ZstdCompressor().compress(data)
    (tmp_path / "trunc.jsonl.zst").write_bytes(z[: len(z) // 2])
    (tmp_path / "notzst.jsonl.zst").write_bytes(data)
    g = bytearray(gz.compress(data))
    g[len(g) // 2 : len(g) // 2 + 200] = bytes(200)
    (tmp_path / "corrupt.jsonl.gz").write_bytes(bytes(g))
    for name in ("trunc.jsonl.zst", "notzst.jsonl.zst", "corrupt.jsonl.gz"):
        out = tmp_path / f"{name}.out.jsonl"
        r = run("clean", str(tmp_path / name), "-q", "-o", str(out))
        assert r.returncode == 3 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, (
            name,
            r.stderr,
        )
        assert name in r.stderr and not out.exists()
    (tmp_path / "whole.jsonl.zst").write_bytes(z)
    assert (
        run("clean", str(tmp_path / "whole.jsonl.zst"), "-q", "-o", str(tmp_path / "w.jsonl")).returncode == 0
    )
    assert len((tmp_path / "w.jsonl").read_text().splitlines()) == 200


def test_a_damaged_index_file_is_exit_4(tmp_path):
    src = _corpus_file(tmp_path / "c.jsonl")
    idx = tmp_path / "c.idx"
    assert run("clean", str(src), "-q", "-o", str(tmp_path / "o.jsonl"), "--index", str(idx)).returncode == 0
    (tmp_path / "trunc.idx").write_bytes(idx.read_bytes()[:3000])
    r = run("clean", str(src), "-q", "-o", str(tmp_path / "o2.jsonl"), "--index", str(tmp_path / "trunc.idx"))
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr


def test_a_failed_run_leaves_no_index(tmp_path):
    """The index used to be saved after pass 1: a run that failed later left it, and the next run found every
    record a copy of itself."""
    src = _corpus_file(tmp_path / "c.jsonl")
    (tmp_path / "repdir").mkdir()
    idx = tmp_path / "c.idx"
    r = run(
        "clean",
        str(src),
        "-q",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--index",
        str(idx),
        "--report",
        str(tmp_path / "repdir"),
    )
    assert r.returncode == 5 and not idx.exists()
    r = run(
        "clean",
        str(src),
        "-q",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--index",
        str(idx),
        "--summary",
        str(tmp_path / "s.json"),
    )
    assert (
        r.returncode == 0
        and json.loads((tmp_path / "s.json").read_text())["duplicates"] == 0
        and idx.exists()
    )


def test_an_output_folder_holding_a_hidden_file_is_refused(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Title\n\nSome text of the article.", encoding="utf-8")
    out = tmp_path / "notes"
    out.mkdir()
    (out / ".env").write_text("API_KEY=123")
    r = run("clean", str(src), "-q", "-o", str(out))
    assert r.returncode == 5 and (out / ".env").exists()


def test_analyze_makes_ids_unique_as_clean_does(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text(
        "".join(json.dumps({"id": "same", "text": f"Title {i}\n\nBody {i}."}) + "\n" for i in range(3)),
        encoding="utf-8",
    )
    r = run("analyze", str(src))
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr


def test_an_unreadable_file_in_a_folder_is_a_reject(tmp_path, monkeypatch):
    import os

    from dedup.run.io import Record, Reject, iter_folder

    (tmp_path / "a.txt").write_text("Title\n\nBody.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\n\nBody.", encoding="utf-8")
    real = os.open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("b.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    items = list(iter_folder(str(tmp_path)))
    assert [type(it) for it in items] == [Record, Reject] and "cannot read" in items[1].reason


def test_analyze_reads_jsonl_on_stdin():
    lines = "".join(
        json.dumps({"id": str(i), "text": f"Title {i}\n\nBody {i} of the page."}) + "\n" for i in range(2)
    )
    r = run("analyze", "-", "--format", "jsonl", stdin=lines)
    assert r.returncode == 0 and r.stdout.count("characters removed") == 2, r.stderr


def test_a_folder_run_against_its_index_keeps_the_file_names(tmp_path):
    """A file the loaded index holds is an update of its document (its clean file used to take the name of
    an id made unique, 'doc0.txt#2', and the next run refused the folder it had written); an unchanged file
    is no copy of itself."""
    src, out, idx = tmp_path / "in", tmp_path / "out", tmp_path / "f.idx"
    src.mkdir()
    (src / "doc0.txt").write_text(
        "Title zero\n\nThe first version of the article, with its own words.", encoding="utf-8"
    )
    (src / "doc1.txt").write_text(
        "Title one\n\nAnother article about something else entirely.", encoding="utf-8"
    )
    assert run("clean", str(src), "-q", "-o", str(out), "--index", str(idx)).returncode == 0
    (src / "doc0.txt").write_text(
        "Title zero again\n\nA rewritten article that says new things now.", encoding="utf-8"
    )
    assert run("clean", str(src), "-q", "-o", str(out), "--index", str(idx)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "doc0.txt", "doc1.txt"]
    assert run("clean", str(src), "-q", "-o", str(out)).returncode == 0


@pytest.mark.parametrize("sig, code", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_terminated_or_interrupted_run_leaves_nothing_behind(tmp_path, sig, code):
    """SIGTERM (timeout, docker, systemd) used to kill the run with its .part files and the stdin spool left
    behind; Ctrl-C printed a traceback from each worker."""
    import os
    import signal
    import time

    src = _corpus_file(tmp_path / "c.jsonl", 12000)
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = {**os.environ, "TMPDIR": str(spool)}
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dedup",
            "clean",
            "-",
            "--format",
            "jsonl",
            "-o",
            str(tmp_path / "out" / "o.jsonl"),
            "--report",
            str(tmp_path / "out" / "r.jsonl"),
            "--jobs",
            "2",
            "-q",
        ],
        stdin=open(src, "rb"),
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    time.sleep(2.0)
    assert p.poll() is None, "the run ended before the signal: make the corpus larger"
    os.killpg(p.pid, getattr(signal, sig))  # (to the whole group, workers too, as a terminal's Ctrl-C does)
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err
    assert b"Traceback" not in err, err
    left = [q.name for q in (tmp_path / "out").iterdir()] if (tmp_path / "out").exists() else []
    assert left == [] and list(spool.iterdir()) == [], (left, list(spool.iterdir()))
