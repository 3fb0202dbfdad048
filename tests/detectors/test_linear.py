"""Patterns rewritten to take time linear in the line (issue #18) answer as the patterns they replace did:
each old pattern is kept here as the reference and both are run on random strings of the characters that
matter to it. (How long hostile pages take is tests/test_hostile.py.)"""

from __future__ import annotations

import random

import pytest
import regex

from dedup.detectors import headline, predicates, related
from dedup.detectors.boilerplate import furniture, menus, notices, prompts, teasers
from dedup.detectors.duplicates import _SENTENCE_END

# the patterns as they were (commit 60e3ad0)
OLD_TERMINAL = regex.compile(r"[.!;。！।॥۔։።]\s*[\"'”’»)\]]*\s*$")
OLD_SENTENCE_END = regex.compile(r"[.!。！…]\W*$")
OLD_CLAUSE_BEFORE = regex.compile(r"(?:^|[.!?;。！？；|｜·•:：])[^\p{L}\p{N}]*$")
OLD_STAT_ROW = regex.compile(r"\d[\d.,]*\s*[^\s\d]{0,3}\s*$")
OLD_NAV_SEP = regex.compile(r"\s+[|｜·•]\s+")
OLD_CRUMB_SEP = regex.compile(r"\s+[›»>]\s+|\s+/\s+")
OLD_COUNT_REST = regex.compile(r"[\s:：(\[]*\d[\d.,]*[\s)\]]*(?:\p{L}{1,10}\.?)?\s*$")
OLD_BUTTONS = regex.compile(rf"^\s*(?:{prompts._SHARE_WORD}|More|Like this)\s*[:.…]*\s*$", regex.V1)
OLD_LOWER_SENTENCE = regex.compile(r"\p{Ll}.*[.!;]\W*$")
_O, _C, _S, _B = (regex.escape(x) for x in (headline._OPEN, headline._CLOSE, ".!?。！？…", "|｜•·"))
OLD_SENTENCE_BEFORE = regex.compile(rf"(?:[{_S}][{_C}]*|[{_B}])\s*[{_O}]*\s*$")
OLD_SENTENCE_AFTER = regex.compile(
    rf"[^\p{{L}}\p{{N}}\s]*?(?:[{_S}]+[{_C}]*(?:\s*$|\s+(?!\p{{Ll}})|(?=[^\s\p{{Ll}}]))|\s*[{_B}]|\s*$)"
)
OLD_SUFFIX_PART = (
    r"\s*(?:[|｜–—\-·:«»_/]{1,2}|(?=\())\s*[(\[]?"
    r"(?:[\p{Lu}\p{Lt}\p{Lo}\p{N}][\p{L}\p{N}\p{M}.&'’ ]{0,40}?"
    r"|[\p{L}\p{N}][\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)+)[)\]]?"
)
OLD_SUFFIX = regex.compile(rf"^[^\p{{L}}\p{{N}}\s]*?(?:{OLD_SUFFIX_PART}){{1,3}}\s*$")

PUNCT = list(".!?;:,。！？；…|｜·•/›»>-–—()[]\"'“”‘’«")
SPACES = [" ", "  ", "\t", "\xa0"]
LETTERS = ["a", "B", "x", "Reuters", "lemonde.fr", "ab-cd", "相"]
DIGITS = ["1", "2024", "3.5", "1,000"]
SHARE = ["Share", "Share this", "Share on", "Tweet", "Pin it", "Email", "Facebook", "X", "Like", "Loading..."]
SHARE += ["this", "on", "More", "Copy link", "E-mail"]


def strings(alphabet: list[str], n: int = 6000, most: int = 10, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, most))) for _ in range(n)]


def span(m: regex.Match | None) -> tuple[int, int] | None:
    return m.span() if m is not None else None


def test_end_anchored_tests_answer_as_before():
    for s in strings(PUNCT + SPACES + LETTERS + DIGITS):
        assert bool(predicates._TERMINAL.search(s)) == bool(OLD_TERMINAL.search(s)), repr(s)
        assert bool(_SENTENCE_END.search(s)) == bool(OLD_SENTENCE_END.search(s)), repr(s)
        assert bool(teasers._STAT_ROW.search(s)) == bool(OLD_STAT_ROW.search(s)), repr(s)
        assert bool(furniture._COUNT_REST.match(s)) == bool(OLD_COUNT_REST.match(s)), repr(s)
        lower = related._LOWER_START.match(s) and related._STOP_AT_END.search(s, 1)
        assert bool(lower) == bool(OLD_LOWER_SENTENCE.match(s)), repr(s)
        for end in range(len(s) + 1):
            new = notices._CLAUSE_BEFORE.search(s, 0, end)
            assert bool(new) == bool(OLD_CLAUSE_BEFORE.search(s, 0, end)), (repr(s), end)


def test_separators_split_as_before():
    for s in strings(SPACES + ["|", "·", "›", ">", "/", "»"] + LETTERS, most=12):
        assert menus._NAV_SEP.split(s) == OLD_NAV_SEP.split(s), repr(s)
        assert menus._CRUMB_SEP.split(s) == OLD_CRUMB_SEP.split(s), repr(s)


def test_share_runs_and_buttons_are_found_as_before():
    for s in strings(SHARE + SPACES + [":", "|", "·", "/", ",", ".", ")", "x", "word", "…"], n=20000):
        assert span(prompts._share_run(s)) == span(prompts._SHARE_RUN.search(s)), repr(s)
        assert bool(prompts._BUTTONS.match(s)) == bool(OLD_BUTTONS.match(s)), repr(s)


def test_title_sentence_bounds_and_site_suffixes_as_before():
    for s in strings(PUNCT + SPACES + LETTERS, n=8000):
        for pos in range(len(s) + 1):
            assert span(headline._SENTENCE_AFTER.match(s, pos)) == span(OLD_SENTENCE_AFTER.match(s, pos)), (
                repr(s),
                pos,
            )
            new = headline._SENTENCE_BEFORE.search(s, 0, pos)
            assert span(new) == span(OLD_SENTENCE_BEFORE.search(s, 0, pos)), (repr(s), pos)
        assert bool(headline._SUFFIX.match(s)) == bool(OLD_SUFFIX.match(s, timeout=5)), repr(s)


@pytest.mark.parametrize(
    "line",
    ["📖 Related: x", "►►► Read more: Other", "» » »", "📖📖📖 Lire aussi : Autre", "— Related"],
)
def test_decoration_taken_whole_matches_as_before(line):
    """Decoration before a cue is taken whole (no phrase opens with a decoration character): the match of
    every section is the one of the pattern that gives decoration back."""
    from dedup.cues import _DECOR_CS, _DECOR_WHOLE, ANYWHERE, SECTIONS, load_cues, match_start

    cues = load_cues()
    for section in SECTIONS:
        m = match_start(cues, section, line)
        if section in cues.patterns and section not in ANYWHERE:
            pattern = cues.patterns[section].pattern
            assert _DECOR_WHOLE in pattern
            old = regex.compile(pattern.replace(_DECOR_WHOLE, _DECOR_CS, 1), regex.I | regex.V1)
            assert span(m) == span(old.match(line)), (section, line)
