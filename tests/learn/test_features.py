"""Line features: one row per line, the shapes the model relies on, the same values however they are built."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.learn.context import CONTEXT_FEATURES, context_features
from dedup.learn.features import FEATURES, StopWords, page_features
from dedup.report import Flag
from dedup.text.segment import segment

STOPS = StopWords({"en": ["the", "of", "and", "a", "to", "in", "is"], "de": ["der", "die", "und", "ist"]})
PAGE = (
    "Home\n  • News\n  • Sport\n  • Weather\n\nCity opens the new bridge\n\n"
    "The city opened the new bridge on Monday, three years after the work began.\n\n"
    "The mayor said the crossing is the first of two, and the second is due in 2027.\n\n"
    "© 2024 The Courier\nPrivacy | Terms | Contact"
)


def _col(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, FEATURES.index(name)]


def test_the_shapes_of_menus_paragraphs_and_footers():
    page = segment(PAGE)
    last = page.lines[-1]
    flags = [Flag(last.start, last.end, "boilerplate", 0.85, "navigation", "boilerplate")]
    x = page_features(page, flags, STOPS)
    assert x.shape == (len(page.lines), len(FEATURES)) and x.dtype == np.float32
    texts = [ln.text for ln in page.lines]
    news, para, footer = texts.index("• News"), 5, len(texts) - 1
    assert _col(x, "starts_bullet")[news] == 1 and _col(x, "indent")[news] == 2
    assert _col(x, "short_run")[news] == np.float32(np.log1p(4))  # (Home and its three entries)
    assert _col(x, "ends_sentence")[para] == 1 and _col(x, "stop_share")[para] > 0.2
    assert _col(x, "in_main")[para] == 1 and _col(x, "in_main")[news] == 0
    assert _col(x, "text_before")[news] == 0 and _col(x, "text_after")[footer] == 0
    assert _col(x, "rule_boilerplate")[footer] == 1 and _col(x, "rule_boilerplate@+1")[footer - 1] == 1
    assert _col(x, "dateish")[para + 1] == 1 and _col(x, "dateish")[para] == 0
    assert _col(x, "separator_share")[footer] > 0
    assert _col(x, "same_para@+1")[news] == 1 and _col(x, "same_para@+1")[footer] == -1


def test_a_page_in_german_counts_german_stop_words():
    x = page_features(segment("Der Hund ist alt und die Katze ist jung."), [], STOPS)
    assert _col(x, "stop_share")[0] == 5 / 9


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("ab .\n•|:©7") + ["\n\n", "  ", "Über", "x" * 40]), max_size=80))
def test_any_text_gives_finite_features_one_row_per_line(pieces):
    page = segment("".join(pieces))
    x = page_features(page, [], STOPS)
    assert x.shape == (len(page.lines), len(FEATURES)) and np.isfinite(x).all()
    c = context_features(np.linspace(0, 1, len(page.lines)), np.ones(len(page.lines)))
    assert c.shape == (len(page.lines), len(CONTEXT_FEATURES)) and np.isfinite(c).all()
