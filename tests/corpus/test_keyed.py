"""The evidence built by key (dedup/corpus/keyed) equals the Index fed in record order: ids, copies (with
their anchors and similarities), `keep`, titles, sites, block recurrence, and the index's sizes; checked page
by page through `analyze`, for several partitionings, thresholds low enough to make chains of copies."""

from __future__ import annotations

import random

import pytest

import dedup
from benchmarks.quality import farm
from dedup import Config, Index
from dedup.corpus.keyed.build import build
from dedup.corpus.keyed.exchange import InProcess
from dedup.corpus.keyed.ids import root, unique_id
from dedup.corpus.keyed.parts import PartPrints, title_asks
from dedup.pipeline import Doc, fingerprint_many
from dedup.text.segment import segment


def _prints(pages: list[dict], cfg: Config) -> list:
    docs = [Doc(p["text"], p["id"], p.get("title"), p.get("url")) for p in pages]
    asks = [title_asks(segment(p["text"], p.get("title")), cfg) for p in pages]
    return list(zip(fingerprint_many(docs, cfg), asks))


def _built(prints: list, n_parts: int, width: int, cfg: Config):
    n = len(prints)
    pps = []
    for k in range(n_parts):
        pp = PartPrints(k)
        for fp, asks in prints[n * k // n_parts : n * (k + 1) // n_parts]:
            pp.add(fp, asks)
        pps.append(pp)
    return build(InProcess(width), pps, cfg)


def _sequential(pages: list[dict], cfg: Config) -> tuple[Index, list[str], dict[str, dict]]:
    """The index of `pages` added in order, their ids, and the reports of the pages pass 2 cleans."""
    idx, taken, uids = Index(cfg), set(), []
    for fp, _ in _prints(pages, cfg):
        fp.doc_id = unique_id(fp.doc_id, taken)
        uids.append(fp.doc_id)
        idx.add(fp)
    idx.finalize()
    reports = {
        u: dedup.analyze(p["text"], index=idx, **_args(p, u, cfg)).to_dict()
        for p, u in zip(pages, uids)
        if idx.duplicate_of(u) is None
    }
    return idx, uids, reports


def _args(p: dict, uid: str, cfg: Config) -> dict:
    return dict(title=p.get("title"), url=p.get("url"), doc_id=uid, config=cfg)


def _assert_same(pages: list[dict], cfg: Config, partitionings: list[tuple[int, int]]) -> dict:
    idx, uids, reports = _sequential(pages, cfg)
    prints = _prints(pages, cfg)
    rounds: dict = {}
    for n_parts, width in partitionings:
        built = _built(prints, n_parts, width, cfg)
        assert [u for us in built.uids for u in us] == uids
        assert built.stats == idx.stats()
        n = len(pages)
        for k in range(n_parts):
            for i, p in enumerate(pages[n * k // n_parts : n * (k + 1) // n_parts]):
                uid, view = built.uids[k][i], built.views[k]
                assert view.duplicate_of(uid) == idx.duplicate_of(uid), uid
                if uid in reports:
                    got = dedup.analyze(p["text"], index=view, **_args(p, uid, cfg)).to_dict()
                    assert got == reports[uid], uid
        rounds = built.rounds
    return rounds


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    pages, _ = farm.make_corpus(n_pages=90, seed=3, styles="all", syndication_rate=0.3)
    extra = [dict(pages[i]) for i in range(0, 30, 3)]  # mirrors, under a repeated id or a literal '#2' one
    for e in extra[:5]:
        e["id"] = pages[0]["id"]
    for e in extra[5:]:
        e["id"] += "#2"
    return pages[:40] + extra + pages[40:]


@pytest.mark.parametrize("keep", ["first", "longest"])
def test_the_keyed_build_answers_as_the_index(pages, keep):
    _assert_same(pages, Config().replace(corpus={"keep": keep}), [(1, 1), (3, 4), (5, 2)])


def test_chains_of_near_copies_at_low_thresholds_reach_the_same_fixed_points(pages):
    """Gradual edits of one page make chains (a copy of a copy is no copy): statuses settle in rounds."""
    rng = random.Random(1)
    words = pages[5]["text"].split()
    base, chain = list(words), []
    for k in range(40):
        for _ in range(6):
            words[rng.randrange(len(words))] = rng.choice(base)
        text = " ".join(words[:40]) + "\n\n" + " ".join(words[40:])
        chain.append({"id": f"c{k}", "text": text, "url": f"https://x{k % 3}.example/{k}"})
    mix = pages[:20] + chain + pages[20:40]
    rng.shuffle(mix)
    cfg = Config().replace(corpus={"doc_similarity": 0.3, "block_similarity": 0.3, "keep": "longest"})
    rounds = _assert_same(mix, cfg, [(4, 3)])
    assert rounds["copies"] >= 2 and rounds["blocks"] >= 2


def test_ids_are_made_unique_per_root_as_in_record_order():
    taken: set[str] = set()
    ids = [unique_id(d, taken) for d in ["a", "a", "a#2", "b#3", "a", "b#3"]]
    assert ids == ["a", "a#2", "a#2#2", "b#3", "a#3", "b#3#2"]
    assert {root(d) for d in ids} == {"a", "b"}
