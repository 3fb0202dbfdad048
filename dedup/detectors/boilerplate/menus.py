"""Navigation: a menu (a run of one- or two-word lines) and a breadcrumb trail in the page's head, and a line
of links between bars or dots anywhere."""

from __future__ import annotations

import regex

from ...config import BoilerplateConfig
from ...text.segment import Line
from .scan import Scan

# navigation: "About us | Contact | Privacy | Terms", "Accueil · Actualités · Sport · Culture · Contact"
# (a separator is looked for at the start of a run of spaces only: tried from each space of a long run, the
# pattern would read the rest of the run every time; the match found is the same)
_NAV_SEP = regex.compile(r"(?<!\s)\s++[|｜·•]\s+")
_CRUMB_SEP = regex.compile(r"(?<!\s)(?:\s++[›»>]\s+|\s++/\s+)")
_CRUMB_ARROW = regex.compile(r"[›»>]")
_ITEM_OK = regex.compile(r"[^.!?。！？]*")
_NOT_AN_ENTRY = regex.compile(r"[\d.!?:]")  # (figures, sentence marks)
_FIGURE = regex.compile(r"\d")


def menu(scan: Scan, line: Line) -> bool:
    """In the page's head, the run of menu entries from `line`: `boilerplate.min_menu_entries` or more lines
    in a row of at most `boilerplate.max_menu_entry_words` words."""
    if line.index >= scan.layout.head_end:
        return False
    run = _menu_run(scan.lines, line.index, scan.title, scan.cfg)
    for it in run:
        scan.add(it, 0.85, f"a menu of {len(run)} entries in the page's head")
    return bool(run)


def breadcrumb(scan: Scan, line: Line) -> bool:
    """In the page's head, a trail of short sections ("Home › World › Europe", "You are here: Home » Science »
    Space"); a slash needs more parts ("Home / News / Local")."""
    if line.index >= scan.layout.head_end or not _breadcrumb(line, scan.cfg):
        return False
    scan.add(line, 0.85, "a breadcrumb trail in the page's head")
    return True


def nav_line(scan: Scan, line: Line) -> bool:
    """A line of links (at most `boilerplate.max_nav_words` words): `boilerplate.min_nav_items` or more short
    items (`boilerplate.min_body_nav_items` inside the article's body) between bars or dots."""
    cfg = scan.cfg
    if line.n_words > cfg.max_nav_words:
        return False
    text = line.text
    if text.count("|") + text.count("｜") + text.count("·") + text.count("•") < cfg.min_nav_items - 1:
        return False  # (most lines: no need to split them, or to find the body)
    items = _NAV_SEP.split(text.strip())
    if not (
        len(items) >= cfg.min_nav_items
        # (a row of a table of figures, "1 | Lewis Hamilton | Mercedes | 413", is the article's own)
        and sum(bool(_FIGURE.search(it)) for it in items) <= cfg.max_nav_figure_items
        and all(1 <= len(it.split()) <= cfg.max_nav_item_words for it in items)
        and all(_ITEM_OK.fullmatch(it) for it in items)
        and (len(items) >= cfg.min_body_nav_items or not scan.layout.in_body(line))
    ):
        return False
    scan.add(line, 0.85, "a line of navigation links")
    return True


def _breadcrumb(line: Line, cfg: BoilerplateConfig) -> bool:
    parts = _CRUMB_SEP.split(line.text.strip())
    if len(parts) < cfg.min_crumb_parts or (
        len(parts) < cfg.min_slash_crumb_parts and not _CRUMB_ARROW.search(line.text)
    ):
        return False
    return (
        len(parts[0].split()) <= cfg.max_crumb_first_words
        and all(1 <= len(p.split()) <= cfg.max_nav_item_words for p in parts[1:])
        and all(_ITEM_OK.fullmatch(p) for p in parts)
    )


def _menu_run(lines: list[Line], start: int, title: str | None, cfg: BoilerplateConfig) -> list[Line]:
    """The run of menu entries starting at `start`: lines of one to `max_menu_entry_words` words without
    figures or sentence marks, `min_menu_entries` or more in a row (never the given title).

    It is asked at every line of the page's head: it reads the lines of the run and the one after it, never
    a copy of the rest of the page (a page of many short lines would cost the square of their number)."""
    title = title.strip() if title else None
    end = start
    while end < len(lines) and _menu_entry(lines[end], title, cfg.max_menu_entry_words):
        end += 1
    return lines[start:end] if end - start >= cfg.min_menu_entries else []


def _menu_entry(line: Line, title: str | None, max_words: int) -> bool:
    return (
        1 <= line.n_words <= max_words
        and not _NOT_AN_ENTRY.search(line.text)
        and not (title and line.text.strip() == title)
    )
