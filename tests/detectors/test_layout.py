"""The page's layout (dedup/detectors/layout.py): its head, footer and body, and the items of a list under a
header."""

from __future__ import annotations

import pytest

import dedup
from dedup.config import Config
from dedup.detectors import Context
from dedup.detectors.layout import Layout
from dedup.text.segment import segment

from .boilerplate.pages import BODY, P2, P


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
    assert dedup.analyze("Quarterly results\n\n" + BODY.format(line=line)).flags == []


@pytest.mark.parametrize(
    "line", ["Sign up for our newsletter", "Share this article", "Terms of Service | Privacy Policy"]
)
def test_short_prompts_inside_the_body_still_go(line):
    assert [f.label for f in dedup.analyze("Quarterly results\n\n" + BODY.format(line=line)).flags] == [
        "boilerplate"
    ]


def test_a_menu_heading_in_the_page_head_takes_no_items_and_never_the_title():
    t = "Budget passes in Lille after long debate"
    stand = "City spending rises by 4% as schools get the largest share"
    text = f"Home\nLatest news\nSport\n{t}\n{stand}\n{P}\n{P2}"
    for kw in ({}, {"title": t}):
        r = dedup.analyze(text, **kw)
        assert t in r.clean and stand in r.clean and P in r.clean, kw


def _layout(text: str, title: str | None = None, **layout: int) -> Layout:
    config = Config().replace(layout=layout) if layout else Config()
    return Layout(Context.build(segment(text, title), config))


def test_the_head_ends_at_the_first_paragraph_and_the_footer_starts_after_the_last():
    lay = _layout(f"Home\nNews\nBudget passes\n\n{P}\n\n{P2}\n\n© 2024 Example Media")
    assert (lay.head_end, lay.footer_start) == (3, 5)
    # a paragraph is a line of `layout.paragraph_words` words or more
    assert _layout("Home\nBudget passes\n\nThe end", paragraph_words=2).head_end == 1
    assert (_layout("Home\nNews").head_end, _layout("Home\nNews").footer_start) == (2, 0)


def test_the_body_lies_between_the_first_and_the_last_long_paragraph():
    lay = _layout(f"Budget passes\n\n{P}\n\nSign up\n\n{P2}\n\nSign up now")
    lines = lay.lines
    assert lay.in_body(lines[2]) and not lay.in_body(lines[4]) and not lay.in_body(lines[0])
    # ... or right between two paragraphs, the one below within `reach` lines
    lay = _layout(f"Budget passes\n\n{P}\n\nSign up\nOne\nTwo\n\n{P2}", long_paragraph_words=50)
    lines = lay.lines
    assert not lay.in_body(lines[2]) and lay.in_body(lines[2], reach=3)


def _items(text: str, title: str | None = None, **layout: int) -> list[str]:
    lay = _layout(text, title, **layout)
    start = next(ln.index for ln in lay.lines if ln.text == "Other articles")
    return [ln.text for ln in lay.list_items(start, lambda ln: ln.text[:1].isupper())]


def test_one_list_scanner_takes_the_items_under_a_header():
    heads = "\n\n".join(f"Headline number {i}" for i in range(20))
    assert _items(f"T\n\n{P}\n\nOther articles\n\n{heads}") == [f"Headline number {i}" for i in range(15)]
    assert len(_items(f"T\n\n{P}\n\nOther articles\n\n{heads}", max_list_items=3)) == 3
    # up to the first line that is no item
    assert _items(f"T\n\n{P}\n\nOther articles\n\nOne\n\nTwo\n\nthree\n\nFour") == ["One", "Two"]
    # items on single lines under the header, in its paragraph: the list ends with the paragraph
    assert _items(f"T\n\n{P}\n\nOther articles\nOne\nTwo\n\nThree") == ["One", "Two"]
    # never from the page's title on
    assert _items(f"T\n\n{P}\n\nOther articles\n\nOne\n\nBudget passes\n\nTwo", "Budget passes") == ["One"]
    # nothing in the page's head
    assert _items(f"T\nOther articles\nOne\nTwo\n\n{P}") == []
