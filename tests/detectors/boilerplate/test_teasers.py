"""Teasers (dedup/detectors/boilerplate/teasers.py): a list under a teaser header, a paragraph of teasers, a
run of teaser lines; a list of facts, a table of figures, the article's own list are not teasers."""

from __future__ import annotations

import pytest

import dedup

from .pages import BODY, P2, P


def test_teaser_list_under_header():
    teasers = (
        "Band Announces Tour. Band Announces Tour. The band will play twelve dates in the autumn, "
        "starting in Glasgow and ending in [...] New Album Due in May New Album Due in May The singer "
        "confirmed the record is finished and that it will be released […]"
    )
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\nOther articles\n\n{teasers}")
    assert [f.label for f in r.flags] == ["boilerplate", "boilerplate"]
    assert r.clean == f"Festival Returns\n\n{P}"


def test_list_of_facts_is_not_a_teaser_list():
    facts = (
        "• Dates: 12-14 July\n  • Stages: three, including a new acoustic tent\n"
        "  • Tickets: from £45, on sale now\n  • Headliners: to be announced in March"
    )
    text = f"Festival Returns\n\n{P}\n\nThe essentials:\n\n{facts}"
    assert dedup.clean(text) == text


def test_doubled_sentences_in_prose_are_not_a_teaser_run():
    s1 = "Officials said the stages would be moved further from the houses this year to cut the noise."
    s2 = "Residents had asked for earlier finishing times on Sunday night after last year's complaints."
    text = f"Festival Returns\n\n{P}\n\n{s1} {s1} The council agreed. {s2} {s2}"
    r = dedup.analyze(text)
    assert {f.label for f in r.flags} == {"inline_duplicate"}


def test_teasers_with_summaries_cut_off_under_a_header():
    items = [
        "Council Votes on the New Bridge Plan Councillors will decide on Tuesday whether the city should "
        "borrow money for a second crossing over the river, a plan first floated [...]",
        "Record Heat Expected This Weekend Forecasters warn that temperatures could top 35C in the valley, "
        "and the water company has asked households to →",
    ]
    text = f"Festival Returns\n\n{P}\n\nMore stories\n\n" + "\n\n".join(items)
    assert dedup.clean(text) == f"Festival Returns\n\n{P}"


def test_a_run_of_doubled_headline_teasers_without_a_header():
    items = [
        "Bridge Plan Approved Bridge Plan Approved Councillors voted on Tuesday to borrow money for a "
        "second crossing over the river…",
        "Heat Wave Coming Heat Wave Coming Forecasters warn that temperatures could top 35C in the "
        "valley this weekend…",
    ]
    text = f"Festival Returns\n\n{P}\n\n" + "\n\n".join(items)
    assert dedup.clean(text) == f"Festival Returns\n\n{P}"


def test_prose_paragraphs_ending_with_an_ellipsis_are_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nThe headliner has not been named yet, and the organisers would only "
        "say that it is a band that has never played the valley before...\n\n"
        "Tickets go on sale on Friday morning, and last year they sold out within a few hours..."
    )
    assert dedup.clean(text) == text


def test_a_table_of_figures_under_a_popular_heading_is_the_articles():
    table = "Most popular with analysts\nTelkomsel, target price Rp 4.200\nMitratel, target price Rp 850"
    assert dedup.analyze("Quarterly results\n\n" + BODY.format(line=table)).flags == []


def test_a_long_teaser_style_heading_inside_the_body_heads_the_articles_own_list():
    lst = "Most read books of the year\nThe Empusium by Olga Tokarczuk\nPeasant Women by Joanna Kuciel"
    assert dedup.analyze("Quarterly results\n\n" + BODY.format(line=lst)).flags == []


@pytest.mark.parametrize(
    "tail",
    [
        "\n\nRecommended Stories\nBundesbank Warns of Recession Risk in Germany"
        "\nEuro Slides After Weak Factory Data",
    ],
)
def test_footer_junk_goes_with_what_belongs_to_it(tail):
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{P2}{tail}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"
