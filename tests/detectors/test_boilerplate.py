"""Boilerplate recognisable inside one page; a list of facts is not a teaser list."""
from __future__ import annotations

import pytest

import dedup

P = ("The festival returns this summer with more than forty bands on three stages across the park, "
     "and organisers expect record crowds over the long weekend.")


def labels_of(extra: str) -> list[str]:
    return [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{extra}").flags]


@pytest.mark.parametrize("line", [
    "About Jane Doe: Jane Doe is a music writer based in Leeds who has covered festivals for a decade.",
    "About the author: Jane covers music and culture for the paper.",
    "Sign up for our newsletter to get the best stories every morning.",
    "Subscribe to The Daily Brief for more stories like this",
    "Share this article",
    "Share on Facebook Share on Twitter",
    "We use cookies to improve your experience on our site.",
    "© 2024 Example Media Ltd. All rights reserved.",
    "Copyright 2019 Hawaii News Now. All rights reserved.",
    "Inscrivez-vous à notre newsletter pour recevoir nos articles.",
    "Todos los derechos reservados.",
])
def test_boilerplate_lines(line):
    assert labels_of(line) == ["boilerplate"]


def test_teaser_list_under_header():
    teasers = ("Band Announces Tour. Band Announces Tour. The band will play twelve dates in the autumn, "
               "starting in Glasgow and ending in [...] New Album Due in May New Album Due in May The singer "
               "confirmed the record is finished and that it will be released […]")
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\nOther articles\n\n{teasers}")
    assert [f.label for f in r.flags] == ["boilerplate", "boilerplate"]
    assert r.clean == f"Festival Returns\n\n{P}"


def test_list_of_facts_is_not_a_teaser_list():
    facts = ("• Dates: 12-14 July\n  • Stages: three, including a new acoustic tent\n"
             "  • Tickets: from £45, on sale now\n  • Headliners: to be announced in March")
    text = f"Festival Returns\n\n{P}\n\nThe essentials:\n\n{facts}"
    assert dedup.clean(text) == text


def test_share_widget_glued_to_a_sentence():
    text = f"Festival Returns\n\n{P}Share on FacebookShare on Twitter"
    r = dedup.analyze(text)
    assert [f.label for f in r.flags] == ["boilerplate"]
    assert r.clean == f"Festival Returns\n\n{P}"


def test_prose_mentioning_copyright_is_kept():
    text = (f"Festival Returns\n\n{P}\n\nThe band's copyright dispute with its former label was settled "
            "out of court last year after a long legal fight over the rights to its early albums.")
    assert dedup.clean(text) == text


def test_safety_valve_keeps_an_article_made_of_cue_lines():
    text = "Subscribe to our newsletter\n\nShare this article\n\nFollow us on Twitter\n\nOk."
    r = dedup.analyze(text)
    assert r.clean == text and r.notes
