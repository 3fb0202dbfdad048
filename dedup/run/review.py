"""The review page: one self-contained HTML file (no network, no external file) to look at what a run
removes. A corpus summary with charts drawn as inline SVG (removals per label, per site, records kept,
changed and copied), then a sample of pages with every removed span highlighted in its label's colour and its
reason on hover, and copies side by side with the document they copy. A few lines of inline script let the
reader show or hide a label; the page reads the same without them.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..detectors import LABELS
from ..report import Report
from ..version import DISTRIBUTION, __version__

#: one colour per label (colour-blind safe: Okabe-Ito)
COLORS = {
    "headline_repeat": "#e69f00",
    "near_duplicate": "#56b4e9",
    "inline_duplicate": "#009e73",
    "related_link": "#cc79a7",
    "boilerplate": "#d55e00",
}
#: sites in the per-site charts
CHART_SITES = 12
#: characters of a page shown (a longer page is cut, and says so)
MAX_PAGE_CHARS = 20000


@dataclass
class Page:
    """One record as the review shows it: its report, its site, and the report of the document it copies."""

    report: Report
    site: str
    original: Report | None = None


@dataclass
class Tally:
    """What the summary counts over every record looked at."""

    records: int = 0
    changed: int = 0
    copies: int = 0
    chars_in: int = 0
    chars_removed: int = 0
    labels: Counter = field(default_factory=Counter)
    label_chars: Counter = field(default_factory=Counter)
    site_removals: Counter = field(default_factory=Counter)
    site_records: Counter = field(default_factory=Counter)
    site_copies: Counter = field(default_factory=Counter)

    def add(self, report: Report, site: str) -> None:
        """Count one record's report."""
        self.records += 1
        self.site_records[site] += 1
        self.chars_in += len(report.text)
        if report.duplicate_of is not None:
            self.copies += 1
            self.site_copies[site] += 1
            return
        self.chars_removed += report.removed_chars
        self.changed += report.clean != report.text
        for f in report.flags:
            self.labels[f.label] += 1
            self.label_chars[f.label] += f.end - f.start
        self.site_removals[site] += len(report.flags)


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def bar_chart(
    title: str, rows: list[tuple[str, int]], chart_id: str, colors: dict[str, str] | None = None
) -> str:
    """A horizontal bar chart as inline SVG: one bar per (name, value), the value written at its end."""
    width, label_w, row_h = 640, 220, 24
    top = max((v for _, v in rows), default=0) or 1
    height = row_h * max(len(rows), 1) + 8
    parts = [
        f'<figure class="chart" id="{chart_id}"><figcaption>{_esc(title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{_esc(title)}">',
    ]
    if not rows:
        parts.append('<text x="0" y="16" class="none">nothing to show</text>')
    for i, (name, value) in enumerate(rows):
        y = i * row_h + 4
        w = round((width - label_w - 70) * value / top, 1)
        color = (colors or {}).get(name, "#4a6fa5")
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="name">{_esc(name[:34])}</text>'
            f'<rect class="bar" data-name="{_esc(name)}" x="{label_w}" y="{y}" width="{w}" '
            f'height="{row_h - 6}" fill="{color}"><title>{_esc(name)}: {value:,}</title></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 15}" class="value">{value:,}</text>'
        )
    parts.append("</svg></figure>")
    return "".join(parts)


def marked_text(report: Report) -> str:
    """The page's text with every removed span in a <mark> of its label, its reason in the title (hover)."""
    text = report.text
    cut = len(text) > MAX_PAGE_CHARS
    out: list[str] = []
    pos = 0
    for n, f in enumerate(report.flags, start=1):
        if f.start >= MAX_PAGE_CHARS:
            break
        out.append(_esc(text[pos : f.start]))
        tip = f"{f.label} ({f.score:.2f}): {f.reason}"
        out.append(
            f'<mark class="flag" data-label="{_esc(f.label)}" data-n="{n}" title="{_esc(tip)}" '
            f'style="--c: {COLORS.get(f.label, "#888")}">{_esc(text[f.start : f.end])}'
            f'<span class="reason">{_esc(tip)}</span></mark>'
        )
        pos = f.end
    out.append(_esc(text[pos : MAX_PAGE_CHARS if cut else len(text)]))
    if cut:
        out.append(f'<span class="cut">[… {len(text) - MAX_PAGE_CHARS:,} more characters not shown]</span>')
    return "".join(out)


def _legend() -> str:
    items = "".join(
        f'<label class="key"><input type="checkbox" checked data-toggle="{lab}">'
        f'<span class="swatch" style="background: {COLORS[lab]}"></span>{lab}</label>'
        for lab in LABELS
        if lab in COLORS
    )
    return f'<div class="legend">{items}</div>'


