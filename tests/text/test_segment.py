"""Segmentation computes words and normal forms for a whole page at once; they must equal the per-line
reference (`line_tokens`, `normalize`) exactly, on any text."""

from __future__ import annotations

import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.cues import has_spaceless
from dedup.text.segment import layout, restore, segment
from dedup.text.tokens import NO_SPACE_CHAR, TOKEN, line_tokens, normalize, normalize_many


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
            assert line.words == tuple(map(normalize, TOKEN.findall(line.text))), repr(line.text)
        assert line.norm == normalize(line.text), repr(line.text)
        assert line.holds_spaceless == has_spaceless(line.text), repr(line.text)
        ones = [w for w in line.words if len(w) == 1]  # most words one character of such a script
        assert line.spaceless == (sum(NO_SPACE_CHAR.match(w) is not None for w in ones) * 2 > len(line.words))
    # a second pass rebuilds the same page from its layout
    again = restore(text, "T", layout(page))
    assert again.lines == page.lines and again.title == "T"
    assert [ln.holds_spaceless for ln in again.lines] == [ln.holds_spaceless for ln in page.lines]
    for line in page.lines:  # (no token normalises to nothing)
        assert "" not in line.words, repr(line.text)


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


def test_a_sign_of_a_spaceless_script_is_no_word():
    """One tokenizer: a sign of a script written without spaces that is no letter, digit or mark (Thai ๏,
    U+0E4F) separates tokens, as punctuation does, in segmentation as in the shingles (it was an empty
    word)."""
    page = segment("ก ๏ ข")
    assert page.lines[0].words == ("ก", "ข")
    assert [(t.start, t.end) for t in page.lines[0].tokens] == [(0, 1), (4, 5)]


def test_layout_carries_the_block_keys():
    from dedup.corpus.prints import block_key

    page = segment("Title\n\nA line of the body.\n\nAnother one.")
    keys = [block_key(ln) for ln in page.lines]  # block keys computed before the layout travel with it
    assert [ln.block_key for ln in restore(page.text, None, layout(page)).lines] == keys
    assert [block_key(ln) for ln in segment(page.text).lines] == keys


def test_lines_know_their_number_in_the_text_as_an_editor_counts():
    """Reasons cite lines ("repeats line 5"): the file's line numbers, blank lines counted (they used to be
    the positions among non-blank lines), also for a page restored from its layout."""
    import dedup

    text = "Title\r\n\r\n  First paragraph.\n\n\n\tSecond\u2028still second\nThird"
    page = segment(text)
    assert [(ln.text, ln.number) for ln in page.lines] == [
        ("Title", 1),
        ("First paragraph.", 3),
        ("Second", 6),
        ("still second", 6),
        ("Third", 7),
    ]
    assert [ln.number for ln in restore(text, None, layout(page)).lines] == [1, 3, 6, 6, 7]
    p = "The council approved the budget after a long debate on Tuesday."
    r = dedup.analyze(f"Budget passes\n\n{p}\n\n\n{p}")
    assert r.flags[0].reason == "repeats line 3 word for word"
