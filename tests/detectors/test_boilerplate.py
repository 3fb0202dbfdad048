"""Boilerplate recognisable inside one page; a list of facts is not a teaser list."""

from __future__ import annotations

import pytest

import dedup

P = (
    "The festival returns this summer with more than forty bands on three stages across the park, "
    "and organisers expect record crowds over the long weekend."
)
P2 = (
    "Food stalls from local restaurants will line the main path, and a children's area with workshops and "
    "a small stage returns after a two-year break, the organisers said on Monday."
)


def labels_of(extra: str) -> list[str]:
    return [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{extra}").flags]


@pytest.mark.parametrize(
    "line",
    [
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
    ],
)
def test_boilerplate_lines(line):
    assert labels_of(line) == ["boilerplate"]


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


def test_share_widget_glued_to_a_sentence():
    text = f"Festival Returns\n\n{P}Share on FacebookShare on Twitter"
    r = dedup.analyze(text)
    assert [f.label for f in r.flags] == ["boilerplate"]
    assert r.clean == f"Festival Returns\n\n{P}"


def test_prose_mentioning_copyright_is_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nThe band's copyright dispute with its former label was settled "
        "out of court last year after a long legal fight over the rights to its early albums."
    )
    assert dedup.clean(text) == text


def test_safety_valve_keeps_an_article_made_of_cue_lines():
    text = "Subscribe to our newsletter\n\nShare this article\n\nFollow us on Twitter\n\nOk."
    r = dedup.analyze(text)
    assert r.clean == text and r.notes


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


@pytest.mark.parametrize("line", ["Advertisement", "ADVERTISEMENT", "— Sponsored —", "Anzeige", "Publicidad"])
def test_page_furniture_on_its_own_line(line):
    assert labels_of(line) == ["boilerplate"]


def test_furniture_words_inside_prose_are_kept():
    text = (
        f"Festival Returns\n\n{P}\n\nThe advertisement ran for weeks before the festival and drew "
        "complaints from residents, who said the posters covered half the bus stops in town."
    )
    assert dedup.clean(text) == text


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


def test_a_bio_without_cue_words_is_kept_on_a_single_page():
    """Real article bodies end with "<Name> is a reporter ..." notes that their gold keeps (readability,
    newspaper4k); only a cue ("About <Name>:") or recurrence across a site's pages (corpus mode) removes it."""
    text = (
        f"Festival Returns\n\n{P}\n\n{P2}\n\nDana Whitfield is a senior reporter based in Leeds. "
        "She has covered music since 2011."
    )
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


def test_share_buttons_on_lines_of_their_own_under_the_share_line():
    buttons = "Share this:\n\nTwitter\n\nFacebook\n\nEmail\n\nLike this:\n\nLike Loading..."
    text = f"Festival Returns\n\n{P}\n\n{buttons}\n\n{P2}"
    assert dedup.clean(text) == f"Festival Returns\n\n{P}\n\n{P2}"


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


@pytest.mark.parametrize(
    "line",
    [
        "Partager les tâches ménagères reste un défi pour les couples.",  # "to share" opening a sentence
        "شارك في حفل الافتتاح عدد من الكتاب والمثقفين العرب.",  # "took part in"
        "Teilen Sie diese Einschätzung?",  # a question put to an interviewee
        "Zur Person des Verdächtigen machte die Polizei zunächst keine Angaben.",
        "Об авторе письма пока ничего не известно, сообщили в полиции.",
    ],
)
def test_cue_words_opening_a_sentence_of_prose_are_kept(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == []


@pytest.mark.parametrize(
    "line",
    [
        "Partager",
        "Share: Facebook Twitter WhatsApp",
        "Teilen Sie diesen Artikel",
        "Zur Person: Max Muster ist Redakteur im Ressort Politik.",
        "Über den Autor",
    ],
)
def test_the_same_cues_as_prompts_and_labels_still_go(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]


@pytest.mark.parametrize(
    "tail",
    [
        "\n\nAbout the Author\nJane Doe covers music and culture for the Courier from Leeds.",  # a bio under its header
        "\n\nÜber den Autor\nMax Muster berichtet seit 2010 über Festivals und Popkultur.",
        "\n\nRecommended Stories\nBundesbank Warns of Recession Risk in Germany\nEuro Slides After Weak Factory Data",
        "Share this:TwitterFacebookLike this:Like Loading...",  # WordPress widgets glued to the last sentence
    ],
)
def test_footer_junk_goes_with_what_belongs_to_it(tail):
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{P2}{tail}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"


def test_furniture_in_capitals_between_two_sentences_is_cut():
    para = "The gates open at noon on Friday. ADVERTISEMENT Tickets are still on sale at the box office."
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\n{para}")
    assert (
        r.clean
        == f"Festival Returns\n\n{P}\n\nThe gates open at noon on Friday. Tickets are still on sale at the box office."
    )
    para = "The gates open at noon on Friday. NATO Secretary General Mark Rutte will attend."  # capitals, not furniture
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\n{para}").flags == []


def test_a_furniture_word_heading_its_own_paragraph_is_kept():
    text = (
        "Media group reports record profit\n\nRevenue rose 8 per cent.\n\nAdvertising\nAdvertising revenue fell "
        "3 per cent.\n\nPrint\nPrint circulation fell 11 per cent."
    )
    assert dedup.analyze(text).flags == []
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\nAdvertisement\n\n{P2}").flags] == [
        "boilerplate"
    ]


