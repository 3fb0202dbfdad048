"""The learned stage: what the model calls junk is flagged with its probability and traits, never the
headline, never the article's paragraphs (a run of sentences that holds a paragraph the model keeps is kept
unless the model is all but sure); its thresholds are settings."""

from __future__ import annotations

import numpy as np

import dedup
from dedup.config import Config, LearnedConfig
from dedup.detectors import Context
from dedup.detectors.learned import _in_kept_text, detect, traits
from dedup.learn.features import FEATURES, page_features
from dedup.learn.model import shipped
from dedup.text.segment import segment

PARAGRAPHS = [
    "Heavy rain overnight sent the river over its banks on Tuesday, flooding dozens of homes in the lower "
    "valley and closing the main road into town for most of the day.",
    "Residents said the water rose faster than anyone could remember, and volunteers worked through the "
    "night to fill sandbags outside the school and the church hall.",
    "The council said it would open an emergency shelter in the sports centre and asked people living near "
    "the river to move their cars to higher ground before the evening.",
]
TITLE = "Storm floods the valley as rivers burst their banks"
FOOTER = ["About", "Contact Us", "Advertise", "Careers", "Help"]


def _page() -> str:
    return "\n\n".join([TITLE, *PARAGRAPHS]) + "\n\n" + "\n".join(FOOTER)


def _learned(text: str, config: Config | None = None) -> list[dedup.Flag]:
    return [f for f in dedup.analyze(text, config=config).flags if f.detector == "learned"]


def test_a_run_of_short_footer_lines_is_flagged_with_why():
    text = _page()
    flags = _learned(text)
    assert flags, "the footer's run of short lines reads as page furniture"
    for f in flags:
        assert text[f.start : f.end] in FOOTER
        assert f.label == "boilerplate" and f.reason.startswith(f"learned: p={f.score:.2f}")
        assert "short lines" in f.reason and 0.0 < f.score <= 1.0


def test_the_headline_and_the_paragraphs_stay():
    text = _page()
    out = dedup.clean(text)
    assert out.startswith(TITLE) and all(p in out for p in PARAGRAPHS)
    assert not any(text[f.start : f.end] == TITLE for f in _learned(text))


def test_the_threshold_is_a_setting():
    text = _page()
    strict = Config().replace(learned={"threshold": 1.0})
    assert _learned(text, strict) == []
    loose = Config().replace(learned={"threshold": 0.5})
    assert len(_learned(text, loose)) >= len(_learned(text))


def test_traits_name_what_reads_as_furniture():
    row = np.zeros(len(FEATURES))
    col = {name: i for i, name in enumerate(FEATURES)}
    row[col["short_run"]] = np.log1p(6)
    row[col["log_words"]] = np.log1p(4)
    row[col["in_main"]] = 0
    row[col["text_before"]] = 0
    said = traits(row)
    assert "one of a run of 6 short lines" in said
    assert "no sentence end" in said and "in the page's head, before the main text" in said
    row[col["in_main"]] = 1
    row[col["ends_sentence"]] = 1
    row[col["stop_share"]] = 0.4
    row[col["short_run"]] = 0
    assert traits(row) == []


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
