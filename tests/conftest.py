"""Shared fixtures: the real articles of ../shared and farm corpora generated from them."""

from __future__ import annotations

import pytest

from tests.support import load_articles, load_notes


@pytest.fixture(scope="session")
def articles() -> list[dict]:
    return load_articles()


@pytest.fixture(scope="session")
def clean_articles() -> list[dict]:
    """Articles whose notes list neither boilerplate-like lines nor duplicate paragraphs in the original."""
    notes = load_notes()
    bad = {"boilerplate_like_lines", "duplicate_paragraphs_in_original"}
    return [a for a in load_articles() if not any(n["kind"] in bad for n in notes[a["id"]]["notes"])]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server without persistence for the whole session (each test takes a prefix of its own)."""
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()
