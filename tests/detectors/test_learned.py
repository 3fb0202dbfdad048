"""The learned stage's decision: a run of sentences that holds a paragraph the model keeps is kept unless the
model is all but sure."""

from __future__ import annotations

import numpy as np

from dedup.config import Config, LearnedConfig
from dedup.detectors import Context
from dedup.detectors.learned import _in_kept_text, detect
from dedup.learn.features import page_features
from dedup.learn.model import shipped
from dedup.text.segment import segment

LINES = [
    "Menu",
    "The first paragraph of the story tells what happened in the town this week.",
    "The second paragraph goes on with what the mayor said to the reporters there.",
    "He declined to say more.",
    "Jane Doe",
    "Jane Doe is a writer who lives in the town and writes about its council.",
]
# the model keeps the first paragraph and would cut the rest
P = np.array([0.99, 0.10, 0.95, 0.95, 0.99, 0.95])


def _context(cfg: Config) -> Context:
    page = segment("\n".join(LINES), "Menu")
    assert [ln.text for ln in page.lines] == LINES
    ctx = Context.build(page, cfg)
    x = page_features(page, [], shipped().stop_words)
    ctx.facts.junk_probability = (P, x)
    return ctx


def test_the_sentences_that_continue_a_kept_paragraph_are_one_text():
    ctx = _context(Config())
    x = ctx.facts.junk_probability[1]
    # the name line ends the run: the bio after it is not part of the kept text
    assert _in_kept_text(ctx, x, P, 0.9).tolist() == [False, True, True, True, False, False]


def _flagged(cfg: Config) -> list[int]:
    starts = {ln.start: ln.index for ln in segment("\n".join(LINES)).lines}
    return sorted(starts[f.start] for f in detect(_context(cfg)))


def test_the_learned_stage_cuts_a_run_of_kept_text_only_when_all_but_sure():
    # (the first line is the given title, which the stage never removes)
    assert _flagged(Config(learned=LearnedConfig(threshold=0.9))) == [4, 5]
    assert _flagged(Config(learned=LearnedConfig(threshold=0.9, kept_text_threshold=0.9))) == [2, 3, 4, 5]
