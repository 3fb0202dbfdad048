"""Paths and readers the tests share: the project's seeds and ../shared (the real articles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.config import Config
from dedup.detectors import REGISTRY

#: the rules alone, without the learned model (tests of one rule's behaviour)
RULES = Config(detectors=tuple(spec.name for spec in REGISTRY if spec.name != "learned"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


def load_articles() -> list[dict]:
    """The real clean articles of ../shared/data/articles.jsonl."""
    path = SHARED / "data" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is missing (CI has ../shared beside the checkout)")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def load_notes() -> dict[str, dict]:
    """articles_notes.jsonl by id."""
    path = SHARED / "data" / "articles_notes.jsonl"
    return {d["id"]: d for d in map(json.loads, path.open(encoding="utf-8"))}


def as_page(article: dict) -> str:
    """Title, a blank line, then the body (the title is left out when there is none)."""
    return (article["title"] + "\n\n" if article.get("title") else "") + article["body"]
