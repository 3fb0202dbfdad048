"""Page furniture (dedup/detectors/boilerplate/furniture.py): on a line of its own, with a count, in capitals
between two sentences; furniture words in prose or heading their own paragraph stay."""

from __future__ import annotations

import pytest

import dedup

from .pages import P2, P, labels_of


@pytest.mark.parametrize("line", ["Advertisement", "ADVERTISEMENT", "— Sponsored —", "Anzeige", "Publicidad"])
def test_page_furniture_on_its_own_line(line):
    assert labels_of(line) == ["boilerplate"]


def test_furniture_words_inside_prose_are_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nThe advertisement ran for weeks before the festival and drew "
        "complaints from residents, who said the posters covered half the bus stops in town."
    )
    assert dedup.clean(text) == text


def test_furniture_in_capitals_between_two_sentences_is_cut():
    para = "The gates open at noon on Friday. ADVERTISEMENT Tickets are still on sale at the box office."
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{para}")
    assert (
        r.clean
        == f"Festival Returns\n\n{P}\n\nThe gates open at noon on Friday. Tickets are still on sale at the "
        "box office."
    )
    # capitals, not furniture
    para = "The gates open at noon on Friday. NATO Secretary General Mark Rutte will attend."
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\n{para}").flags == []


def test_a_furniture_word_heading_its_own_paragraph_is_kept():
    text = (
        "Media group reports record profit\n\nRevenue rose 8 per cent.\n\nAdvertising\nAdvertising revenue "
        "fell 3 per cent.\n\nPrint\nPrint circulation fell 11 per cent."
    )
    assert dedup.analyze(text).flags == []
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\nAdvertisement\n\n{P2}").flags] == [
        "boilerplate"
    ]


@pytest.mark.parametrize(
    "line",
    ["4 Comments", "Comments (12)", "5 min read", "Reading time: 4 minutes", "Menu", "Skip to main content"],
)
def test_furniture_with_a_count_or_from_a_menu(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]
