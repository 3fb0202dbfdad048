"""Page furniture no rule names: lines a model learned from real pages with human gold calls junk.

The model (`dedup.learn`) sees every line's shape, words and place on the page, its neighbours, and what the
cue rules found; a line whose probability of being junk reaches the model's threshold is flagged, with that
probability and the traits that made it junk in the reason.
"""

from __future__ import annotations

import numpy as np

from ..learn.features import FEATURES
from ..learn.lines import check_features, junk_probability
from ..learn.model import shipped
from ..report import Flag
from ..text.tokens import line_words
from .base import Context
from .predicates import headline_like

_COL = {name: i for i, name in enumerate(FEATURES)}


def detect(ctx: Context) -> list[Flag]:
    """Flag the lines the model calls junk that no earlier detector removed whole."""
    cfg = ctx.config.learned
    lines = ctx.page.lines
    if not lines:
        return []
    model = shipped(cfg.model)
    check_features(model)
    if ctx.facts.junk_probability is None:
        ctx.facts.junk_probability = junk_probability(ctx.page, ctx.earlier, model)
    p, x = ctx.facts.junk_probability
    cutoff = cfg.threshold if cfg.threshold is not None else model.cutoff
    title = _title_line(ctx)
    flags = []
    need = np.where(_in_kept_text(ctx, x, p, cutoff), max(cutoff, cfg.kept_text_threshold), cutoff)
    for i in np.flatnonzero(p >= need).tolist():
        if i in ctx.junk_lines or i == title:
            continue
        ln = lines[i]
        reason = f"learned: p={p[i]:.2f}" + "".join(f"; {t}" for t in traits(x[i]))
        flags.append(Flag(ln.start, ln.end, "boilerplate", round(float(p[i]), 3), reason, "learned"))
    return flags


def _in_kept_text(ctx: Context, x: np.ndarray, p: np.ndarray, cutoff: float) -> np.ndarray:
    """The lines of a run of sentences that holds a paragraph the model keeps: consecutive lines that end a
    sentence, hold stop words and are not repeated on the page (of at least `learned.sentence_words` words),
    one of them a paragraph (of at least `learned.paragraph_words` words) under the cutoff. Comments, bios
    and cookie notices are set apart from the text by names, dates and buttons; a run of sentences that
    continues a kept paragraph is the same text."""
    cfg = ctx.config.learned
    n = len(ctx.page.lines)
    words = np.fromiter((ln.n_words for ln in ctx.page.lines), np.int64, n)
    ends, stops = x[:, _COL["ends_sentence"]] > 0, x[:, _COL["stop_share"]] > 0
    once = x[:, _COL["repeats_on_page"]] == 0  # (a sentence printed again and again is the template's)
    sentence = ends & stops & once & (words >= cfg.sentence_words)
    kept = sentence & (words >= cfg.paragraph_words) & (p < cutoff)
    if ctx.junk_lines:
        kept[list(ctx.junk_lines)] = False
    run = np.cumsum(~sentence)  # (the lines of one run of sentences share a number)
    return sentence & np.isin(run, run[kept])


def _title_line(ctx: Context) -> int | None:
    """The line that is the page's headline, which the clean text keeps: the first that is the given title;
    with none given, the first line the cue rules left, when it reads as a headline (of at least
    `headline.min_heading_words` words: a site's name or a menu entry on top of the page is no headline)."""
    lines = ctx.page.lines
    if ctx.page.title is not None:
        words = line_words(ctx.page.title)
        return next((ln.index for ln in lines if ln.words == words), None)
    first = next((ln for ln in lines if ln.index not in ctx.junk_lines), None)
    if (
        first is not None
        and len(first.words) >= ctx.config.headline.min_heading_words
        and headline_like(first.text, ctx.config.layout.headline_words)
    ):
        return first.index
    return None


def traits(row: np.ndarray) -> list[str]:
    """What, in a line's features, reads as page furniture, in words."""
    f = {name: float(row[i]) for name, i in _COL.items()}
    out = []
    run = round(np.expm1(f["short_run"]))
    if run >= 3:
        out.append(f"one of a run of {run} short lines")
    elif f["short"]:
        out.append("a short line")
    if not f["ends_sentence"] and f["log_words"] > np.log1p(2):
        out.append("no sentence end")
    if f["stop_share"] == 0 and f["log_words"] > np.log1p(2):
        out.append("no stop words")
    if f["starts_bullet"]:
        out.append("a list item")
    if f["text_before"] == 0 and not f["in_main"]:
        out.append("in the page's head, before the main text")
    elif f["text_after"] == 0 and not f["in_main"]:
        out.append("in the page's footer, after the main text")
    elif not f["in_main"]:
        out.append("outside the page's main text")
    if f["repeats_on_page"]:
        out.append("repeated on the page")
    if f["urlish"]:
        out.append("a link or a handle")
    if f["dateish"] and f["log_words"] < np.log1p(8):
        out.append("a date or time")
    if f["upper_share"] > 0.6 and f["log_words"] > 0:
        out.append("in capitals")
    return out
