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


def exact_corpus(n_pages: int, seed: int, n_sites: int = 4, copy_every: int = 6) -> list[dict]:
    """Pages of `n_sites` sites whose blocks are exact or unrelated, never near-duplicates: random words,
    two template lines per site, earlier pages' titles as bare related lines, and every `copy_every`-th page
    (0: none) a copy of an earlier page's body under its own site's template. (Which block of a
    near-duplicate group starts its cluster depends on the order the index saw them; these pages leave no
    such choice.)"""
    import random

    rng = random.Random(seed)

    def words(n: int) -> str:
        return " ".join(f"w{rng.randrange(10**6)}" for _ in range(n))

    sites = [f"site{s}.example" for s in range(n_sites)]
    templates = {s: [f"Template {words(9)}", f"Footer {words(12)}"] for s in sites}
    pages: list[dict] = []
    for i in range(n_pages):
        site = sites[rng.randrange(n_sites)]
        if copy_every and i % copy_every == copy_every - 1:
            body = pages[rng.randrange(len(pages))]["body"]
        else:
            body = [words(rng.randrange(15, 40)) for _ in range(rng.randrange(3, 7))]
        links = (
            [pages[rng.randrange(len(pages))]["title"] for _ in range(rng.randrange(0, 3))] if pages else []
        )
        page = {"id": f"doc{i}", "url": f"https://{site}/doc{i}", "title": f"Title {words(6)}", "body": body}
        page["text"] = "\n\n".join([page["title"], templates[site][0], *body, *links, templates[site][1]])
        pages.append(page)
    return pages


def changed_pages(pages: list[dict], n: int, seed: int) -> dict[str, dict]:
    """New versions of `n` of `pages` (by id): the same text, a new title, a paragraph less or more, another
    page's text, or another page's body under the page's own first and last lines."""
    import random

    rng = random.Random(seed)
    out = {}
    for p in rng.sample(pages, n):
        q, kind, other = dict(p), rng.randrange(6), rng.choice(pages)
        lines = q["text"].split("\n\n")
        if kind == 1:
            q["title"] = q["title"] + " again"
            q["text"] = "\n\n".join([q["title"], *lines[1:]])
        elif kind == 2:
            q["text"] = "\n\n".join(lines[:2] + lines[3:])
        elif kind == 3:
            q["text"] = "\n\n".join([*lines[:-1], f"A new paragraph w{rng.randrange(10**9)} here", lines[-1]])
        elif kind == 4:
            q["title"], q["text"] = other["title"], other["text"]
        elif kind == 5:
            body = other.get("body") or other["text"].split("\n\n")[1:-1]
            q["text"] = "\n\n".join([lines[0], lines[1], *body, lines[-1]])
        out[p["id"]] = q
    return out
