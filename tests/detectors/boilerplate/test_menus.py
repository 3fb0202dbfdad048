"""Navigation (dedup/detectors/boilerplate/menus.py): a menu and a breadcrumb in the page's head, a line of
links between bars or dots; short lines and bars of the article's own stay."""

from __future__ import annotations

import dedup
from dedup.config import Config
from dedup.detectors import Context, boilerplate
from dedup.text.segment import segment
from tests.support import RULES

from .pages import P2, P


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


def test_the_menu_settings_are_read():
    head = "Home\nNews\nSport\nWeather\nSign in"
    text = f"{head}\nBudget passes in Lille after long debate\n\n{P}\n\n{P2}"
    assert len(dedup.analyze(text, config=RULES).flags) == 5
    fewer = RULES.replace(boilerplate={"min_menu_entries": 6})
    assert [text[f.start : f.end] for f in dedup.analyze(text, config=fewer).flags] == [
        "Sign in"
    ]  # (furniture)


class _Lines(list):
    """A page's lines that count what their slices copy."""

    copied = 0

    def __getitem__(self, key):
        out = super().__getitem__(key)
        if isinstance(key, slice):
            _Lines.copied += len(out)
        return out


def test_a_page_of_many_short_lines_is_scanned_in_linear_time():
    """Every line of the page's head asks for a menu run from it: the rest of the page must not be copied each
    time (100,000 short paragraphs took minutes)."""
    n = 20000
    page = segment("\n\n".join(f"Short line number {i % 7}" for i in range(n)))
    page.lines = _Lines(page.lines)
    _Lines.copied = 0
    assert boilerplate.detect(Context.build(page, Config())) == []
    assert _Lines.copied < 40 * n  # (the quadratic scan copied n * n / 2)


def test_rows_of_a_table_of_figures_are_no_navigation():
    """A table rendered as text keeps its bars; rows whose cells hold figures are the article's own, while a
    line of links with at most one figure ("Home | News | 2024 | Contact") is still navigation."""
    rules = Config(detectors=("boilerplate",))
    rows = "\n".join(f"{i} | Driver {chr(64 + i)} | Team {i % 3} | {400 - 20 * i}" for i in range(1, 8))
    page = f"Standings after the final race\n\n{P}\n\n{P2}\n\n{rows}"  # (after the body: 4 items would do)
    assert dedup.analyze(page, config=rules).flags == []
    nav = f"Standings\n\n{P}\n\n{P2}\n\nHome | News | 2024 | Contact"
    assert [f.reason for f in dedup.analyze(nav, config=rules).flags] == ["a line of navigation links"]
