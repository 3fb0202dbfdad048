"""Strip: rebuild the text from the kept spans of the original (nothing is rewritten)."""

from __future__ import annotations

from bisect import bisect_right

import regex

from .decide import Decision
from .text.segment import Page

_BREAK = regex.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")


def _breaks(s: str) -> int:
    return len(_BREAK.findall(s))


def kept_spans(page: Page, d: Decision) -> list[tuple[int, int]]:
    """The spans of the original text that the clean text is made of, in order: the kept lines, the parts of
    lines around their cuts, and between two kept lines the larger of the separators around what went."""
    text, lines = page.text, page.lines
    if not d.removed and not d.cuts:
        return [(0, len(text))]
    kept = [ln for ln in lines if ln.index not in d.removed]
    out: list[tuple[int, int]] = []
    prev = None
    for ln in kept:
        if prev is None:
            out.append((0, ln.start) if ln.index == 0 else (ln.start, ln.start))
        else:
            after_prev = (prev.end, lines[prev.index + 1].start)
            before_cur = (lines[ln.index - 1].end, ln.start)
            out.append(
                after_prev
                if _breaks(text[slice(*after_prev)]) > _breaks(text[slice(*before_cur)])
                else before_cur
            )
        pos = ln.start
        for f in d.cuts.get(ln.index, ()):
            out.append((pos, f.start))
            pos = f.end
        out.append((pos, ln.end))
        prev = ln
    if prev is not None and prev is lines[-1]:
        out.append((prev.end, len(text)))
    return [(a, b) for a, b in out if b > a]


def strip(page: Page, d: Decision) -> str:
    """Return the original text without the removed lines and cut spans."""
    return "".join(page.text[a:b] for a, b in kept_spans(page, d))


class OffsetMap:
    """Maps offsets in a clean text back to the original it was cut from (its `kept_spans`)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans
        self._starts: list[int] = []
        pos = 0
        for a, b in spans:
            self._starts.append(pos)
            pos += b - a

    def start(self, i: int) -> int:
        """The original offset of the character at clean offset `i` (of a span's start)."""
        k = max(0, bisect_right(self._starts, i) - 1)
        return self._spans[k][0] + (i - self._starts[k])

    def end(self, i: int) -> int:
        """The original offset just past the character before clean offset `i` (of a span's end)."""
        return self.start(i - 1) + 1 if i > 0 else self.start(0)

    def spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """The original spans that clean offsets [a, b) come from: several where the clean text joins
        them."""
        out = []
        k = max(0, bisect_right(self._starts, a) - 1)
        while a < b and k < len(self._spans):
            s0, s1 = self._spans[k]
            lo = s0 + (a - self._starts[k])
            hi = min(s1, s0 + (b - self._starts[k]))
            if hi > lo:
                out.append((lo, hi))
            a = self._starts[k] + (s1 - s0)
            k += 1
        return out
