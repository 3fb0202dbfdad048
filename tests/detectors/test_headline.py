"""Repeated headlines: own line, doubled inline, prefixed, near copies; the first occurrence stays."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.detectors.headline import _find
from tests.support import RULES

T = "Council Approves a Larger Budget for the Coming Year"
P1 = "The council voted on Tuesday to approve a budget that is larger than last year's by six percent."
P2 = "Residents asked for more spending on roads and libraries, and the mayor agreed to both requests."


def labels(text, **kw):
    return [f.label for f in dedup.analyze(text, **kw).flags]


def test_title_on_its_own_line_again():
    text = f"{T}\n\n{T}\n\n{P1}\n\n{T}\n\n{P2}"
    r = dedup.analyze(text)
    assert [f.label for f in r.flags] == ["headline_repeat", "headline_repeat"]
    assert r.clean == f"{T}\n\n{P1}\n\n{P2}"


def test_title_doubled_inline_line_goes():
    text = f"{T}\n\n{P1}\n\n{T}. {T}.\n\n{P2}"
    assert dedup.clean(text) == f"{T}\n\n{P1}\n\n{P2}"


def test_title_with_prefix():
    text = f"{T}\n\n{P1}\n\nFAQ: {T}\n\n{P2}"
    assert labels(text) == ["headline_repeat"]


def test_title_glued_before_a_paragraph_is_cut_not_the_paragraph():
    text = f"{T}\n\n{P1}\n\n{T}. {P2}"
    out = dedup.clean(text)
    assert out.count(T) == 1 and P2 in out


def test_near_copy_of_title():
    near = "Council Approves Larger Budget for the Coming Year!"  # one word dropped
    text = f"{T}\n\n{P1}\n\n{near}\n\n{P2}"
    assert labels(text) == ["headline_repeat"]


def test_given_title_not_in_text_first_occurrence_stays():
    text = f"{P1}\n\n{T}\n\n{P2}\n\n{T}"
    r = dedup.analyze(text, title=T)
    assert r.clean.count(T) == 1 and r.clean.index(T) == text.index(T)


def test_title_not_on_first_line():
    text = f"Local news\n\n{T}\n\n{P1}\n\n{T}\n\n{P2}"
    assert dedup.clean(text) == f"Local news\n\n{T}\n\n{P1}\n\n{P2}"


def test_short_repeated_heading_mentions_are_kept():
    text = f"{T}\n\n{P1}\n\nThe vote came after the council approves a larger budget for roads.\n\n{P2}"
    assert labels(text) == []


def test_title_copy_with_a_site_suffix_goes_whole():
    body = (
        "The festival returns this summer with more than forty bands on three stages across the park, and "
        "organisers expect record crowds."
    )
    for copy in (
        "Festival Returns To The Park | Reuters",
        "Festival Returns To The Park - Morning Echo News",
    ):
        r = dedup.analyze(f"Festival Returns To The Park\n\n{body}\n\n{copy}")
        assert r.clean == f"Festival Returns To The Park\n\n{body}", copy


def test_title_copy_with_a_domain_or_several_suffix_parts_goes_whole():
    body = (
        "The festival returns this summer with more than forty bands on three stages across the park, and "
        "organisers expect record crowds."
    )
    for suffix in (
        " - lemonde.fr",
        " | Reuters | Culture",
        " :: Morning Echo",
        " – Deutsche Welle (DW)",
        "_新浪新闻",
    ):
        r = dedup.analyze(f"Festival Returns To The Park\n\n{body}\n\nFestival Returns To The Park{suffix}")
        assert r.clean == f"Festival Returns To The Park\n\n{body}", suffix
    # a title ending in its own punctuation ("… by 65%") keeps it before the suffix
    title = "Saving Data: Reducing the Size of App Updates by 65%"
    r = dedup.analyze(f"{title}\n\n{body}\n\n{title} | Velvet Lantern")
    assert r.clean == f"{title}\n\n{body}"


def test_a_lower_case_clause_after_the_title_is_no_site_suffix():
    body = (
        "The festival returns this summer with more than forty bands on three stages across the park, and "
        "organisers expect record crowds."
    )
    line = "Festival Returns To The Park - according to the organisers"
    assert dedup.clean(f"Festival Returns To The Park\n\n{body}\n\n{line}").endswith(line)


def test_a_title_that_is_a_phrase_of_a_sentence_is_the_articles_text():
    # a quote, a name in brackets, a question after a colon, a lede that opens with the title and goes on
    cases = [
        (
            "‘It was like a war zone’",
            "Margaret Doyle, 67, was asleep when the blast shattered her windows. "
            "“It was like a war zone,” she said. “There was glass everywhere.”",
        ),
        (
            "Leonardo da Vinci",
            "The show, named after its subject (Leonardo da Vinci), opens in Paris on Monday.",
        ),
        (
            "Who killed Olof Palme?",
            "For 34 years Sweden asked one question: who killed Olof Palme? Now it knows.",
        ),
        (
            "Climate change is accelerating",
            "Climate change is accelerating, according to a report published "
            "on Thursday by the World Meteorological Organization.",
        ),
        ("The Last of Us", 'HBO has renewed "The Last of Us" for a third season, the network said.'),
        (
            "Council Approves Bridge Plan",
            "Original title: Council Approves Bridge Plan, Ending Months of Debate",
        ),
    ]
    for title, body in cases:
        text = f"{title}\n\n{body}"
        assert dedup.analyze(text).flags == [], title


def test_a_title_copy_that_is_a_sentence_of_a_paragraph_is_cut_with_its_space():
    text = f"{T}\n\n{P1} {T}. {P2}"
    assert dedup.clean(text) == f"{T}\n\n{P1} {P2}"
    text = f"{T}\n\n{P1} {T}. the council went on, in lower case."  # the next words continue it: a phrase
    assert dedup.analyze(text).flags == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abc"), max_size=14), st.lists(st.sampled_from("abc"), min_size=1, max_size=4)
)
def test_find_is_every_occurrence(words, sub):
    """The title finder reports exactly the positions a plain scan finds (overlapping ones included)."""
    words, sub = tuple(words), tuple(sub)
    expected = [i for i in range(len(words) - len(sub) + 1) if words[i : i + len(sub)] == sub]
    assert _find(words, sub) == expected


def test_a_scan_kept_for_one_title_source_serves_another_with_its_own_reasons():
    """The corpus run scans a page under its first line and again under its given title (often the same
    words): the second scan comes from the page's memo; its flags must be what a fresh analysis finds under
    the given title, reasons naming the given title, and a title of other words must not take the kept
    scan."""
    from dedup.config import Config
    from dedup.detectors import Context
    from dedup.pipeline import Doc, fingerprint_many, page_flags
    from dedup.text.segment import segment

    head = "Council Approves the New Budget for Libraries"
    body = (
        "The council voted on Tuesday to expand the budget for the city's libraries and pools.\n\n"
        f"{head}\n\nMembers said the plan would be published before the spring meeting.\n\n"
        f"{head} | The Morning Echo\n\nResidents welcomed the news. {head}. Libraries open later."
    )
    cases = [
        (head, f"{head}\n\n{body}"),  # given title = first line: the kept scan serves
        (head, f"{head}. {head}.\n\n{body}"),  # first line doubled: other words
        ("Libraries to Get More Money", f"{head}\n\n{body}"),
    ]  # another title
    cfg = Config()
    flags: list = []
    fingerprint_many(
        [Doc(text, f"d{i}", title) for i, (title, text) in enumerate(cases)], cfg, single_page_flags=flags
    )
    for (title, text), got in zip(cases, flags):
        fresh = [f for _, fl in page_flags(Context.build(segment(text, title), cfg)) for f in fl]
        assert got == fresh
        assert any(f.label == "headline_repeat" for f in got)
        assert not any("the first line" in f.reason for f in got)  # (the source of the scan kept first)
        assert all(
            re.search(r"the title \((the given title|line \d+, a heading that recurs)\)", f.reason)
            for f in got
            if f.label == "headline_repeat"
        )


def test_the_title_after_a_breadcrumb_date_and_byline_is_found():
    text = f"Local news\nMarch 14, 2024\nBy Sarah Mitchell\n{T}\n\n{P1}\n\n{P2}\n\n{T}"
    expected = f"Local news\nMarch 14, 2024\nBy Sarah Mitchell\n{T}\n\n{P1}\n\n{P2}"
    assert dedup.clean(text, config=RULES) == expected  # (the headline rule; the model may take the date)


def test_a_breadcrumb_ending_in_the_title_does_not_take_the_headline_away():
    text = f"Home › News › {T}\n{T}\n\n{P1}\n\n{P2}"
    assert dedup.analyze(text).flags == []
    r = dedup.analyze(text + f"\n\n{T}")
    assert r.clean == text  # the later copy goes, the headline under the breadcrumb stays


def test_a_question_put_to_each_guest_is_not_a_recurring_heading():
    text = (
        "Two chefs, one set of questions\n\nWhat was the first dish you learned to cook?\nMy grandmother's "
        "ragù, says Marco Rossi.\n\nWe put the same question to Aiko Tanaka.\n\nWhat was the first dish you "
        "learned to cook?\nTamagoyaki, the rolled omelette."
    )
    assert dedup.analyze(text).flags == []


def test_contents_at_the_top_do_not_take_the_sections_headings():
    text = (
        f"{T}\n\nIn this article:\nWhat the Budget Pays For\nWhere the Money Comes From\n\nWhat the Budget "
        f"Pays For\n\n{P1}\n\nWhere the Money Comes From\n\n{P2}"
    )
    assert [f.label for f in dedup.analyze(text).flags if f.label == "headline_repeat"] == []
