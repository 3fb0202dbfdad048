"""Text normalisation: the form in which blocks are compared."""
from __future__ import annotations

import unicodedata

import regex

_NON_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}]+")


def normalize(text: str) -> str:
    """Return `text` NFKC-normalised, case-folded, with punctuation and whitespace folded to single spaces."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
