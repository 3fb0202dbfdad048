"""The shared index (Redis) against a real redis-server: the same answers as the file index, exact counts
with many writers at once, and what a server that is down or restarts does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading

import pytest

import dedup
from benchmarks.quality import farm
from dedup import Index
from dedup.config import Config
from dedup.corpus.redis_schema import SCHEMA, ref_of
from dedup.errors import SharedIndexError, UsageError
from tests.corpus.test_updates import add_all, answers
from tests.redis_server import RedisServer, free_port
from tests.support import ROOT, changed_pages, exact_corpus

pytest.importorskip("redis")


@pytest.fixture(scope="module")
def pages():
    return farm.make_corpus(n_pages=80, seed=11, styles="all")[0]


def test_a_corpus_gives_the_same_answers_through_both_backends(redis_server, pages):
    """Every flag of every page (and every count, title and copy behind them) of a generated corpus."""
    shared = add_all(Index.connect(redis_server.url()), pages)
    local = add_all(Index(), pages)
    assert shared.stats() == local.stats() and local.stats()["duplicates"] > 0
    assert answers(shared, pages) == answers(local, pages)


def test_updates_give_the_same_answers_through_both_backends(redis_server, pages):
    new = changed_pages(pages, 25, seed=2)
    shared, local = Index.connect(redis_server.url()), Index()
    for idx in (shared, local):
        add_all(idx, pages)
        add_all(idx, list(new.values()))
    final = [new.get(p["id"], p) for p in pages]
    assert len(shared) == len(pages) and shared.stats() == local.stats()
    assert answers(shared, final) == answers(local, final)


def test_keys_carry_prefix_and_schema_and_values_are_plain(redis_server, pages):
    """Every key is `<prefix>:v<schema>:<map>...`, and every value is what redis_schema documents: keys and
    clusters of 8 bytes, sketches of 48, lists of 16-byte refs, decimal integers (no pickle)."""
    import redis

    add_all(Index.connect(redis_server.url(prefix="plain")), pages[:20])
    client = redis.Redis(port=redis_server.port)
    base = f"plain:v{SCHEMA}:".encode()
    keys = list(client.scan_iter(match="plain*"))
    assert keys and all(k.startswith(base) for k in keys)
    seen = set()
    for key in keys:
        name = key[len(base) :].split(b":")[0]
        seen.add(name)
        for field, value in client.hgetall(key).items():
            assert _plain(name, field, value), (key, field, value[:20])
    assert seen == {b"meta", b"s", b"sp", b"x", b"bb", b"c", b"db", b"t", b"d"}
    doc = client.hgetall(base + b"d:" + ref_of(pages[0]["id"]).hex().encode())
    assert doc[b"id"].decode() == pages[0]["id"] and int(doc[b"rank"]) == 1 and len(doc[b"sig"]) == 128


def _plain(name: bytes, field: bytes, value: bytes) -> bool:
    if name in (b"x", b"bb"):
        return len(field) in (8, 4) and len(value) == 8
    if name == b"c":
        return len(value) == 48 if field.endswith(b"s") and len(field) == 9 else value.isdigit()
    if name in (b"db", b"t"):
        return len(value) % 16 == 0 and len(value) > 0
    if name in (b"sp", b"s"):
        return value.isdigit()
    if name == b"d":
        sizes = {b"sig": 128, b"bands": 64, b"title": 8}
        if field in sizes:
            return len(value) == sizes[field]
        if field in (b"clusters", b"copies", b"blocks"):
            return len(value) % {b"clusters": 8, b"copies": 16, b"blocks": 88}[field] == 0
        return field in (b"id", b"dup") or value.isdigit()
    return name == b"meta"


def test_an_index_built_otherwise_is_refused(redis_server):
    url = redis_server.url()
    Index.connect(url)
    with pytest.raises(SharedIndexError, match=r"num_perm.*settings differ"):
        Index.connect(url, Config().replace(fingerprint={"num_perm": 64}))
    with pytest.raises(UsageError, match="keeps the first copy"):
        Index.connect(url, Config().replace(corpus={"keep": "longest"}))


# ----------------------------------------------------------------------------------------- many writers
_WRITER = """
import json, sys, time
import dedup
url, path, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
index = dedup.Index.connect(url)
records = [json.loads(line) for line in open(path, encoding="utf-8")]
prints = [dedup.fingerprint(r["text"], doc_id=r["id"], title=r["title"], url=r["url"]) for r in records]
while time.time() < start:
    time.sleep(0.005)
for fp in prints:
    index.add(fp)
