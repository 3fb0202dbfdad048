"""`analyze` on a corpus: pick records by id, by label, changed only; each removal with its line."""

from __future__ import annotations

import json
import subprocess
import sys

P = "The island ferry will cost two dollars more from March, the operator said on Monday, citing fuel."


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120)


def _corpus(tmp_path):
    recs = [
        {"id": "plain", "text": f"Ferry fares rise\n\n{P}"},
        {"id": "related", "text": f"Harbour news\n\n{P}\n\n\nRead more: Ferry fares rise again next year"},
        {"id": "repeat", "text": f"Dredging delayed\n\n{P} Again.\n\nDredging delayed"},
        {
            "id": "both",
            "text": f"Cannery reopens\n\nCannery reopens\n\n{P} Later.\n\nRead more: Cannery history",
        },
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def _ids(r: subprocess.CompletedProcess) -> list[str]:
    assert r.returncode == 0, r.stderr
    return [json.loads(x)["id"] for x in r.stdout.splitlines()]


def test_pick_records_by_id_label_and_change(tmp_path):
    src = str(_corpus(tmp_path))
    assert _ids(run("analyze", src, "--json")) == ["plain", "related", "repeat", "both"]
    assert _ids(run("analyze", src, "--json", "--id", "both", "--id", "plain")) == ["plain", "both"]
    assert _ids(run("analyze", src, "--json", "--label", "related_link")) == ["related", "both"]
    assert _ids(run("analyze", src, "--json", "--label", "headline_repeat", "--label", "related_link")) == [
        "related",
        "repeat",
        "both",
    ]
    assert _ids(run("analyze", src, "--json", "--changed-only")) == ["related", "repeat", "both"]
    assert _ids(run("analyze", src, "--json", "--changed-only", "--limit", "1")) == ["related"]
    r = run("analyze", src, "--json", "--id", "nope")
    assert _ids(r) == [] and "warning: 0 of the 1 ids asked for found (among 4 records)" in r.stderr
    r = run("analyze", src, "--label", "nonsense")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_each_removal_is_listed_with_its_line_in_the_text(tmp_path):
    r = run("analyze", str(_corpus(tmp_path)), "--id", "related", "--color", "never")
    assert r.returncode == 0, r.stderr
    # (line 6 of the text, two blank lines above it; counting non-blank lines would say 3)
    assert "[1] line 6: related_link (0.95): announces another article (cue 'Read more')" in r.stdout


def test_analyze_help_lists_only_what_analyze_has(capsys):
    import pytest

    from dedup.run.cli import main

    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    out = capsys.readouterr().out
    assert "--id" in out and "--label" in out and "--changed-only" in out
    for absent in ("--rejects", "duplicates file", "--index", "--summary", "-o FOLDER", "outputs (clean)"):
        assert absent not in out, absent
