"""The page's layout as the detectors read it (`Config.layout`): where its head ends and its footer starts,
whether a line sits inside the article's body, and the items of a list under a header."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property

import regex

from ..cues import match_start, search
from ..text.segment import Line
from .base import Context

#: the cue sections whose cue opening a line makes it a prompt or a bio, not a paragraph of the article
PROMPTS = ("newsletter", "share", "cookie", "bio", "bio_about")
_ENDS_SENTENCE = regex.compile(r"[.!?。！？।…][\"'”’»)\]]*\s*$")


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (its last few characters are looked at, not the whole line)."""
    return bool(_ENDS_SENTENCE.search(text, max(0, len(text.rstrip()) - 6)))


class Layout:
    """The layout of one page, each part found when first asked (most pages ask for little of it).

    A paragraph is a line of `layout.paragraph_words` words or more: the lines before the first are the
    page's head (menus, the title), the lines after the last its footer.
    """

    def __init__(self, ctx: Context) -> None:
        self.lines = ctx.page.lines
        self.title = ctx.page.title
        self.cues = ctx.cues
        self.config = ctx.config
        self._paragraph: dict[int, bool] = {}

    @cached_property
    def head_end(self) -> int:
        """The index of the page's first paragraph (the number of lines when there is none)."""
        words = self.config.layout.paragraph_words
        return next((ln.index for ln in self.lines if ln.n_words >= words), len(self.lines))

    @cached_property
    def footer_start(self) -> int:
        """The index of the line after the page's last paragraph (0 when there is none)."""
        words = self.config.layout.paragraph_words
        return next((ln.index + 1 for ln in reversed(self.lines) if ln.n_words >= words), 0)

    def in_body(self, line: Line, reach: int = 1) -> bool:
        """Whether `line` sits inside the article's body: between its first and its last long paragraph
        (`layout.long_paragraph_words`), or right between two paragraphs of the body (`body_paragraph`);
        `reach`: how far down the paragraph below may be (a list heading has its items in between). Lines
        before the first long paragraph or after the last one that stand next to other template lines are the
        page's head or footer."""
        first, last = self._body_ends
        if first < line.index < last:
            return True
        lines = self.lines
        above = next((i for i in range(line.index - 1, -1, -1) if lines[i].words), None)
        if above is None or not self.body_paragraph(above):
            return False
        below = [i for i in range(line.index + 1, min(len(lines), line.index + 1 + reach)) if lines[i].words]
        return any(self.body_paragraph(i) for i in below)

    def body_paragraph(self, i: int) -> bool:
        """Line `i` is a paragraph of the article: a sentence of `layout.paragraph_words` words or more that
        no newsletter, share, cookie or bio cue opens and that, up to `boilerplate.max_notice_words` words,
        holds no notice cue."""
        found = self._paragraph.get(i)
        if found is None:
            ln = self.lines[i]
            cues, spaceless = self.cues, ln.holds_spaceless
            found = self._paragraph[i] = (
                ln.n_words >= self.config.layout.paragraph_words
                and ends_sentence(ln.text)
                and not any(match_start(cues, sec, ln.text, spaceless=spaceless) for sec in PROMPTS)
                and not (
                    ln.n_words <= self.config.boilerplate.max_notice_words
                    and search(cues, "notice", ln.text, spaceless=spaceless)
                )
            )
        return found

    @cached_property
    def _body_ends(self) -> tuple[int, int]:
        """The indexes of the first and the last long paragraph of the body ((len, -1) without one)."""
        words = self.config.layout.long_paragraph_words
        lines = self.lines

        def long(ln: Line) -> bool:
            return ln.n_words >= words and self.body_paragraph(ln.index)

        first = next((ln.index for ln in lines if long(ln)), len(lines))
        last = next((ln.index for ln in reversed(lines) if long(ln)), -1) if first < len(lines) else -1
        return first, last

    def list_items(self, start: int, is_item: Callable[[Line], bool]) -> list[Line]:
        """The items of a list under a header at `start`: the lines under it for which `is_item` holds, up to
        the first for which it does not, at most `layout.max_list_items` (when the first sits in the header's
        paragraph, items on single lines, the list ends with that paragraph). None when the header stands in
        the page's head, before the first paragraph (a menu entry such as "Latest news" over the other menu
        entries and the article's own headline and standfirst), and never from the page's title on."""
        if start < self.head_end:
            return []
        title = tuple(self.title.split()) if self.title else None
        items = []
        for line in self._under(start):
            if (title is not None and tuple(line.text.split()) == title) or not is_item(line):
                break
            items.append(line)
        return items

    def _under(self, start: int) -> Iterator[Line]:
        """The lines under a header at `start` that can belong to its list."""
        lines = self.lines
        header = prev = lines[start]
        tight = None
        for line in lines[start + 1 : start + 1 + self.config.layout.max_list_items]:
            if tight is None:
                tight = line.para == header.para
            elif tight and line.para != prev.para:
                return
            yield line
            prev = line
