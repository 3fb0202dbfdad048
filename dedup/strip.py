"""Strip: rebuild the text from the kept spans of the original (nothing is rewritten)."""

from __future__ import annotations

import regex

from .decide import Decision
from .text.segment import Page

_BREAK = regex.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")


def _breaks(s: str) -> int:
    return len(_BREAK.findall(s))


def strip(page: Page, d: Decision) -> str:
    """Return the original text without the removed lines and cut spans."""
    if not d.removed and not d.cuts:
        return page.text
    text, lines = page.text, page.lines
    kept = [ln for ln in lines if ln.index not in d.removed]
    if not kept:
        return ""
    out: list[str] = []
    prev = None
    for ln in kept:
        if prev is None:
            out.append(text[: ln.start] if ln.index == 0 else "")
        else:
            after_prev = text[prev.end : lines[prev.index + 1].start]
            before_cur = text[lines[ln.index - 1].end : ln.start]
            out.append(after_prev if _breaks(after_prev) > _breaks(before_cur) else before_cur)
        pos = ln.start
        for f in d.cuts.get(ln.index, ()):
            out.append(text[pos : f.start])
            pos = f.end
        out.append(text[pos : ln.end])
        prev = ln
    if prev is lines[-1]:
        out.append(text[prev.end :])
    return "".join(out)