# an article whose paragraphs are short news paragraphs (12-20 words): the body is where they are
_BODY = (
    "Revenue rose 8 per cent to a record in the third quarter, the company said on Tuesday.\n\n"
    "{line}\n\n"
    "Analysts had expected a smaller rise after a weak summer for advertising across the sector."
)


@pytest.mark.parametrize(
    "line",
    [
        "Inscreva-se pela Página do Participante, com login único do gov.br, até sexta-feira.",
        "Berlangganan internet rumah IndiHome kini menjadi salah satu motor pertumbuhan perusahaan.",
        "Schrijf je in voor een rondvaart bij een van de rederijen aan de Graslei.",
        "Chia sẻ với VnExpress, ông Nguyễn Văn Hùng cho biết doanh thu tăng mạnh.",
        "Polityka prywatności Mety budzi wątpliwości UODO, który wszczął postępowanie.",
        "Utilizamos cookies apenas para medir audiência, disse o diretor da empresa.",
    ],
)
def test_prompt_words_opening_a_longer_sentence_of_the_body_are_prose(line):
    assert dedup.analyze("Quarterly results\n\n" + _BODY.format(line=line)).flags == []


@pytest.mark.parametrize(
    "line", ["Sign up for our newsletter", "Share this article", "Terms of Service | Privacy Policy"]
)
def test_short_prompts_inside_the_body_still_go(line):
    assert [f.label for f in dedup.analyze("Quarterly results\n\n" + _BODY.format(line=line)).flags] == [
        "boilerplate"
    ]


def test_a_table_of_figures_under_a_popular_heading_is_the_articles():
    table = "Most popular with analysts\nTelkomsel, target price Rp 4.200\nMitratel, target price Rp 850"
    assert dedup.analyze("Quarterly results\n\n" + _BODY.format(line=table)).flags == []


def test_a_long_teaser_style_heading_inside_the_body_heads_the_articles_own_list():
    lst = "Most read books of the year\nThe Empusium by Olga Tokarczuk\nPeasant Women by Joanna Kuciel"
    assert dedup.analyze("Quarterly results\n\n" + _BODY.format(line=lst)).flags == []


@pytest.mark.parametrize(
    "line",
    [
        "Sull'autore, un operaio di 34 anni, pesano ora le accuse di tentato omicidio.",  # the perpetrator
        'Sobre Pedro: "Ele é o jogador mais decisivo que eu já treinei."',  # a quote about a player
    ],
)
def test_author_cue_words_before_a_comma_or_a_quote_are_prose(line):
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags == []


def test_a_menu_heading_in_the_page_head_takes_no_items_and_never_the_title():
    t = "Budget passes in Lille after long debate"
    stand = "City spending rises by 4% as schools get the largest share"
    text = f"Home\nLatest news\nSport\n{t}\n{stand}\n{P}\n{P2}"
    for kw in ({}, {"title": t}):
        r = dedup.analyze(text, **kw)
        assert t in r.clean and stand in r.clean and P in r.clean, kw


def test_a_menu_a_breadcrumb_and_a_nav_line_in_the_head_and_footer_go():
    t = "Budget passes in Lille after long debate"
    head = "Home\nNews\nSport\nWeather\nSign in\nHome › World › Europe"
    r = dedup.analyze(f"{head}\n{t}\n\n{P}\n\n{P2}\n\nAbout us | Contact | Privacy | Terms")
    assert r.clean == f"{t}\n\n{P}\n\n{P2}"


def test_short_lines_and_bars_that_are_the_articles_own_stay():
    t = "Budget passes in Lille after long debate"
    for text in (
        f"Work / Life\n\n{P}\n\n{P2}",  # a title with a slash
        f"{t}\n\n{P}\n\nImpressum | Datenschutz | Kontakt | Hilfe | Presse\n\n{P2}",  # 5 items in the body
        f"{t}\n\n{P}\n\nThe winners: Anna | Ben | Carla | Dev were named.\n\n{P2}",
    ):
        assert dedup.analyze(text).flags == [], text[:40]


@pytest.mark.parametrize(
    "line",
    ["4 Comments", "Comments (12)", "5 min read", "Reading time: 4 minutes", "Menu", "Skip to main content"],
)
def test_furniture_with_a_count_or_from_a_menu(line):
    assert [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{line}\n\n{P2}").flags] == [
        "boilerplate"
    ]


def test_share_alone_takes_its_buttons_but_share_prices_is_prose():
    r = dedup.analyze(f"Festival Returns\n\n{P}\n\nShare\nFacebook\nTwitter\nEmail\n\n{P2}")
    assert r.clean == f"Festival Returns\n\n{P}\n\n{P2}"
    assert dedup.analyze(f"Festival Returns\n\n{P}\n\nShare prices fell 3 per cent\n\n{P2}").flags == []
