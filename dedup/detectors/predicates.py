"""Small text predicates shared by detectors: headline-likeness, boundaries, tandem repeats."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from ..text.segment import TRUNCATION, Line

_UPPER_START = regex.compile(r"[\p{Lu}\p{Lt}\p{N}\"'“‘«¿¡(\[]|[^\p{L}\p{N}\s]*[\p{Lo}]")
# (full stops of other scripts too: Devanagari danda, Urdu, Armenian, Ethiopic)
# (possessive: the runs of spaces and quotes are taken whole, so a long run of spaces that is not at the end
# fails at once instead of being split every way between the two `\s*`)
_TERMINAL = regex.compile(r"[.!;。！।॥۔։።]\s*+[\"'”’»)\]]*+\s*+$")
# (used on a part of a line, with pos and endpos: a line of thousands of words must not be sliced or
# scanned from its start at every token)
_PUNCT_BEFORE = regex.compile(r"[^\p{L}\p{N}\p{M}\s]\s*$")
_SENTENCE_PUNCT_AFTER = regex.compile(r"\s*(?:[^\p{L}\p{N}\p{M}\s]|$)")
_UPPER_AFTER = regex.compile(r"\s+[\p{Lu}\p{Lt}\p{Lo}\p{N}\"'“‘«]")
_PUNCT_RUN = regex.compile(r"[^\p{L}\p{N}\p{M}\s]*")
_CASED = regex.compile(r"[\p{Ll}\p{Lu}\p{Lt}]")
TRUNC_MID = regex.compile(r"\[\s*(?:…|\.{3})\s*\]|\(\s*(?:…|\.{3})\s*\)")
_TRAILING_ARROW = regex.compile(r"\s(?:→|›|»|>>|⟶|➔|➜|➡️?)\s*$")
_STOP_SMALL = frozenset(
    "a an the of in on at to for and or but with by from as is are vs via de la le les "
    "el los las y e o da do das dos di del der die das und von zu im".split()
)


def headline_like(text: str, max_words: int) -> bool:
    """True for a line of at most `max_words` words that reads like a headline: capitalised start, no final
    full stop."""
    words = text.split()
    if not words or len(words) > max_words or _TERMINAL.search(text):
        return False
    if not _UPPER_START.match(text.lstrip("•·-–—*#>►▶»→ \t")):
        return False
    return True


def title_case_ratio(text: str) -> float:
    """Share of the words with a cased letter that start with a capital (small function words skipped)."""
    words = [
        w
        for w in regex.findall(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-]*", text)
        if _CASED.search(w) and w.casefold() not in _STOP_SMALL
    ]
    if not words:
        return 1.0
    return sum(w[0].isupper() or w[0].isdigit() for w in words) / len(words)


def starts_at_boundary(line: Line, tok: int) -> bool:
    """True when token `tok` starts the line or follows punctuation."""
    if tok == 0:
        return True
    toks = line.tokens
    # what can match lies after the word characters of the token before (a token that is one character of a
    # script without spaces may itself be punctuation: searched from its start)
    return bool(_PUNCT_BEFORE.search(line.text, toks[tok - 1].start, toks[tok].start))


def ends_at_boundary(line: Line, tok_end: int) -> bool:
    """True when the token run ending before `tok_end` ends the line, or is followed by punctuation or a
    capital."""
    if tok_end >= len(line.tokens):
        return True
    end = line.tokens[tok_end - 1].end
    return bool(_SENTENCE_PUNCT_AFTER.match(line.text, end) or _UPPER_AFTER.match(line.text, end))


def span_end_with_punct(line: Line, tok_end: int) -> int:
    """Offset (in the line) just past token `tok_end - 1` and the punctuation glued after it."""
    end = line.tokens[tok_end - 1].end
    return _PUNCT_RUN.match(line.text, end).end()


def tandem_repeats(line: Line, min_words: int, max_words: int) -> list[tuple[int, int, int]]:
    """Find runs X X (the same tokens twice or more in a row, X of `min_words` to `max_words` words): (start
    token, length of X, copies) triples.

    At each position the longest X wins. Several detectors ask for the same line, so the result is kept
    on the line (callers must not modify it).
    """
    # a copied run holds at least three different words, so its first three words occur twice: most lines
    # repeat no word 3-gram at all (found once per line, whatever the callers' lengths)
    rep = line.repeats_3gram
    if rep is None:
        w = line.words
        rep = line.repeats_3gram = len(w) >= 6 and len(set(zip(w, w[1:], w[2:]))) < len(w) - 2
    if not rep:
        return []
    found_before = line.tandems.get((min_words, max_words))
    if found_before is None:
        found_before = line.tandems[min_words, max_words] = _tandem_repeats(line, min_words, max_words)
    return found_before


def _tandem_repeats(line: Line, min_words: int, max_words: int) -> list[tuple[int, int, int]]:
    w = line.words
    n = len(w)
    out: list[tuple[int, int, int]] = []
    if n < 2 * min_words:
        return out
    # X X with X at least `min_words` long means X's first `min_words` words occur twice: most lines have
    # no repeated n-gram at all, and elsewhere only the later positions of the same n-gram can start the copy
    grams = list(zip(*(w[t:] for t in range(min_words))))
    if len(set(grams)) == len(grams):
        return out
    where: dict[tuple[str, ...], list[int]] = {}
    for pos, g in enumerate(grams):
        where.setdefault(g, []).append(pos)
    i = 0
    while i + 2 * min_words <= n:
        found = 0
        same = where[grams[i]]
        # (a copy must start at a boundary: elsewhere the copies need not be looked for, which spares most
        # of the work on a long run of repeated words glued together, as in a script without spaces)
        if len(same) > 1 and starts_at_boundary(line, i):
            lo = bisect_left(same, i + min_words)
            hi = bisect_right(same, i + min(max_words, (n - i) // 2))
            if hi > lo and len(set(w[i : same[hi - 1]])) < 3:
                hi = lo  # no X from here holds three different words (a run of one or two words repeated)
            for j in reversed(same[lo:hi]):
                k = j - i
                if w[i:j] == w[j : j + k] and len(set(w[i:j])) >= 3:
                    found = k
                    break
        if found and ends_at_boundary(line, i + 2 * found):
            copies = 2
            x = w[i : i + found]
            while w[i + copies * found : i + (copies + 1) * found] == x:
                copies += 1
            out.append((i, found, copies))
            i += copies * found
        else:
            i += 1
    return out


def cut_off(line: Line) -> bool:
    """A summary cut off at the end: "[…]", "...", "…" or a trailing arrow standing for the link."""
    return bool(TRUNCATION.search(line.text) or _TRAILING_ARROW.search(line.text))
