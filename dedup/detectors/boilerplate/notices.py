"""Site notices ("We use cookies", "Privacy policy", "Got a news tip?") and copyright lines ("© 2024 Example
Media Ltd. All rights reserved.")."""

from __future__ import annotations

import regex

from ...cues import cue_text, search
from ...text.segment import Line
from .scan import Scan

_COPY_MARK = regex.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:©\s*)?\d{4}", regex.I)
# what may stand before a cue found inside a line for the cue to open a clause of its own: nothing, or a
# sentence end, a bar or a colon, then no letter ("… Foo Media. All rights reserved.", "Terms | Privacy
# policy")
# (searched back from where the cue stands: only the run of other characters right before it can hold it)
_CLAUSE_BEFORE = regex.compile(r"(?:^|[.!?;。！？；|｜·•:：])[^\p{L}\p{N}]*\Z", regex.REVERSE)


def notice(scan: Scan, line: Line) -> bool:
    """A line of at most `boilerplate.max_notice_words` words holding a notice cue where it marks the line
    (`_notice_at`)."""
    if line.n_words > scan.cfg.max_notice_words:
        return False
    m = search(scan.cues, "notice", line.text, spaceless=line.holds_spaceless)
    if m is None or not _notice_at(scan, line, m.start()):
        return False
    scan.add(line, 0.85, f"site notice (cue {cue_text(m)!r})", cue_text(m))
    return True


def copyright_line(scan: Scan, line: Line) -> bool:
    """A line of at most `boilerplate.max_copyright_words` words holding a copyright cue ("All rights
    reserved"), or of at most `boilerplate.max_copyright_mark_words` holding a copyright mark ("©"), where
    it marks the line (`_notice_at`)."""
    n = line.n_words
    if n > scan.cfg.max_copyright_words:
        return False
    m = search(scan.cues, "copyright", line.text, spaceless=line.holds_spaceless)
    if m is not None and not _notice_at(scan, line, m.start()):
        m = None
    mark = _COPY_MARK.search(line.text)
    if mark is not None and not _notice_at(scan, line, mark.start()):
        mark = None
    if m is not None:
        cue = cue_text(m)
    elif mark is not None and n <= scan.cfg.max_copyright_mark_words:
        cue = mark.group(0)
    else:
        return False
    scan.add(line, 0.85, f"copyright line (cue {cue!r})", cue)
    return True


def _notice_at(scan: Scan, line: Line, pos: int) -> bool:
    """A notice or copyright cue found at `pos` of `line` marks the line when the cue opens a clause of the
    line and the line is short (`boilerplate.body_prompt_words`) or outside the article's body, or, inside a
    sentence, when the line sits in the page's footer (after the last paragraph). Inside a sentence of the
    article ("Meta updated its privacy policy on Tuesday …", "… published without written permission from the
    family", "原告是涉案作品的版权所有者") or opening a longer sentence of the body ("Polityka prywatności
    Mety budzi wątpliwości UODO, który …") the words are the article's own."""
    if not _CLAUSE_BEFORE.search(line.text, 0, pos):
        return line.index >= scan.layout.footer_start
    return line.n_words <= scan.cfg.body_prompt_words or not scan.layout.in_body(line)
