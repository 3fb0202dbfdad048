"""Side outputs of a corpus run: named and compressed as the output is; --html on a corpus."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120)


def test_the_duplicates_file_is_compressed_when_the_output_is(tmp_path):
    text = "Ferry fares rise\n\nThe island ferry will cost two dollars more from March, the operator said."
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": text}) + "\n" for k in "ab"))
    r = run("clean", str(src), "-o", str(tmp_path / "out.jsonl.gz"), "-q")
    assert r.returncode == 0, r.stderr
    dup = tmp_path / "out.duplicates.jsonl.gz"
    assert json.loads(gzip.decompress(dup.read_bytes()))["duplicate_of"] == "a"
    assert not (tmp_path / "out.duplicates.jsonl").exists()


def test_html_records_of_a_corpus_are_extracted(tmp_path):
    """`clean corpus.jsonl --html` imported a module that does not exist (a traceback)."""
    pytest.importorskip("trafilatura")
    body = "".join(
        f"<p>Paragraph {k} of the story tells what the council decided about the harbour and the ferry.</p>"
        for k in range(4)
    )
    page = f"<html><head><title>Ferry fares rise</title></head><body><article>{body}</article></body></html>"
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"id": "a", "url": "https://h.example/a", "text": page}) + "\n")
    out = tmp_path / "out.jsonl"
    r = run("clean", str(src), "--html", "-o", str(out), "-q")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    text = json.loads(out.read_text())["text"]
    assert text.startswith("Ferry fares rise\n\nParagraph 0 of the story") and "<p>" not in text
