"""Doubled sentences inside a line: "Caption. Caption.", teaser headlines printed twice."""

from __future__ import annotations

from ..report import Flag
from .base import Context
from .predicates import tandem_repeats


def detect(ctx: Context) -> list[Flag]:
    """Flag the second copy of every run of words printed twice in a row."""
    cfg = ctx.config.inline
    flags: list[Flag] = []
    for line in ctx.page.lines:
        for tok, k, copies in tandem_repeats(line, cfg.min_words, cfg.max_words):
            first_end = line.tokens[tok + k - 1].end
            second_end = line.tokens[tok + copies * k - 1].end
            if len(line.text[line.tokens[tok].start : first_end]) < cfg.min_chars:
                continue
            flags.append(
                Flag(
                    line.start + first_end,
                    line.start + second_end,
                    "inline_duplicate",
                    1.0,
                    f"the same {k} words printed {copies} times in a row",
                    "inline",
                    ref_start=line.start + line.tokens[tok].start,
                    ref_end=line.start + first_end,
                    similarity=1.0,
                )
            )
    return flags