"""


def _fleet_pages(writers: int, groups: int, seed: int) -> list[list[dict]]:
    """What each writer adds: at step g, every writer a copy of page g (ids of their own), then a page only
    it has; the copies of a page race each other for being its original."""
    base = exact_corpus(groups * (writers + 1), seed, n_sites=4, copy_every=0)
    out: list[list[dict]] = [[] for _ in range(writers)]
    for g in range(groups):
        page = base[g]
        for k in range(writers):
            copy_id = f"{page['id']}-{k}"
            copy = {**page, "id": copy_id, "url": page["url"] + f"-{k}"}
            out[k] += [copy, base[groups + g * writers + k]]
    return out


def test_writers_at_once_give_exact_counts(redis_server, tmp_path):
    """Four processes add at once, each a copy of the same page at the same step: the shared index is
    what one writer adding the pages in the order they were committed builds, count for count (exactly
    one original of each page; no count lost or doubled)."""
    import time

    shares = _fleet_pages(4, 30, seed=5)
    pages = [p for share in shares for p in share]
    url = redis_server.url()
    start = time.time() + 3
    procs = []
    for k, share in enumerate(shares):
        path = tmp_path / f"w{k}.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in share), encoding="utf-8")
        cmd = [sys.executable, "-c", _WRITER, url, str(path), str(start)]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True))
    for p in procs:
        assert p.wait(120) == 0, p.stderr.read() if p.stderr else ""
    shared = Index.connect(url)
    assert len(shared) == len(pages)
    ranks = {p["id"]: shared._query(lambda p=p: shared._doc(ref_of(p["id"])).rank) for p in pages}
    assert sorted(ranks.values()) == list(range(1, len(pages) + 1))
    serial = add_all(Index(), sorted(pages, key=lambda p: ranks[p["id"]]))
    assert shared.stats() == serial.stats() and serial.stats()["duplicates"] == 30 * 3
    assert answers(shared, pages) == answers(serial, pages)


# ----------------------------------------------------------------------------------------- faults
def test_a_server_down_at_start_is_a_one_line_error_naming_it(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (texts / seed.name).write_bytes(seed.read_bytes())
    url = f"redis://127.0.0.1:{free_port()}/0?prefix=nobody"
    with pytest.raises(SharedIndexError, match=re.escape(f"{url}: cannot reach the shared index")):
        Index.connect(url)
    r = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", str(texts), "-o", "/nonexistent/x", "--index", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 4 and r.stderr.strip().count("\n") == 0, r.stderr
    assert url in r.stderr and "Traceback" not in r.stderr


def test_a_password_is_never_shown():
    url = f"redis://:sesame@127.0.0.1:{free_port()}/0"
    with pytest.raises(SharedIndexError) as e:
        Index.connect(url)
    assert "sesame" not in str(e.value) and ":***@127.0.0.1" in str(e.value)


@pytest.fixture
def persistent(tmp_path):
    server = RedisServer(tmp_path / "redis", persist=True).start()
    yield server
    server.stop()


def test_what_was_acknowledged_survives_a_crash_and_restart(persistent, pages):
    """With appendonly yes and appendfsync always, every add that returned is on disk: a server killed
    (SIGKILL) and started again holds all of them."""
    url = persistent.url()
    idx = add_all(Index.connect(url), pages[:40])
    before = (idx.stats(), answers(idx, pages[:40]))
    persistent.kill()
    persistent.start()
    again = Index.connect(url)
    assert (again.stats(), answers(again, pages[:40])) == before


def test_an_add_while_the_server_restarts_waits_for_it(persistent, pages):
    idx = add_all(Index.connect(persistent.url()), pages[:10])
    persistent.kill()
    restart = threading.Timer(1.0, persistent.start)
    restart.start()
    try:
        add_all(idx, pages[10:12])  # (retried with backoff until the server is back)
    finally:
        restart.join()
    assert len(idx) == 12 and idx.duplicate_of(pages[11]["id"]) == add_all(Index(), pages[:12]).duplicate_of(
        pages[11]["id"]
    )


def test_a_server_that_stays_down_is_an_error_after_the_retries(persistent, pages):
    url = persistent.url(retry=1)
    idx = add_all(Index.connect(url), pages[:3])
    persistent.kill()
    fp = dedup.fingerprint(pages[3]["text"], doc_id=pages[3]["id"], url=pages[3]["url"])
    with pytest.raises(SharedIndexError, match="unreachable for 1 s"):
        idx.add(fp)
    with pytest.raises(SharedIndexError, match="unreachable"):
        dedup.analyze(pages[3]["text"], index=idx, url=pages[3]["url"])


def test_an_index_the_server_lost_is_an_error_not_a_new_start(redis_server, pages):
    """A server restarted without persistence (or flushed) has lost the index: adding to it or cleaning
    against it says so instead of starting over silently."""
    import redis

    url = redis_server.url(prefix="lost")
    idx = add_all(Index.connect(url), pages[:5])
    client = redis.Redis(port=redis_server.port)
    client.delete(*client.scan_iter(match="lost:*"))
    fp = dedup.fingerprint(pages[5]["text"], doc_id=pages[5]["id"], url=pages[5]["url"])
    with pytest.raises(SharedIndexError, match="gone from the server"):
        idx.add(fp)
    with pytest.raises(SharedIndexError, match="gone from the server"):
        dedup.analyze(pages[5]["text"], index=idx, url=pages[5]["url"])
