"""Guardrails: JSONL on standard input, HTML without --html, misnamed Parquet, options that do not apply."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]
BODY = "The island ferry will cost two dollars more from March, the operator said on Monday, citing fuel."


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def _records(n: int = 3) -> str:
    return "".join(
        json.dumps(
            {"id": f"r{i}", "body": f"Story {i}\n\n{BODY} Detail {i}.", "url": f"https://s.example/{i}"}
        )
        + "\n"
        for i in range(n)
    )


def test_jsonl_on_standard_input_is_read_as_a_corpus():
    """It used to be cleaned as one text article, --text-field ignored, exit 0."""
    r = run("clean", "-", "--text-field", "body", "-q", stdin=_records())
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["r0", "r1", "r2"] and all(BODY in o["body"] for o in out)
    r = run("analyze", "-", "--text-field", "body", "--json", stdin=_records())
    assert r.returncode == 0 and [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["r0", "r1", "r2"]
    # --format text says it is an article after all: one text, its lines kept as they are
    r = run("clean", "-", "--format", "text", stdin=_records())
    assert r.returncode == 0 and r.stdout.count('"id"') == 3


def test_text_on_standard_input_is_still_one_article():
    r = run("clean", "-", stdin=SEED.read_text(encoding="utf-8"))
    assert r.returncode == 0 and r.stdout.split() == (SEEDS / "expected" / SEED.name).read_text().split()


def test_html_without_html_is_a_usage_error(tmp_path):
    """An .html file came back as raw HTML with exit 0."""
    page = f"<!DOCTYPE html><html><head><title>Ferry</title></head><body><p>{BODY}</p></body></html>"
    for name in ("page.html", "page.txt"):  # (by its name, or by what it holds)
        (tmp_path / name).write_text(page, encoding="utf-8")
        r = run("clean", str(tmp_path / name))
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "add --html" in r.stderr, r.stderr
    r = run("clean", "-", stdin=page)
    assert r.returncode == 2 and "add --html" in r.stderr
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": page}) + "\n", encoding="utf-8")
    r = run("clean", str(corpus), "-o", str(tmp_path / "o.jsonl"))
    assert (
        r.returncode == 2
        and "'text' field is an HTML page" in r.stderr
        and not (tmp_path / "o.jsonl").exists()
    )
    r = run(
        "clean", str(tmp_path / "page.txt"), "--format", "text"
    )  # (the markup cleaned as text: asked for)
    assert r.returncode == 0 and "<!DOCTYPE html>" in r.stdout


def test_parquet_under_another_name_or_damaged_is_a_one_line_error(tmp_path):
    cases = (
        ("d.parquet", b"PAR1\x15\x04", "not a readable Parquet file"),
        ("d.txt", b"PAR1\x15\x04\x15", ".parquet"),
    )
    for name, data, says in cases:
        (tmp_path / name).write_bytes(data)
        r = run("clean", str(tmp_path / name), "-o", str(tmp_path / f"out-{name}"))
        assert r.returncode == 3 and r.stderr.count("\n") == 1, r.stderr
        assert says in r.stderr and "Traceback" not in r.stderr


def test_options_that_do_not_apply_are_named_in_one_warning(tmp_path):
    r = run("clean", str(SEED), "--text-field", "body", "--jobs", "2", "--site-min-docs", "4")
    assert r.returncode == 0
    assert r.stderr.splitlines() == [
        "scrapeclean: warning: --text-field, --site-min-docs, --jobs do not apply to a single article "
        "(a text file): ignored"
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_records().replace('"body"', '"text"'), encoding="utf-8")
    r = run(
        "clean",
        str(corpus),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--title",
        "X",
        "--no-corpus",
        "--keep",
        "longest",
    )
    assert r.returncode == 0
    warning = [x for x in r.stderr.splitlines() if "warning" in x]
    assert warning == [
        "scrapeclean: warning: --title, --keep do not apply to a JSONL corpus (each record has its title) "
        "with --no-corpus: ignored"
    ]
    r = run("clean", str(SEED), "-q")  # (nothing given that does not apply: nothing said)
    assert r.returncode == 0 and r.stderr == ""
