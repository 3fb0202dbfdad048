"""Regression guard: the quality benchmark's quick mode on dedup, and the farm generator's invariants."""

from __future__ import annotations

import pytest

from benchmarks.quality import farm, metrics, run
from tests.support import SHARED

pytestmark = pytest.mark.skipif(
    not (SHARED / "data" / "articles.jsonl").exists(), reason="../shared/data is not next to the repo"
)

# Floors: a little below what the quick mode measured when they were set (see benchmarks/quality/README.md).
# Raise them when dedup gets better; never lower them to make a change pass.
FLOORS = {
    ("dedup", "train"): {
        "junk_removed": 0.89,
        "lost": 0.002,
        "removal_precision": 0.99,
        "headline_repeat": 0.98,
        "near_duplicate": 0.90,
        "inline_duplicate": 0.93,
        "related_link": 0.78,
        "boilerplate": 0.70,
    },
    ("dedup", "heldout"): {
        "junk_removed": 0.80,
        "lost": 0.002,
        "removal_precision": 0.99,
        "headline_repeat": 0.98,
        "near_duplicate": 0.89,
        "inline_duplicate": 0.92,
        "related_link": 0.75,
        "boilerplate": 0.50,
    },
}
AEB_CLEAN_MAX_LOST = 0.0015  # dedup on the 146 caveat-free human-annotated bodies
CORPUS_FLOORS: dict[str, dict[str, float]] = {  # dedup.Cleaner().fit(pages) then .analyze(...)
    "train": {
        "junk_removed": 0.94,
        "lost": 0.002,
        "removal_precision": 0.99,
        "boilerplate": 0.86,
        "related_link": 0.97,
        "headline_repeat": 0.98,
        "pairs_recall": 0.75,
    },
    "heldout": {
        "junk_removed": 0.91,
        "lost": 0.002,
        "removal_precision": 0.99,
        "boilerplate": 0.80,
        "related_link": 0.97,
        "headline_repeat": 0.98,
        "pairs_recall": 0.5,
    },
}


@pytest.fixture(scope="module")
def bench() -> dict:
    """One quick run of the benchmark on dedup only (single page and corpus mode)."""

    return run.run_benchmark(
        quick=True, tools=["dedup", "dedup-corpus"], sanity_tools=["dedup"], doc_baseline=False
    )


def test_farm_is_deterministic_and_gold_recoverable() -> None:
    """Same seed, same corpus; gold is exactly the text outside the spans; seeds differ."""

    for styles in ("train", "heldout"):
        a = farm.make_corpus(n_pages=30, seed=3, styles=styles)
        assert a == farm.make_corpus(n_pages=30, seed=3, styles=styles)
        pages, gold = a
        for p, g in zip(pages, gold):
            assert farm.cut_spans(p["text"], g["spans"]) == g["gold"]
            assert g["gold"].startswith(p["title"] + "\n\n")
            assert all(s["label"] in farm.LABELS for s in g["spans"])
        assert any(g["duplicate_of"] for g in gold)
    assert farm.make_corpus(n_pages=10, seed=4, styles="train") != farm.make_corpus(
        n_pages=10, seed=3, styles="train"
    )


def test_train_and_heldout_styles_are_disjoint() -> None:
    """No cue, emoji, bio or slogan wording is shared by the two style families."""

    for f in (
        "related_cues",
        "emoji",
        "bios",
        "slogans",
        "teaser_headers",
        "newsletter",
        "headline_prefixes",
    ):
        assert not set(getattr(farm.TRAIN, f)) & set(getattr(farm.HELDOUT, f)), f


def test_metrics_on_trivial_outputs() -> None:
    """Keeping everything removes no junk; returning the gold removes all of it and loses nothing."""

    pages, gold = farm.make_corpus(n_pages=8, seed=5, styles="train")
    keep = metrics.pool(
        metrics.evaluate_page(p["text"], p["text"], g["gold"], g["spans"]) for p, g in zip(pages, gold)
    )
    assert keep["junk_removed"] == 0 and keep["lost"] == 0
    perfect = metrics.pool(
        metrics.evaluate_page(p["text"], g["gold"], g["gold"], g["spans"]) for p, g in zip(pages, gold)
    )
    assert perfect["junk_removed"] == 1 and perfect["lost"] == 0 and perfect["exact"] == 1
    # without flags the removed tokens come from a line/token alignment, which is ambiguous where junk
    # repeats content; on the full corpus a perfect output scores about 0.99 block recall
    assert perfect["block_recall"]["all"][0] >= 0.95 and perfect["removal_precision"] >= 0.95
    flagged = metrics.pool(
        metrics.evaluate_page(
            p["text"],
            g["gold"],
            g["gold"],
            g["spans"],
            [(s["start"], s["end"], s["label"]) for s in g["spans"]],
        )
        for p, g in zip(pages, gold)
    )
    assert flagged["block_recall"]["all"][0] == 1 and flagged["removal_precision"] == 1
    assert flagged["flags_exact"] == 1 and all(v[0] == 1 for v in flagged["block_precision"].values())


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_dedup_floors(bench: dict, key: tuple[str, str]) -> None:
    """dedup stays above the measured floors on the quick farm corpus."""
    tool, styles = key
    r = bench["farm"][styles][tool]
    if not r["available"]:
        pytest.skip(r["note"])
    floors = FLOORS[key]
    got = {"junk_removed": r["junk_removed"], "lost": r["lost"], "removal_precision": r["removal_precision"]}
    got.update({lab: r["block_recall"].get(lab, (1.0, 0))[0] for lab in farm_labels()})
    bad = {k: (round(got[k], 4), v) for k, v in floors.items() if (got[k] > v if k == "lost" else got[k] < v)}
    assert not bad, f"{tool}/{styles} below floor (got, floor): {bad}"


def test_dedup_keeps_clean_articles(bench: dict) -> None:
    """dedup loses almost nothing from caveat-free human-annotated bodies and cleans the seeds exactly."""
    r = bench["sanity"]["aeb_clean"]["dedup"]
    if not r["available"]:
        pytest.skip(r["note"])
    assert r["lost"] <= AEB_CLEAN_MAX_LOST, r["lost"]
    assert bench["sanity"]["seeds"]["dedup"]["exact"] == 1.0


def test_dedup_corpus_floors(bench: dict) -> None:
    """Corpus mode (dedup.Cleaner) stays above its floors; skipped while it does not exist."""
    for styles in ("train", "heldout"):
        r = bench["farm"][styles]["dedup-corpus"]
        if not r["available"]:
            pytest.skip(r["note"])
        for k, v in CORPUS_FLOORS.get(styles, {}).items():
            got = (
                r["lost"]
                if k == "lost"
                else r["pairs"]["recall"]
                if k == "pairs_recall"
                else r["block_recall"].get(k, (r.get(k, 0.0), 0))[0]
                if k in farm_labels()
                else r[k]
            )
            assert (got <= v) if k == "lost" else (got >= v), (styles, k, got, v)


def farm_labels() -> tuple[str, ...]:
    """The injected labels."""

    return farm.LABELS
