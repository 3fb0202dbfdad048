"""Page furniture ("Advertisement", "Publicité", "4 Comments", "5 min read"): on a line of its own, glued to
the end of a sentence, or in capitals between two sentences of a paragraph."""

from __future__ import annotations

import regex

from ...cues import CueSet, cue_text, match_start
from ...text.segment import Line
from .scan import LETTER, Scan

# furniture with a count: "4 Comments", "Comments (12)", "5 min read", "Reading time: 4 minutes"
_COUNT_LEAD = regex.compile(r"\s*\d[\d.,]*\s+")
# (the runs of spaces possessive: a long run is not split between the quantifiers in every way)
_COUNT_REST = regex.compile(r"[\s:：(\[]*+\d[\d.,]*[\s)\]]*+(?:\p{L}{1,10}\.?)?\s*+$")
# page furniture glued to the end of a sentence: "... s'est abstenu.Publicité"
_GLUED_END = regex.compile(r"(?<=[.!?\"”’»)])\s*([\p{Lu}][\p{L} ]{1,40})$")
# (the same searched from the end of the line: the quick test, as for share runs)
_GLUED_END_FROM_END = regex.compile(_GLUED_END.pattern[:-1] + r"\Z", regex.REVERSE)
# a word in capitals between two sentences of a paragraph (collapsed <p> tags): "… investors. ADVERTISEMENT
# President …"
_CAPS_BETWEEN = regex.compile(r"(?<=[.!?\"”’»)])(\s+)(\p{Lu}{2,}(?:\s\p{Lu}{2,}){0,5})(?=\s+[\p{Lu}\"“‘«])")
_CAPS_RUN = regex.compile(r"[.!?\"”’»)]\s+\p{Lu}{4}")


def furniture_line(scan: Scan, line: Line) -> bool:
    """A furniture cue that is the whole line, but for a count before it or a count (and a unit) after it; not
    the heading of a paragraph opening with the same words. "Share" on its own is a share line."""
    m = _furniture_cue(scan.cues, line)
    if m is None or _heads_its_paragraph(scan.lines, line):
        return False
    cue = cue_text(m)
    scan.add(line, 0.9, f"page furniture on a line of its own ({cue!r})", cue)
    if (
        match_start(scan.cues, "share", line.text, spaceless=line.holds_spaceless)
        or cue.casefold() == "share"
    ):
        scan.share_lines.add(line.index)  # ("Share" on its own: its buttons may follow)
    return True


def glued_furniture(scan: Scan, line: Line) -> bool:
    """A furniture word ("Advertisement", "Publicité") of at most `boilerplate.max_glued_furniture_words`
    words stuck to the end of a sentence: cut from there to the end of the line."""
    if _GLUED_END_FROM_END.search(line.text) is None:
        return False
    m = _GLUED_END.search(line.text)
    if m is None:
        return False
    word = m.group(1)
    f = match_start(scan.cues, "standalone", word)
    if f is None or f.end() != len(word) or len(word.split()) > scan.cfg.max_glued_furniture_words:
        return False
    scan.cut(
        line.start + m.start(), line.end, 0.8, f"page furniture glued to the end of the line ({word!r})", word
    )
    return True


def furniture_between_sentences(scan: Scan, line: Line) -> bool:
    """Furniture in capitals standing between two sentences of a line: cut with the space before it. The line
    stays open to the later rules."""
    if not _CAPS_RUN.search(line.text):
        return False
    for m in _CAPS_BETWEEN.finditer(line.text):
        word = m.group(2)
        f = match_start(scan.cues, "standalone", word)
        if f is not None and f.end() == len(word):
            scan.cut(
                line.start + m.start(1),
                line.start + m.end(2),
                0.8,
                f"page furniture between two sentences ({word!r})",
                word,
            )
    return False


def _furniture_cue(cues: CueSet, line: Line) -> regex.Match | None:
    """The match of a furniture cue that is the whole line, but for a count before it or a count (and a unit)
    after it; None otherwise."""
    lead = _COUNT_LEAD.match(line.text) if line.text[:1].isdigit() or line.text[:1].isspace() else None
    text = line.text[lead.end() :] if lead else line.text
    m = match_start(cues, "standalone", text, spaceless=line.holds_spaceless)
    if m is None:
        return None
    rest = text[m.end() :]
    return m if not LETTER.search(rest) or _COUNT_REST.match(rest) else None


def _heads_its_paragraph(lines: list[Line], line: Line) -> bool:
    """A furniture word that is the heading of the next paragraph, which opens with the same words: a results
    story's "Advertising" over "Advertising revenue fell 3 per cent", "Print" over "Print circulation
    fell"."""
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    k = len(line.words)
    return nxt is not None and k > 0 and nxt.n_words > k and nxt.words[:k] == line.words
