"""Site notices and copyright lines (dedup/detectors/boilerplate/notices.py): a cue opening a clause goes
anywhere, inside a sentence of the article it stays."""

from __future__ import annotations

import pytest

import dedup

from .pages import P2, P, labels_of


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Example Media Ltd. All rights reserved.",
        "Copyright 2019 Hawaii News Now. All rights reserved.",
        "Todos los derechos reservados.",
    ],
)
def test_boilerplate_lines(line):
    assert labels_of(line) == ["boilerplate"]


def test_prose_mentioning_copyright_is_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nThe band's copyright dispute with its former label was settled "
        "out of court last year after a long legal fight over the rights to its early albums."
    )
    assert dedup.clean(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "Get our best stories delivered straight to your inbox every Friday.",
        "We and our partners store and access information on your device.",
        "Story continues below advertisement",
        "Got a news tip? Email the newsroom.",
        "Recevez nos articles directement dans votre boîte mail.",
        "Ihre Daten: siehe unsere Datenschutzerklärung.",
    ],
)
def test_site_notices_anywhere_in_a_short_line(line):
    assert labels_of(line) == ["boilerplate"]


@pytest.mark.parametrize(
    "line",
    [
        "Jetzt Newsletter abonnieren und keine News mehr verpassen!",
        "Suscribite a nuestro newsletter y recibí las noticias del día en tu correo.",
        "メールマガジンの登録はこちら（無料）",
    ],
)
def test_newsletter_notices_in_other_languages(line):
    assert labels_of(line) == ["boilerplate"]


@pytest.mark.parametrize(
    "line",
    [
        "Meta updated its privacy policy on Tuesday to allow the use of public posts for AI training.",
        "The judge ruled that the photographs were published without written permission from the family.",
        "The lawsuit argues that the book's cover, © 1987 by the estate, was copied.",
        "法院认为，原告是涉案作品的版权所有者，有权提起诉讼。",
    ],
)
def test_notice_words_inside_a_sentence_of_the_article_are_kept(line):
    # a paragraph follows: the line is not in the page's footer, and its cue opens no clause of its own
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == []


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Example Media Ltd. All rights reserved.",
        "Terms of Service | Privacy Policy",
        "Got a news tip? Email the newsroom.",
    ],
)
def test_notices_that_open_a_clause_go_anywhere_on_the_page(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]
