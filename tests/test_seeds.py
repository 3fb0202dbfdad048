"""The user's three seed articles come out exactly as expected, and every labelled block is handled."""

from __future__ import annotations

import json

import pytest

import dedup
from tests.support import SEEDS


def _fold(s: str) -> str:
    return " ".join(s.split())


SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_seeds_are_present():
    assert len(SEED_FILES) == 3
    assert all((SEEDS / "expected" / p.name).exists() for p in SEED_FILES)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_is_exact(path):
    got = dedup.clean(path.read_text(encoding="utf-8"))
    assert _fold(got) == _fold((SEEDS / "expected" / path.name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_labels(path):
    """Every junk block of labels.jsonl is flagged with its own label; content blocks are untouched."""
    labels = {json.loads(x)["id"]: json.loads(x) for x in (SEEDS / "labels.jsonl").open(encoding="utf-8")}
    text = path.read_text(encoding="utf-8")
    report = dedup.analyze(text)
    lab = labels[path.stem]
    removed = [(f.start, f.end, f.label) for f in report.flags]
    for block in lab["blocks"]:
        words = _fold(block["text"])
        hits = [lbl for s, e, lbl in removed if _fold(text[s:e]) == words]
        if block["label"] == "content":
            assert _fold(block["text"]) in _fold(report.clean)
        else:
            assert block["label"] in hits or any(
                words in _fold(text[s:e]) for s, e, lbl in removed if lbl == block["label"]
            ), block


def test_seed_is_idempotent():
    for path in SEED_FILES:
        once = dedup.clean(path.read_text(encoding="utf-8"))
        assert dedup.clean(once) == once
