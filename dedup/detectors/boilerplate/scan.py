"""What the boilerplate rules share while they scan one page: the page, its layout, the flags so far, the
lines taken whole (a line taken by one rule is not seen by the later ones) and the share lines (buttons may
follow)."""

from __future__ import annotations

from collections.abc import Callable

import regex

from ...report import Flag
from ...text.segment import Line
from ..base import Context
from ..layout import Layout

#: a letter or a figure
LETTER = regex.compile(r"[\p{L}\p{N}]")


class Scan:
    """The state of one scan of a page by the boilerplate rules."""

    def __init__(self, ctx: Context) -> None:
        self.config = ctx.config
        self.cfg = ctx.config.boilerplate
        self.cues = ctx.cues
        self.lines = ctx.page.lines
        self.title = ctx.page.title
        self.layout = Layout(ctx)
        self.flags: list[Flag] = []
        self.taken: set[int] = set()
        #: lines flagged as share lines: buttons may follow them
        self.share_lines: set[int] = set()

    def add(self, line: Line, score: float, reason: str, cue: str | None = None) -> None:
        """Flag the whole line, and take it."""
        self.taken.add(line.index)
        self.flags.append(Flag(line.start, line.end, "boilerplate", score, reason, "boilerplate", cue=cue))

    def cut(self, start: int, end: int, score: float, reason: str, cue: str | None = None) -> None:
        """Flag a part of a line (offsets in the text), without taking the line."""
        self.flags.append(Flag(start, end, "boilerplate", score, reason, "boilerplate", cue=cue))


#: a rule: flags what it finds at a line, and says whether the line is done with (the later rules skip it)
Rule = Callable[[Scan, Line], bool]
