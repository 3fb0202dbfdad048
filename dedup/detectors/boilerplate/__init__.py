"""Boilerplate recognisable inside one page: author bios, teaser lists, menus and navigation, newsletter,
share, cookie, notice and copyright lines, page furniture, and share widgets glued to the end of a sentence.

Each rule family is a module; `detect` gives every line to the rules in the order of `RULES` until one is
done with it, and a line taken whole by a rule (a list's items, a menu's entries too) is not seen by the
later ones.
The thresholds are `Config.boilerplate` (and the shared `Config.layout`).
"""

from __future__ import annotations

from ...report import Flag
from ..base import Context
from . import bios, furniture, menus, notices, prompts, teasers
from .scan import Rule, Scan

#: the rules, in the order they look at a line: the first that takes the line ends its turn
RULES: tuple[Rule, ...] = (
    teasers.teaser_list,
    teasers.teaser_paragraph,
    teasers.teaser_run,
    bios.bio,
    bios.bio_about,
    menus.menu,
    menus.breadcrumb,
    menus.nav_line,
    prompts.prompt_line,
    furniture.furniture_line,
    notices.notice,
    notices.copyright_line,
    furniture.glued_furniture,
    furniture.furniture_between_sentences,  # (cuts a part of the line: the line stays open)
    prompts.share_widget,
)


def detect(ctx: Context) -> list[Flag]:
    """Flag boilerplate lines and glued share widgets."""
    scan = Scan(ctx)
    taken = scan.taken
    for line in ctx.page.lines:
        if line.index in taken or not line.words:
            continue
        for rule in RULES:
            if rule(scan, line):
                break
    prompts.share_buttons(scan)
    return scan.flags


__all__ = ["RULES", "Rule", "Scan", "detect"]
