"""Line labels from aligning a rendering to its gold text (dedup.learn.align)."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.learn import align as A
from dedup.learn.align import align_lines, align_tokens, heaviest_chain, oracle, split_lines, tokenize

P1 = "The council voted on Tuesday to approve the new budget for the city schools and parks."
P2 = "Critics said the plan would raise taxes for most families in the region next year."
P3 = "The mayor is expected to sign the measure into law by the end of the month."
GOLD = f"{P1}\n\n{P2}\n\n{P3}"

WORDS = ["alpha", "beta", "gamma", "delta", "news", "home", "the", "of", "budget", "city", "taxes", "mayor"]
WORD = st.sampled_from(WORDS)
LINE = st.lists(WORD, min_size=0, max_size=9).map(" ".join)
DOC = st.lists(LINE, min_size=0, max_size=25).map("\n".join)
FAST = settings(max_examples=80, deadline=None, derandomize=True)


def page(*lines: str) -> str:
    """A rendering made of these lines."""
    return "\n".join(lines)


def labels(text: str, gold: str) -> list[int | None]:
    """The labels of the lines of `text`."""
    return [x.label for x in align_lines(text, gold)]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    """`small` is `big` with some items left out, order kept."""
    it = iter(big)
    return all(x in it for x in small)


@FAST
@given(DOC, DOC)
def test_oracle_lines_are_a_subsequence_of_the_input_lines(text, gold):
    assert is_subsequence(split_lines(oracle(text, gold)), split_lines(text))


@FAST
@given(DOC, DOC)
def test_blocks_are_equal_tokens_in_both_orders(text, gold):
    r, g = tokenize(text), tokenize(gold)
    ids = {t: i for i, t in enumerate(dict.fromkeys(r + g))}
    last_r = last_g = 0
    for start_r, start_g, n in align_tokens([ids[t] for t in r], [ids[t] for t in g]):
        assert n > 0 and start_r >= last_r and start_g >= last_g
        assert r[start_r : start_r + n] == g[start_g : start_g + n]
        last_r, last_g = start_r + n, start_g + n


@FAST
@given(DOC)
def test_gold_equal_to_text_labels_every_line_content(text):
    assert all(lab == 1 for lab in labels(text, text) if lab is not None)


def test_gold_equal_to_text_on_a_page():
    text = page(P1, P2, P3)
    assert labels(text, GOLD) == [1, 1, 1]
    assert oracle(text, GOLD) == text


def test_menu_of_gold_words_outside_the_aligned_order_is_junk():
    text = page("Home", "Budget Taxes Mayor", P1, P2, "Schools Parks Council", P3, "Family Region Law")
    assert labels(text, GOLD) == [0, 0, 1, 1, 0, 1, 0]


def test_duplicated_paragraph_aligns_once():
    text = page(P1, P2, P2, P3)
    got = labels(text, GOLD)
    assert got[0] == got[3] == 1 and sorted(got[1:3]) == [0, 1]


def test_repeat_far_from_its_place_is_junk():
    text = page(P1, P2, P3, "Related stories", P2)
    assert labels(text, GOLD) == [1, 1, 1, 0, 0]


def test_headline_aligns_to_the_copy_nearest_the_text():
    headline = "Council approves school budget"
    gold = headline + "\n\n" + GOLD
    text = page("News > Council approves school budget", "Share", headline, "By A. Writer", P1, P2, P3)
    assert labels(text, gold) == [0, 0, 1, 0, 1, 1, 1]


def test_line_fields_and_lines_without_tokens():
    got = align_lines("  Don't stop, 2024!  \n\n---\n" + P1, GOLD)
    assert [x.text for x in got] == ["Don't stop, 2024!", "---", P1]
    assert (got[0].tokens, got[0].matched, got[0].share, got[0].label) == (4, 0, 0.0, 0)
    assert (got[1].tokens, got[1].share, got[1].label) == (0, None, None)
    assert (got[2].tokens, got[2].matched, got[2].share) == (16, 16, 1.0)


def test_share_threshold_decides_a_half_matched_line():
    # "1." is not in the gold: a numbered heading keeps its label at exactly half its tokens
    assert labels("1. Overview\n" + P1, "Overview\n\n" + P1)[0] == 1
    assert labels("1. 2. Overview\n" + P1, "Overview\n\n" + P1)[0] == 0


def test_tokens_as_textscore_counts_them():
    expected = ["ünïcode", "wörds", "l", "été", "3", "5", "snake_case"]
    assert tokenize("Ünïcode — wörds, l'été 3.5 snake_case") == expected


def test_overlapping_runs_are_both_kept_minus_the_overlap():
    # two runs sharing one gold token: the later one loses its head instead of being dropped
    assert heaviest_chain([(0, 0, 10), (12, 9, 20)]) == [(0, 0, 10), (13, 10, 19)]
    assert heaviest_chain([(0, 0, 10), (2, 0, 30)]) == [(2, 0, 30)]


def test_numpy_and_dict_anchor_paths_agree(monkeypatch):
    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    paras = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 40))) for _ in range(120)]
    text = "\n".join(paras + paras[:10])
    gold = "\n\n".join(paras[::2])
    monkeypatch.setattr(A, "LARGE", 0)
    large = align_lines(text, gold)
    monkeypatch.setattr(A, "LARGE", 10**9)
    assert align_lines(text, gold) == large


def test_big_page_is_not_quadratic():
    rng = random.Random(5)
    words = [f"w{i}" for i in range(2000)]
    paras = [" ".join(rng.choice(words) for _ in range(rng.randint(20, 80))) for _ in range(700)]
    menu = "\n".join(rng.choice(words) for _ in range(3000))
    text, gold = menu + "\n" + "\n".join(paras) + "\n" + menu, "\n\n".join(paras[::2])
    t0 = time.perf_counter()
    got = align_lines(text, gold)
    assert time.perf_counter() - t0 < 2.0  # ~40k tokens: about 0.1 s on a 2-core server
    assert sum(x.label == 1 for x in got) >= 345


def test_real_articles_with_injected_junk(articles):
    # guarded: `articles` skips when ../shared is missing
    for art in articles[:40]:
        paras = art["body"].split("\n\n")
        words = tokenize(art["body"])
        menu = " ".join(words[:: max(1, len(words) // 5)][:5])
        text = "\n".join([menu, art["title"] or "", *paras, paras[0], menu])
        got = align_lines(text, art["body"])
        body = [x.label for x in got[2 : 2 + len(paras)] if x.label is not None]
        assert sum(body) >= 0.95 * len(body), art["id"]
        assert got[-1].label in (0, None) and got[-2].label in (0, None), art["id"]


if __name__ == "__main__":
    pytest.main([__file__])
