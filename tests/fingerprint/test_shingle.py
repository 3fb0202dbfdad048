"""The batch shingle path must give exactly the reference hashes (they define the fingerprint)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.fingerprint.shingle import (
    batch_shingle_hashes,
    hashes_of_tokens,
    line_shingles,
    line_shingles_many,
    shingle_hashes,
    token_hashes,
)
from dedup.text.segment import segment
from dedup.text.tokens import tokens


def _check_same(texts: list[str], n: int) -> None:
    hashes, offsets = batch_shingle_hashes(texts, n)
    assert hashes.dtype == np.uint64 and offsets.dtype == np.int64
    assert offsets.shape == (len(texts) + 1,) and offsets[0] == 0 and offsets[-1] == hashes.size
    for i, text in enumerate(texts):
        np.testing.assert_array_equal(
            hashes[offsets[i] : offsets[i + 1]], shingle_hashes(text, n), err_msg=repr(text[:80])
        )


def test_batch_equals_reference_on_real_multilingual_articles(articles):
    langs = {a["lang"] for a in articles}
    assert {"zh", "ja", "ko", "th", "my", "ru", "ar"} <= langs
    paragraphs = [p for a in articles for p in a["body"].split("\n\n")]
    titles = [a["title"] or "" for a in articles]
    bodies = [a["body"] for a in articles]
    _check_same(paragraphs + titles, 5)
    _check_same([p for a in articles if a["lang"] != "en" for p in a["body"].split("\n\n")], 1)
    _check_same(bodies, 3)


def test_scripts_without_spaces_are_shingled_by_character(articles):
    for lang in ("zh", "ja", "th", "my"):
        body = next(a["body"] for a in articles if a["lang"] == lang)
        para = max(body.split("\n\n"), key=len)
        toks = tokens(para)
        assert sum(len(t) == 1 for t in toks) > len(toks) / 2, lang
        _check_same([para], 5)


EDGE_CASES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x",
    "a b",
    "a b c d",
    "a b c d e",
    "a b c d e f",
    "Straße STRASSE strasse",
    "ŉ ǰ ΐ İstanbul ﬁsh ﬃ",
    "ΣΊΣΥΦΟΣ σίσυφος",
    "Ǆ ǅ ǆ",
    "e\u0301 é e\u0301\u0323 \u0301x",
    "Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ１２３",
    "①②③ ㍿ ㋐",
    "中文没有空格，也没有大写。",
    "ภาษาไทยไม่มีช่องว่าง ๏ ฿",
    "မြန်မာဘာသာ ၊ ။",
    "한국어 문장입니다",
    "Ünïcödé ÀÉÎÕÜ",
    "\ud800 lone \udfff surrogates",
    "tab\tnew\nline\r\n",
    "…ellipsis… “quotes”",
    "x" * 300,
    "ab" * 5000,
]


def test_edge_cases():
    for n in (1, 2, 5, 7):
        _check_same(EDGE_CASES, n)
    for text in EDGE_CASES:  # one at a time too (the batch splits into chunks)
        _check_same([text], 5)


def test_short_text_gives_one_shingle_and_empty_none():
    _hashes, offsets = batch_shingle_hashes(["one two", "", "...", "a b c d e f g"], 5)
    assert np.diff(offsets).tolist() == [1, 0, 0, 3]


def test_token_hashes_of_tokens_compose():
    text = "The quick brown fox jumps over the lazy dog"
    toks = tokens(text)
    assert toks[0] == "the"
    th = token_hashes(toks)
    assert th.dtype == np.uint64 and len(set(th.tolist())) == len(set(toks))
    np.testing.assert_array_equal(hashes_of_tokens(th, 5), shingle_hashes(text, 5))
    assert token_hashes([]).size == 0


def test_many_chunks():
    texts = [f"paragraph {i} " + "word " * (i % 40) for i in range(20000)]
    hashes, offsets = batch_shingle_hashes(texts, 5)
    for i in (0, 1, 777, 13001, 19999):
        np.testing.assert_array_equal(hashes[offsets[i] : offsets[i + 1]], shingle_hashes(texts[i], 5))


_ALPHABET = st.characters(codec=None, exclude_categories=())
_SPECIAL = st.sampled_from(list("ßŉİΣσςǅﬁ\u0301\u0323\u0338ｱＡ①。、\x00 \n中ไม่မြ한ÉéКк…’"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(st.one_of(_ALPHABET, _SPECIAL), max_size=60), max_size=12),
    st.integers(min_value=1, max_value=6),
)
def test_batch_equals_reference_hypothesis(texts, n):
    _check_same(texts, n)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ab cdé\u0301ß中。")), max_size=40), min_size=1, max_size=8))
def test_batch_equals_reference_small_alphabet(texts):
    _check_same(texts, 3)


def test_rejects_bad_n():
    with pytest.raises(ValueError):
        batch_shingle_hashes(["a"], 0)


def test_line_shingles_are_each_line_own(articles):
    """The 3-gram hashes of every line, computed for many pages at once, are each line's own hashes; the
    repeated-3-gram hint they leave on each line is what `tandem_repeats` would find."""
    texts = [(a["title"] or "") + "\n\n" + a["body"] for a in articles[:40]] + [
        "",
        "one line",
        "a b c a b c d",
    ]
    pages = [segment(t) for t in texts]
    line_shingles_many(pages)
    for text, page in zip(texts, pages):
        alone = segment(text)
        for line, a, b in zip(page.lines, line_shingles(page), line_shingles(alone)):
            np.testing.assert_array_equal(a, b)
            np.testing.assert_array_equal(a, hashes_of_tokens(token_hashes(list(line.words)), 3))
            w = line.words
            assert line.repeats_3gram == (len(w) >= 6 and len(set(zip(w, w[1:], w[2:]))) < len(w) - 2)
