"""Author bios: a line opened by a bio cue ("About the author", "Zur Person"), with the paragraph under it
when the cue stands alone, and "About <name>: …"."""

from __future__ import annotations

import regex

from ...cues import cue_text, match_start
from ...text.segment import Line
from .scan import LETTER, Scan

_NAME = (
    r"(?:\p{Lu}[\p{L}\p{M}'’.\-]*)(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.\-]*|de|da|van|von|der|del|la|le|bin|al)){0,4}"
)
# "About <name>:", then the bio
_ABOUT_NAME = regex.compile(rf"\s*{_NAME}\s*[:：\-–—]\s+(?=\S)", regex.V1)
# an author bio cue ("Zur Person", "Об авторе") is followed by a separator, the line's end or a name; followed
# by a word in lower case, a comma or a quote it opens a sentence ("Zur Person des Verdächtigen machte die
# Polizei keine Angaben", "Sull'autore, un operaio di 34 anni, …")
_BIO_REST = regex.compile(r"\s*(?:$|[:：|｜\-–—]|[\p{Lu}\p{Lt}\p{Lo}\p{N}])")
# the paragraph under a bio header ("About the author") opens with a name: two capitalised words ("Jane Doe
# covers …"), or a script without case
_UPPER_START = regex.compile(r"\s*(?:[\p{Lu}\p{Lt}][\p{L}\p{M}'’.\-]*\s+[\p{Lu}\p{Lt}]|\p{Lo})")
_QUOTE_AFTER = regex.compile(r"\s*[\"“”„«»‘’'‚「『]")


def bio(scan: Scan, line: Line) -> bool:
    """A line opened by a bio cue (up to `boilerplate.max_bio_words` words); a cue alone on its line takes the
    paragraph under it when it opens with a name (up to `boilerplate.max_header_bio_words`)."""
    cfg = scan.cfg
    m = match_start(scan.cues, "bio", line.text, spaceless=line.holds_spaceless)
    if m is None or line.n_words > cfg.max_bio_words or not _BIO_REST.match(line.text, m.end()):
        return False
    cue = cue_text(m)
    scan.add(line, 0.9, f"author bio (cue {cue!r})", cue)
    lines = scan.lines
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    if (
        not LETTER.search(line.text, m.end())
        and nxt is not None
        and nxt.index not in scan.taken
        and 0 < nxt.n_words <= cfg.max_header_bio_words
        and _UPPER_START.match(nxt.text)
    ):
        # a header on its own line ("About the author"): the bio is the paragraph under it
        scan.add(nxt, 0.85, f"author bio under the header on line {line.number}", cue)
    return True


def bio_about(scan: Scan, line: Line) -> bool:
    """ "About <name>: …" (`boilerplate.min_bio_about_words` to `boilerplate.max_bio_words` words), but not a
    quote after the colon ("Sobre Pedro: "…"")."""
    cfg = scan.cfg
    m = match_start(scan.cues, "bio_about", line.text, spaceless=line.holds_spaceless)
    if m is None or not cfg.min_bio_about_words <= line.n_words <= cfg.max_bio_words:
        return False
    after = _ABOUT_NAME.match(line.text[m.end() :])
    if not after or _QUOTE_AFTER.match(line.text, m.end() + after.end()):
        return False
    scan.add(line, 0.9, f"author bio ('{cue_text(m)} <name>:')", cue_text(m))
    return True
