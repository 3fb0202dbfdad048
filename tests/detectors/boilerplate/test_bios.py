"""Author bios (dedup/detectors/boilerplate/bios.py): a cue line, the paragraph under a bare bio header,
"About <name>: ..."; cue words opening prose stay."""

from __future__ import annotations

import pytest

import dedup

from .pages import P2, P, labels_of


@pytest.mark.parametrize(
    "line",
    [
        "About Jane Doe: Jane Doe is a music writer based in Leeds who has covered festivals for a decade.",
        "About the author: Jane covers music and culture for the paper.",
    ],
)
def test_boilerplate_lines(line):
    assert labels_of(line) == ["boilerplate"]


def test_a_bio_without_cue_words_is_kept_on_a_single_page():
    """Real article bodies end with "<Name> is a reporter ..." notes that their gold keeps (readability,
    newspaper4k); only a cue ("About <Name>:") or recurrence across a site's pages (corpus mode) removes
    it."""
    text = (
        f"Festival Returns\n\n{P}\n\n{P2}\n\nDana Whitfield is a senior reporter based in Leeds. "
        "She has covered music since 2011."
    )
    assert dedup.clean(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "Zur Person des Verdächtigen machte die Polizei zunächst keine Angaben.",
        "Об авторе письма пока ничего не известно, сообщили в полиции.",
    ],
)
def test_cue_words_opening_a_sentence_of_prose_are_kept(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == []


@pytest.mark.parametrize(
    "line", ["Zur Person: Max Muster ist Redakteur im Ressort Politik.", "Über den Autor"]
)
def test_the_same_cues_as_prompts_and_labels_still_go(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]


@pytest.mark.parametrize(
    "tail",
    [
        # a bio under its header
        "\n\nAbout the Author\nJane Doe covers music and culture for the Courier from Leeds.",
        "\n\nÜber den Autor\nMax Muster berichtet seit 2010 über Festivals und Popkultur.",
    ],
)
def test_footer_junk_goes_with_what_belongs_to_it(tail):
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{P2}{tail}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"


@pytest.mark.parametrize(
    "line",
    [
        "Sull'autore, un operaio di 34 anni, pesano ora le accuse di tentato omicidio.",  # the perpetrator
        'Sobre Pedro: "Ele é o jogador mais decisivo que eu já treinei."',  # a quote about a player
    ],
)
def test_author_cue_words_before_a_comma_or_a_quote_are_prose(line):
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags == []
