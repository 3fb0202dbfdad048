"""Idempotence: a clean text cleaned again stays as it is (clean(clean(x)) == clean(x)).

The minimal cases below are inputs that once broke it. The property test draws pages built to make the
detectors interact (short lines repeated, a line copied with a few letters before it, single and double line
breaks) and runs `IDEMPOTENCE_EXAMPLES` of them: marked slow, deselected by default; run it with
`python -m pytest -m slow tests/test_idempotence.py` (about 4 minutes of CPU: 20,000 pages passed at
commit 5e691e1)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedup
from benchmarks.hostile.inputs import PARAGRAPH, UNSTABLE, templated_list
from tests.test_properties import JUNKY, PARA, SENTENCE

#: examples of the slow property test
IDEMPOTENCE_EXAMPLES = 20_000


@pytest.mark.parametrize("text", [*UNSTABLE, "Budget passes\n\n" + "\n\n".join([PARAGRAPH] * 3)])
def test_a_clean_text_cleaned_again_stays_as_it_is(text):
    once = dedup.clean(text)
    assert dedup.clean(once) == once


def test_a_paragraph_repeated_ten_thousand_times_keeps_one_copy():
    """It used to be read as a label of the page's template (a short line printed three times or more) and
    all 10,000 copies were kept."""
    text = "Budget passes\n\n" + "\n\n".join([PARAGRAPH] * 10_000)
    once = dedup.clean(text)
    assert once == "Budget passes\n\n" + PARAGRAPH
    assert dedup.clean(once) == once


def test_a_label_between_other_lines_is_still_kept():
    """Copies printed between other lines stay a template's labels (only stacked copies are pasted text)."""
    text = "Menu of the week\n\n" + "\n\n".join(
        f"Day {d} has its own soup and bread today.\nServed with a glass of water and fruit."
        for d in range(4)
    )
    assert dedup.clean(text).count("Served with a glass of water and fruit.") == 4


def test_a_long_templated_list_cleaned_again_stays_as_it_is():
    once = dedup.clean(templated_list(4))  # (1,000 rows of one template, other figures in each)
    assert dedup.clean(once) == once


SHORT_WORD = st.sampled_from(
    [
        "E",
        "T",
        "a",
        "t",
        "d",
        "w",
        "14",
        "Plan",
        "meals",
        "Artist",
        "Mechanical-Hand",
        "Share",
        "Tweet",
        ")",
        "|",
    ]
)
SHORT_LINE = st.lists(SHORT_WORD, min_size=1, max_size=6).map(" ".join)
LINE = st.one_of(SHORT_LINE, SENTENCE, PARA, JUNKY)


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Lines, then copies of some of them put back anywhere: whole, after a few letters, or cut short."""
    base = draw(st.lists(LINE, min_size=1, max_size=8))
    lines = list(base)
    for _ in range(draw(st.integers(0, 6))):
        copy = draw(st.sampled_from(base))
        how = draw(st.sampled_from(["whole", "prefixed", "cut"]))
        if how == "prefixed":
            copy = draw(SHORT_LINE) + " " + copy
        elif how == "cut":
            copy = copy[: max(1, len(copy) // 2)]
        lines.insert(draw(st.integers(0, len(lines))), copy)
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


@pytest.mark.slow
@settings(
    max_examples=IDEMPOTENCE_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pages())
def test_cleaning_is_idempotent(page):
    once = dedup.clean(page)
    assert dedup.clean(once) == once, (page, once)