def _page(p: Page) -> str:
    r = p.report
    if p.original is not None:  # (a copy is not cleaned: it goes whole)
        meta = "a copy, set aside whole"
    else:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts().items())) or "nothing removed"
        meta = f"{len(r.text) - len(r.clean):,} of {len(r.text):,} characters removed · {counts}"
    head = (
        f'<header><h3>{_esc(r.doc_id or "article")}</h3><span class="meta">{_esc(p.site or "(no site)")}'
        f" · {_esc(meta)}</span></header>"
    )
    if p.original is not None:
        sim = f"{r.similarity:.2f}" if r.similarity is not None else "?"
        return (
            f'<section class="page copy" data-labels="copy">{head}'
            f'<p class="note">a copy of <b>{_esc(r.duplicate_of)}</b> (similarity {sim}): it goes to the '
            f'duplicates file whole</p><div class="pair"><div><h4>this copy</h4><div class="text">'
            f"{_esc(r.text[:MAX_PAGE_CHARS])}</div></div><div><h4>the original it copies, as cleaned</h4>"
            f'<div class="text">{marked_text(p.original)}</div></div></div></section>'
        )
    labels = " ".join(sorted(r.counts()))
    notes = "".join(f'<p class="note">{_esc(x)}</p>' for x in r.notes)
    return (
        f'<section class="page" data-labels="{_esc(labels)}">{head}{notes}'
        f'<div class="text">{marked_text(r)}</div></section>'
    )


def render_review(title: str, tally: Tally, pages: Iterable[Page], settings: dict[str, object]) -> str:
    """The whole review page."""
    label_rows = [(lab, tally.labels[lab]) for lab in LABELS if lab in COLORS]
    site_rows = tally.site_removals.most_common(CHART_SITES)
    copy_rows = tally.site_copies.most_common(CHART_SITES)
    record_rows = [
        ("kept unchanged", tally.records - tally.changed - tally.copies),
        ("changed", tally.changed),
        ("copies (whole)", tally.copies),
    ]
    share = tally.chars_removed / tally.chars_in if tally.chars_in else 0.0
    pages = list(pages)
    summary = (
        f'<p class="totals"><b id="n-records">{tally.records:,}</b> records · <b>{tally.changed:,}</b> '
        f"changed · <b>{tally.copies:,}</b> copies · <b>{sum(tally.labels.values()):,}</b> removals · "
        f"<b>{share:.1%}</b> of the characters of the kept records removed</p>"
    )
    charts = "".join(
        [
            bar_chart("Removals per label", label_rows, "chart-labels", COLORS),
            bar_chart(f"Removals per site (top {CHART_SITES})", site_rows, "chart-sites"),
            bar_chart("Records", record_rows, "chart-records"),
            bar_chart(f"Copies per site (top {CHART_SITES})", copy_rows, "chart-copies"),
        ]
    )
    setting_rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in settings.items())
    body = (
        f'<h1>{_esc(title)}</h1>{summary}<div class="charts">{charts}</div>'
        f"<details><summary>settings</summary><table>{setting_rows}</table></details>"
        f'<h2>Sample of {len(pages)} pages</h2><p class="hint">Hover over a highlighted span for its label '
        f"and reason; untick a label to hide its highlights.</p>{_legend()}"
        + "".join(_page(p) for p in pages)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="generator" content="{DISTRIBUTION} {__version__}">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}<script>{_JS}</script></body></html>\n"
    )


_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222;
  padding: 0 1em; }
h1 { font-size: 1.6em; } .totals { font-size: 1.1em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em 3em; }
figure.chart { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3em; }
svg text { font: 12px system-ui, sans-serif; fill: #333; } svg .value { fill: #555; }
.legend { position: sticky; top: 0; background: #fff; padding: .4em 0; border-bottom: 1px solid #ddd;
  z-index: 2; }
.key { margin-right: 1.2em; cursor: pointer; } .swatch { display: inline-block; width: .9em; height: .9em;
  margin: 0 .3em; vertical-align: -1px; border-radius: 2px; }
.page { border: 1px solid #ddd; border-radius: 6px; margin: 1.2em 0; padding: .6em 1em; }
.page header h3 { display: inline; font-size: 1em; margin-right: .6em; }
.meta { color: #666; font-size: .9em; }
.text { white-space: pre-wrap; font-family: Georgia, serif; margin-top: .5em; }
mark.flag { background: color-mix(in srgb, var(--c) 28%, white); border-bottom: 2px solid var(--c);
  text-decoration: line-through; text-decoration-color: color-mix(in srgb, var(--c) 70%, black);
  position: relative; color: inherit; }
mark.flag .reason { display: none; position: absolute; left: 0; top: 100%; z-index: 5; width: max-content;
  max-width: 32em; background: #222; color: #fff; padding: .3em .5em; border-radius: 4px; font: 12px/1.4
  system-ui, sans-serif; text-decoration: none; white-space: normal; }
mark.flag:hover .reason { display: block; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; } .pair h4 { margin: .4em 0 0; }
.note { color: #8a4b00; margin: .3em 0; } .cut { color: #888; } .hint { color: #555; }
table { border-collapse: collapse; } th { text-align: left; padding-right: 1em; font-weight: 500; }
"""

# (a label whose box is unticked: its spans read as plain text)
_CSS += ",\n".join(f"body.hide-{lab} mark[data-label={lab}]" for lab in COLORS)
_CSS += " { background: none; border: 0; text-decoration: none; }\n"

_JS = """
document.querySelectorAll('input[data-toggle]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.toggle, !box.checked);
  });
});
document.body.dataset.ready = String(document.querySelectorAll('mark.flag').length);
"""
