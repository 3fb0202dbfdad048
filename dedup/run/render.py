"""Render a Report for a terminal: the article with each removed span marked, and the reasons."""

from __future__ import annotations

from ..report import Report

_RED, _DIM, _RESET, _STRIKE = "\x1b[31m", "\x1b[2m", "\x1b[0m", "\x1b[9m"


def render(report: Report, *, color: bool = False) -> str:
    """The original text with removed spans marked ([-…-]{n} without colour), then a numbered legend: each
    removal's line in the text, label, score and reason."""
    out: list[str] = []
    pos = 0
    text = report.text
    for n, f in enumerate(report.flags, start=1):
        out.append(text[pos : f.start])
        span = text[f.start : f.end]
        if color:
            out.append(f"{_RED}{_STRIKE}{span}{_RESET}{_DIM}[{n}]{_RESET}")
        else:
            out.append(f"[-{span}-]{{{n}}}")
        pos = f.end
    out.append(text[pos:])
    head = f"== {report.doc_id or 'article'}"
    if report.duplicate_of:
        head += f"  (copy of {report.duplicate_of}, similarity {report.similarity:.2f})"
    legend = [
        f"[{n}] line {text.count(chr(10), 0, f.start) + 1}: {f.label} ({f.score:.2f}): {f.reason}"
        for n, f in enumerate(report.flags, start=1)
    ]  # (the line in the text, as an editor numbers it)
    if not legend:
        legend = ["nothing removed"]
    legend += [f"note: {x}" for x in report.notes]
    kept = len(report.clean)
    legend.append(f"{len(report.text) - kept} of {len(report.text)} characters removed")
    return "\n".join([head, "".join(out), "--"] + legend) + "\n"
