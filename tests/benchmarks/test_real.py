"""Regression guard: the real-page benchmark's quick mode (benchmarks/real/run.py --quick) on dedup.

The quick mode cleans 20 fixed pages of each set (WCXB, trafilatura-eval, AEB), rendered as r1 and r2, with
dedup.clean and scores them against the gold. The floors and ceilings below sit a little below / above what
it measured on the code of the commit that set them. Raise the floors (lower the ceilings) when dedup gets
better; never loosen them to make a change pass: a change that needs that is a regression on real pages.
"""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.real import data, measures, render, run
from tests.support import SHARED

pytestmark = pytest.mark.skipif(
    not all((SHARED / "data" / d / "html").exists() for d in ("wcxb", "trafilatura-eval"))
    or not (SHARED / "data" / "article-extraction-benchmark" / "ground-truth.json").exists(),
    reason="../shared/data (wcxb, trafilatura-eval, article-extraction-benchmark) is not next to the repo",
)

# Set with the learned line model. The quick run measured wcxb r1 0.707 / 0.43%, r2 0.173 / 0.17%;
# aeb r1 0.504 / 2.73%, r2 0.243 / 3.12%; trafilatura-eval `without` removed r1 0.407, r2 0.320, `with`
# lost 0. The model removes far more junk than the rules alone (their floors: 0.10 / 0.09 / 0.18 / 0.20),
# for a little more gold on two groups, whose ceilings rose with it (wcxb r1 0.25% -> 0.55%, aeb r2
# 3.10% -> 3.30%; the quick aeb pages hold the meal plan whose repeated lines cost most of that).
# (set, rendering): the least share of the rendering's junk tokens dedup must remove
JUNK_FLOORS = {
    ("wcxb", "r1"): 0.66,
    ("wcxb", "r2"): 0.15,
    ("aeb", "r1"): 0.46,
    ("aeb", "r2"): 0.21,
}
# (set, rendering): the most gold tokens (share of all gold tokens) dedup may remove
LOST_CEILINGS = {
    ("wcxb", "r1"): 0.0055,
    ("wcxb", "r2"): 0.0025,
    ("aeb", "r1"): 0.0290,
    ("aeb", "r2"): 0.0330,
}
# trafilatura-eval, by rendering: least share of the rendering's `without` snippets removed, and most
# share of `with` snippets lost
SNIPPET_FLOORS = {"r1": 0.36, "r2": 0.28}
SNIPPET_CEILINGS = {"r1": 0.005, "r2": 0.005}


@pytest.fixture(scope="module")
def quick() -> dict:
    """The quick run's scores by group and system (in this process: no worker start-up)."""
    if not all(render.cache_path(s, r).exists() for s in data.SETS for r in run.QUICK_RENDERINGS):
        pytest.importorskip("resiliparse", reason="the render cache is empty and resiliparse is missing")
    opts = run.Options(renderings=list(run.QUICK_RENDERINGS), peers=False, jobs=1, quick=True)
    return run.run_benchmark(opts)


@pytest.mark.parametrize(("set_name", "rendering"), sorted(JUNK_FLOORS))
def test_quick_token_scores_hold(quick: dict, set_name: str, rendering: str) -> None:
    got = quick["groups"][set_name][f"{rendering}+dedup"]
    assert got["pages"] == run.QUICK_PAGES
    assert got["junk_removed"] >= JUNK_FLOORS[set_name, rendering]
    assert got["gold_lost"] <= LOST_CEILINGS[set_name, rendering]


@pytest.mark.parametrize("rendering", sorted(SNIPPET_FLOORS))
def test_quick_snippet_scores_hold(quick: dict, rendering: str) -> None:
    got = quick["groups"]["trafilatura-eval"][f"{rendering}+dedup"]
    assert got["pages"] == run.QUICK_PAGES
    assert got["without_removed_by_cleaning"] >= SNIPPET_FLOORS[rendering]
    assert got["with_lost_by_cleaning"] <= SNIPPET_CEILINGS[rendering]


def test_pooled_figures_are_realchecks(quick: dict) -> None:
    """The runner pools as ../shared/tools/realcheck.py does: recompute AEB r1 its way on the same pages."""
    import dedup

    ts = measures.textscore()
    texts = render.read_cache("aeb", "r1") if render.cache_path("aeb", "r1").exists() else None
    c: Counter = Counter()
    for page in data.load("aeb", ids=run.quick_ids("aeb")):
        text = texts[page.id]["text"] if texts else render.r1(page.html)
        t, o, g = ts.tokens(text), ts.tokens(dedup.clean(text)), ts.tokens(page.gold or "")
        c.update(junk=sum((t - g).values()), left=sum((o - g).values()), gold=sum(g.values()))
        c.update(in_gold=sum((t & g).values()), kept=sum((o & g).values()))
    got = quick["groups"]["aeb"]["r1+dedup"]
    assert got["junk_removed"] == pytest.approx(1 - c["left"] / c["junk"])
    assert got["gold_lost"] == pytest.approx((c["in_gold"] - c["kept"]) / c["gold"])


@pytest.mark.parametrize(
    ("out", "gold", "base"),
    [
        ("The cat sat.\n\nOn the mat.", "The cat sat on the mat.", "Menu\nThe cat sat.\nOn the mat.\nShare"),
        ("", "Some gold.", "Only junk here"),
        ("Same  text", "Same text", "Same text and more"),
        ("", "", "junk"),
    ],
)
def test_page_scores_are_textscores(out: str, gold: str, base: str) -> None:
    ts = measures.textscore()
    row = measures.Scorer(gold, [], []).score(out, base=base)
    want = ts.score(out, gold, base)
    assert row["f1"] == pytest.approx(want["f1"])
    assert row["exact"] == int(want["exact"])
    assert 1 - row["left"] / max(1, row["junk"]) == pytest.approx(want["junk_removed"])


def test_snippets_fold_whitespace_and_keep_case() -> None:
    scorer = measures.Scorer(None, ["the cat  sat", "Lost line"], ["Menu", "share this"])
    row = scorer.score("The cat\nsat down.\nthe cat sat\nShare this", base="Menu\nthe cat sat\nLost line")
    assert (row["with"], row["with_kept"]) == (2, 1)  # "the cat sat" across whitespace; "Lost line" gone
    assert (row["without"], row["without_absent"]) == (2, 2)  # "Share this" is not "share this"
    assert (row["with_lost"], row["without_in_base"], row["without_removed"]) == (1, 1, 1)
