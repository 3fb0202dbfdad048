"""Doubled sentences inside a line."""

from __future__ import annotations

import dedup


def test_caption_doubled():
    text = (
        "Intro paragraph with some words in it.\n\nThe mayor at the ribbon cutting. The mayor at the ribbon "
        "cutting."
    )
    r = dedup.analyze(text)
    assert [f.label for f in r.flags] == ["inline_duplicate"]
    assert r.clean == "Intro paragraph with some words in it.\n\nThe mayor at the ribbon cutting."


def test_tripled_keeps_one():
    s = "Photo shows the new bridge at dawn."
    assert dedup.clean(f"Intro text here for the page.\n\n{s} {s} {s}").count(s) == 1


def test_short_repetition_is_prose():
    text = "Intro text here for the page.\n\nHe said it twice: no, no. Then bye bye, and New York, New York."
    assert dedup.clean(text) == text
