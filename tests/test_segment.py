"""Segmentation computes words and normal forms for a whole page at once; they must equal the per-line
reference (`line_tokens`, `normalize`) exactly, on any text."""

from __future__ import annotations

import unicodedata

import numpy as np
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.cues import has_spaceless
from dedup.index import block_key
from dedup.normalize import normalize, normalize_many
from dedup.segment import _NO_SPACE_CHAR, _TOKEN, layout, line_tokens, restore, segment
from dedup.shingle import hashes_of_tokens, token_hashes


def _lines_reference(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every non-blank line, trimmed: a new paragraph after two or more breaks."""
    out, para, prev_end = [], 0, 0
    for m in regex.finditer(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+", text):
        raw = m.group()
        if not raw.strip():
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        if (
            out
            and len(regex.findall(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]", text[prev_end:start])) > 1
        ):
            para += 1
        prev_end = start + len(raw.strip())
        out.append((start, prev_end, para))
    return out


def _check(text: str, thorough: bool = True) -> None:
    page = segment(text)
    assert [(ln.start, ln.end, ln.para) for ln in page.lines] == _lines_reference(text), repr(text)
    for line in page.lines:
        assert text[line.start : line.end] == line.text
        if thorough:
            assert line.words == tuple(t.norm for t in line_tokens(line.text)), repr(line.text)
            assert [(t.start, t.end) for t in line.tokens] == [
                (t.start, t.end) for t in line_tokens(line.text)
            ]
        else:  # the same reference, without building the Token objects
            assert line.words == tuple(map(normalize, _TOKEN.findall(line.text))), repr(line.text)
        assert line.norm == normalize(line.text), repr(line.text)
        assert line.cjk == has_spaceless(line.text), repr(line.text)
        ones = [w for w in line.words if len(w) == 1]  # most words one character of such a script
        assert line.spaceless == (
            sum(_NO_SPACE_CHAR.match(w) is not None for w in ones) * 2 > len(line.words)
        )
    # a second pass rebuilds the same page from its layout
    again = restore(text, "T", layout(page))
    assert again.lines == page.lines and again.title == "T"
    assert [ln.cjk for ln in again.lines] == [ln.cjk for ln in page.lines]
    keys = [block_key(ln) for ln in page.lines]  # block keys computed before the layout travel with it
    assert [ln.memo.get("block_key") for ln in restore(text, None, layout(page)).lines] == keys
    assert [block_key(ln) for ln in segment(text).lines] == keys
    for n in (1, 3, 5) if thorough else ():
        for line, sh in zip(page.lines, page.line_shingles(n)):
            np.testing.assert_array_equal(sh, hashes_of_tokens(token_hashes(list(line.words)), n))
    for line in page.lines if thorough else ():  # what the 3-gram hashes tell tandem_repeats
        w = line.words
        assert line.memo["rep3"] == (len(w) >= 6 and len(set(zip(w, w[1:], w[2:]))) < len(w) - 2)


def test_real_multilingual_articles(articles):
    for a in articles:
        _check((a["title"] or "") + "\n\n" + a["body"])


def test_every_code_point():
    # every code point between letters, next to spaces and next to its neighbours; and those in NFKC on a line
    # in NFKC (whose normal form segmentation takes from its words)
    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    for i in range(0, len(chars), 5000):
        part = chars[i : i + 5000]
        nfkc = " ".join(c for c in part if unicodedata.is_normalized("NFKC", c) and not c.isspace())
        _check(
            "\n".join([" ".join("a" + c + "b" for c in part), " ".join(part), "".join(part), nfkc]),
            thorough=False,
        )
        if unicodedata.is_normalized("NFKC", nfkc):
            _check(nfkc, thorough=False)


def test_case_folding_keeps_word_characters_apart():
    """What lets a line in NFKC take its normal form from its words: case folding maps every word character
    ([\\p{L}\\p{N}\\p{M}]) to word characters only, and every other character to no word character."""
    word = regex.compile(r"[\p{L}\p{N}\p{M}]")
    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        ch = chr(c)
        folded = [word.match(x) is not None for x in ch.casefold()]
        assert all(folded) if word.match(ch) else not any(folded), hex(c)


_PIECES = st.sampled_from(
    [
        "a",
        "Ab",
        " ",
        "㈠",
        "㆒",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\n \t\n",
        "\x0c",
        "\x1d",
        ".",
        "É",
        "ß",
        "ﬁ",
        "™",
        "½",
        "\u0301",
        "中文",
        "ไทย",
        "\u2028",
        "\x00",
        "İ",
        "ǅ",
        "x²",
        "“",
        "’",
        "…",
        "\x85",
        "\u3000",
        "ｆｕｌｌ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40))
def test_any_text(pieces):
    _check("".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12))
def test_normalize_many(texts):
    assert normalize_many(texts) == [normalize(t) for t in texts]


def test_line_shingles_of_many_pages_equal_each_page_own(articles):
    from dedup.segment import line_shingles_many

    texts = [(a["title"] or "") + "\n\n" + a["body"] for a in articles[:40]] + ["", "one line"]
    pages = [segment(t) for t in texts]
    line_shingles_many(pages, 3)
    for text, page in zip(texts, pages):
        alone = segment(text)
        for a, b in zip(page.line_shingles(3), alone.line_shingles(3)):
            np.testing.assert_array_equal(a, b)
        assert [ln.memo["rep3"] for ln in page.lines] == [ln.memo["rep3"] for ln in alone.lines]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40), st.integers(-2, 120), st.integers(-2, 120)
)
def test_covered_lines_are_those_inside_the_span(pieces, a, b):
    """`Page.covered` (bisection: detectors map every flag to the lines it covers) equals the plain scan."""
    page = segment("".join(pieces))
    assert list(page.covered(a, b)) == [ln.index for ln in page.lines if a <= ln.start and ln.end <= b]
    for ln in page.lines:
        assert list(page.covered(ln.start, ln.end)) == [ln.index]
