"""Prompts (dedup/detectors/boilerplate/prompts.py): newsletter, share and cookie lines, share widgets and
their buttons; cue words and platform names in prose stay."""

from __future__ import annotations

import pytest

import dedup

from .pages import P2, P, labels_of


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our newsletter to get the best stories every morning.",
        "Subscribe to The Daily Brief for more stories like this",
        "Share this article",
        "Share on Facebook Share on Twitter",
        "We use cookies to improve your experience on our site.",
        "Inscrivez-vous à notre newsletter pour recevoir nos articles.",
    ],
)
def test_boilerplate_lines(line):
    assert labels_of(line) == ["boilerplate"]


def test_share_widget_glued_to_a_sentence():
    text = f"Festival Returns\n\n{P}Share on FacebookShare on Twitter"
    r = dedup.analyze(text)
    assert [f.label for f in r.flags] == ["boilerplate"]
    assert r.clean == f"Festival Returns\n\n{P}"


@pytest.mark.parametrize(
    "line",
    [
        "Tweet · Pin · Email",
        "Liked it? Pass it on: X · Facebook · LinkedIn",
        "Facebook | Twitter | WhatsApp",
    ],
)
def test_share_runs_with_widget_separators(line):
    assert labels_of(line) == ["boilerplate"]


def test_platform_names_in_a_sentence_are_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nTickets sold out within an hour, and fans complained about it on "
        "Facebook, Twitter"
    )
    assert dedup.clean(text) == text


def test_share_buttons_on_lines_of_their_own_under_the_share_line():
    buttons = "Share this:\n\nTwitter\n\nFacebook\n\nEmail\n\nLike this:\n\nLike Loading..."
    text = f"Festival Returns\n\n{P}\n\n{buttons}\n\n{P2}"
    assert dedup.clean(text) == f"Festival Returns\n\n{P}\n\n{P2}"


@pytest.mark.parametrize(
    "line",
    [
        "Partager les tâches ménagères reste un défi pour les couples.",  # "to share" opening a sentence
        "شارك في حفل الافتتاح عدد من الكتاب والمثقفين العرب.",  # "took part in"
        "Teilen Sie diese Einschätzung?",  # a question put to an interviewee
    ],
)
def test_cue_words_opening_a_sentence_of_prose_are_kept(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == []


@pytest.mark.parametrize(
    "line", ["Partager", "Share: Facebook Twitter WhatsApp", "Teilen Sie diesen Artikel"]
)
def test_the_same_cues_as_prompts_and_labels_still_go(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]


@pytest.mark.parametrize(
    "tail",
    ["Share this:TwitterFacebookLike this:Like Loading..."],  # WordPress widgets glued to the last sentence
)
def test_footer_junk_goes_with_what_belongs_to_it(tail):
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{P2}{tail}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"


def test_share_alone_takes_its_buttons_but_share_prices_is_prose():
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\nShare\nFacebook\nTwitter\nEmail\n\n{P2}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\nShare prices fell 3 per cent\n\n{P2}").flags == []
