"""Shared line predicates of the detectors (dedup/detectors/predicates.py): the boundary tests read only the
part of the line around a token (pos/endpos, no slices), and tandem repeats skip what cannot hold three words,
so a line of thousands of words costs in proportion to its length; they must answer as the plain versions
do."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.detectors.predicates import (
    ends_at_boundary,
    span_end_with_punct,
    starts_at_boundary,
    tandem_repeats,
)
from dedup.text.segment import segment

_PIECES = st.sampled_from(
    [
        "word",
        "Word",
        "one",
        "two",
        "three",
        " ",
        "  ",
        ". ",
        ", ",
        "! ",
        "—",
        "(",
        ")",
        "“",
        "”",
        "1",
        "中",
        "文",
        "။",
        " ။ ",
        "\u0301",
        "É",
        "\t",
        "« ",
        "- ",
    ]
)


def _starts(line, tok):
    return tok == 0 or bool(regex.search(r"[^\p{L}\p{N}\p{M}\s]\s*$", line.text[: line.tokens[tok].start]))


def _ends(line, tok_end):
    if tok_end >= len(line.tokens):
        return True
    rest = line.text[line.tokens[tok_end - 1].end :]
    return bool(
        regex.match(r"^\s*(?:[^\p{L}\p{N}\p{M}\s]|$)", rest)
        or regex.match(r"^\s+[\p{Lu}\p{Lt}\p{Lo}\p{N}\"'“‘«]", rest)
    )


def _punct_end(line, tok_end):
    end = line.tokens[tok_end - 1].end
    return end + regex.match(r"[^\p{L}\p{N}\p{M}\s]*", line.text[end:]).end()


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60))
def test_boundaries_equal_the_plain_versions(pieces):
    for line in segment("".join(pieces)).lines:
        for tok in range(len(line.tokens)):
            assert starts_at_boundary(line, tok) == _starts(line, tok), (line.text, tok)
            assert ends_at_boundary(line, tok + 1) == _ends(line, tok + 1), (line.text, tok)
            assert span_end_with_punct(line, tok + 1) == _punct_end(line, tok + 1), (line.text, tok)


def _tandem_plain(line, min_words, max_words=80):
    """Every X X (X of min_words..max_words words, three different ones, on token boundaries), longest first,
    left to right: the definition, without the shortcuts."""
    w, n, out, i = line.words, len(line.words), [], 0
    while i + 2 * min_words <= n:
        found = 0
        for k in range(min(max_words, (n - i) // 2), min_words - 1, -1):
            if w[i : i + k] == w[i + k : i + 2 * k] and len(set(w[i : i + k])) >= 3:
                found = k
                break
        if found and _starts(line, i) and _ends(line, i + 2 * found):
            copies = 2
            while w[i + copies * found : i + (copies + 1) * found] == w[i : i + found]:
                copies += 1
            out.append((i, found, copies))
            i += copies * found
        else:
            i += 1
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "A", "B"]), max_size=40),
    st.sampled_from([" ", ". ", ", "]),
    st.integers(2, 4),
)
def test_tandem_repeats_equal_the_definition(words, sep, min_words):
    text = sep.join(words + words[len(words) // 3 :] + words)
    for line in segment(text).lines:
        assert tandem_repeats(line, min_words, 80) == _tandem_plain(line, min_words), line.text


def test_a_line_of_thousands_of_repeated_words_is_cleaned():
    """Repeated runs of one, two or three words over a whole line (a broken page, a spam filler): the inline
    copies of a sentence go, a run with no boundaries stays."""
    for text, kept in (("word " * 20000, 100000), ("a b " * 10000, 40000), ("one two three " * 7000, 98000)):
        assert len(dedup.clean(text)) == kept
    text = "One two three. " * 7000
    clean = dedup.clean(text)
    assert (
        clean.startswith("One two three.") and len(clean) < len(text) / 100 and text.startswith(clean.strip())
    )
