"""The boilerplate detector as a whole (dedup/detectors/boilerplate/__init__.py): its rules in order, a line
taken by one rule unseen by the later ones."""

from __future__ import annotations

import dedup

from .pages import P


def test_safety_valve_keeps_an_article_made_of_cue_lines():
    text = "Subscribe to our newsletter\n\nShare this article\n\nFollow us on Twitter\n\nOk."
    r = dedup.analyze(text)
    assert r.clean == text and r.notes


def test_the_rules_look_at_a_line_in_this_order():
    from dedup.detectors.boilerplate import RULES

    assert [f"{r.__module__.rsplit('.', 1)[1]}.{r.__name__}" for r in RULES] == [
        "teasers.teaser_list",
        "teasers.teaser_paragraph",
        "teasers.teaser_run",
        "bios.bio",
        "bios.bio_about",
        "menus.menu",
        "menus.breadcrumb",
        "menus.nav_line",
        "prompts.prompt_line",
        "furniture.furniture_line",
        "notices.notice",
        "notices.copyright_line",
        "furniture.glued_furniture",
        "furniture.furniture_between_sentences",
        "prompts.share_widget",
    ]


def test_a_line_taken_by_one_rule_is_not_seen_by_the_later_ones():
    text = f"Festival Returns\n\n{P}\n\nMore stories\n\nShare this article\n\nCity Libraries Open Later"
    r = dedup.analyze(text)
    assert [(text[f.start : f.end], f.reason) for f in r.flags] == [
        ("More stories", "heads a list of other articles (cue 'More stories')"),
        # a share line, but an item of the list first
        ("Share this article", "teaser under the list header on line 5"),
        ("City Libraries Open Later", "teaser under the list header on line 5"),
    ]
    # a part cut from a line leaves it to the later rules: furniture between sentences, then a share widget
    line = "The gates open at noon. ADVERTISEMENT Tickets are on sale.Share this:Facebook"
    text = f"Festival Returns\n\n{P}\n\n{line}"
    assert [f.reason for f in dedup.analyze(text).flags] == [
        "page furniture between two sentences ('ADVERTISEMENT')",
        "share widget glued to the end of the line",
    ]
