"""Teasers of other articles: a list under a teaser header ("Most read", "More stories"), a paragraph of
teasers (headlines printed twice, summaries cut off with "[…]"), and a run of teaser lines without a
header."""

from __future__ import annotations

import regex

from ...config import BoilerplateConfig, Config
from ...cues import DECOR, cue_text, match_start
from ...text.segment import Line
from ..predicates import TRUNC_MID, cut_off, headline_like, tandem_repeats, title_case_ratio
from .scan import Scan

# a line ending in a figure, with at most a short unit after it ("Telkomsel dengan target harga Rp 4.200",
# "大谷翔平（ドジャース） 51本", "Kasulu: vituo 98"): a row of the article's own table, not another article's
# headline
# (searched from the end of the line: a long run of figures "1111…x" is not tried from each of its digits; the
# spaces possessive, so a run of them is not split between the two `\s*` in every way)
_STAT_ROW = regex.compile(r"\d[\d.,]*\s*+[^\s\d]{0,3}\s*+\Z", regex.REVERSE)


def teaser_list(scan: Scan, line: Line) -> bool:
    """A teaser cue opening a short headline-like line heads a list of other articles: the header and its
    items go (`boilerplate.max_teaser_header_words`; the items: `layout.max_list_items`)."""
    cfg = scan.cfg
    m = match_start(scan.cues, "teaser", line.text, spaceless=line.holds_spaceless)
    if (
        m is None
        or not _header(scan, line, m)
        or not headline_like(line.text, cfg.max_teaser_header_words)
        or _table_rows(scan.lines[line.index + 1 : line.index + 1 + cfg.table_rows], cfg.table_rows)
    ):
        return False
    config = scan.config
    items = scan.layout.list_items(line.index, lambda ln: _is_item(ln, config))
    cue = cue_text(m)
    scan.add(line, 0.9, f"heads a list of other articles (cue {cue!r})", cue)
    for it in items:
        scan.add(it, 0.85, f"teaser under the list header on line {line.number}", cue)
    return True


def teaser_paragraph(scan: Scan, line: Line) -> bool:
    """A paragraph of teasers (`boilerplate.min_teaser_paragraph_words` or more; see `_teasers_in`)."""
    if not (_teasers_in(line, scan.config) and line.n_words >= scan.cfg.min_teaser_paragraph_words):
        return False
    scan.add(line, 0.8, "a run of teasers: headlines printed twice and summaries cut off with '[…]'")
    return True


def teaser_run(scan: Scan, line: Line) -> bool:
    """`boilerplate.min_teasers` or more lines in a row from `line` (looked for in
    `boilerplate.max_teaser_run` lines), each a teaser of at most `boilerplate.max_teaser_words` words: a
    headline printed twice, then a summary cut off."""
    cfg = scan.cfg
    run = []
    for ln in scan.lines[line.index : line.index + cfg.max_teaser_run]:
        if ln.n_words <= cfg.max_teaser_words and _doubled_head(ln, cfg) and cut_off(ln):
            run.append(ln)
        else:
            break
    if len(run) < cfg.min_teasers:
        return False
    for it in run:
        scan.add(
            it, 0.8, f"one of {len(run)} teasers in a row: a headline printed twice, then a summary cut off"
        )
    return True


def _header(scan: Scan, line: Line, m: regex.Match) -> bool:
    """A teaser cue opening `line` heads a list of other articles: a few words at most follow it, fewer inside
    the body ("Most read" over teasers; "Najczęściej czytane w tym roku" over a listicle's own books,
    "Δημοφιλή πιάτα της κρητικής κουζίνας" over a guide's dishes are the article's own lists)."""
    cfg = scan.cfg
    rest = line.text[m.end() :]
    inside = scan.layout.in_body(line, reach=scan.config.layout.max_list_items + 1)  # (below a whole list)
    if line.holds_spaceless:
        return len(rest.strip()) <= (cfg.teaser_body_rest_chars if inside else cfg.teaser_rest_chars)
    return len(rest.split()) <= (cfg.teaser_body_rest_words if inside else cfg.teaser_rest_words)


def _table_rows(run: list[Line], rows: int) -> bool:
    """The first `rows` lines of `run` all end in a figure: rows of a table ("Kasulu: vituo 98"); one headline
    may end in a number ("Apple unveils iPhone 17"), two in a row are a table."""
    return len(run) >= rows and all(_STAT_ROW.search(ln.text) for ln in run[:rows])


def _is_item(line: Line, config: Config) -> bool:
    """A line under a teaser header is a teaser: a paragraph of teasers, a headline
    (`layout.headline_words`), or a teaser cut off or opening with its headline doubled."""
    cfg = config.boilerplate
    text = regex.sub(rf"^{DECOR}", "", line.text)
    return (
        _teasers_in(line, config)
        or headline_like(text, config.layout.headline_words)
        or (line.n_words <= cfg.max_teaser_words and (cut_off(line) or _doubled_head(line, cfg)))
    )


def _teasers_in(line: Line, config: Config) -> bool:
    """A run of teasers: headlines printed twice and/or summaries cut off with "[…]"."""
    cfg = config.boilerplate
    reps = tandem_repeats(line, cfg.teaser_min_repeat_words, cfg.teaser_max_repeat_words)
    marks = len(TRUNC_MID.findall(line.text)) if "[" in line.text or "(" in line.text else 0  # "[…]", "(...)"
    if marks >= cfg.min_teasers or (reps and marks):
        return True
    # without cut-off summaries, the doubled units must read as headlines, not as doubled sentences
    heads = [
        r
        for r in reps
        if r[1] <= cfg.max_teaser_headline_words
        and title_case_ratio(line.text[line.tokens[r[0]].start : line.tokens[r[0] + r[1] - 1].end])
        >= config.layout.title_case_share
    ]
    return len(reps) >= cfg.min_doubled_units or len(heads) >= cfg.min_teasers


def _doubled_head(line: Line, cfg: BoilerplateConfig) -> bool:
    """The line opens with a run of words printed twice (a teaser's headline doubled)."""
    reps = tandem_repeats(line, cfg.doubled_head_min_words, cfg.doubled_head_max_words)
    return bool(reps) and reps[0][0] == 0
