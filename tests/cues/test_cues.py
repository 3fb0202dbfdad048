"""Cue files: the word prefilter never changes what the compiled patterns find."""

from __future__ import annotations

import json

import pytest
import regex

from dedup.cues import ANYWHERE, SECTIONS, has_spaceless, load_cues, match_start, may_start, search
from tests.support import SHARED

TRICKY = [
    "📰İlgili haber: Başka bir haber başlığı",
    "➡️ 相关阅读： 外国专家谈合作",
    "© 2024 Example Media",
    "【関連記事】中古スマホ販売で気をつけたい3つの法律",
    "ADVERTISEMENT",
    "Don’t miss: Another Story",
    "(c) 2019 Foo",
    "Read more » The Council Publishes Its Budget",
    "E-mail this story",
    "ЧИТАЙТЕ ТАКЖЕ: новость",
]


def _lines() -> list[str]:
    lines = list(TRICKY)
    path = SHARED / "data" / "articles.jsonl"
    if path.exists():
        for raw in path.open(encoding="utf-8"):
            body = json.loads(raw)["body"]
            lines += [x.strip() for x in body.splitlines() if x.strip() and len(x.split()) <= 30]
    return lines


def _cue_lines(section: str) -> list[str]:
    """Lines holding each phrase of `section` as written, shouted and decorated, with and without a
    headline."""
    out = []
    items = load_cues().phrases[section]
    for k, (_, phrase, needs_sep) in enumerate(items):
        out += [
            phrase,
            f"👉 {phrase.upper()}: Another Story Of The Day",
            f"» {phrase} | Site name",
            f"{phrase}{'' if needs_sep else ' and more'} words after it",
        ]
        # two phrases in one line (either may come first): the leftmost match and its alternative must hold
        other = items[(k * 7 + 3) % len(items)][1]
        out += [f"Some words {other.lower()} then {phrase}: a tail", f"{phrase} {other} end"]
    return out


@pytest.mark.parametrize("section", SECTIONS)
def test_prefilter_is_exact(section):
    """The word prefilter, and the small patterns (per first word at line starts, per set of prefilter words
    anywhere), find exactly what the whole section's pattern finds: the same span and the same cue and
    separator groups."""
    cues = load_cues()
    pat = cues.patterns[section]
    for line in _lines() + _cue_lines(section):
        raw = pat.search(line, timeout=1) if section in ANYWHERE else pat.match(line, timeout=1)
        fast = search(cues, section, line) if section in ANYWHERE else match_start(cues, section, line)
        assert (raw is None) == (fast is None), (section, line)
        assert raw is None or (raw.span(), _groups(raw)) == (fast.span(), _groups(fast)), (section, line)


def _groups(m) -> dict:
    return {k: v for k, v in m.groupdict().items() if v is not None}


def test_every_cue_file_parses_and_matches_its_own_phrases():
    cues = load_cues()
    for section, items in cues.phrases.items():
        for lang, phrase, needs_sep in items:
            line = phrase + (": A Headline Of Another Story" if needs_sep else "")
            found = search(cues, section, line) if section in ANYWHERE else match_start(cues, section, line)
            assert found is not None, (lang, section, phrase)


@pytest.mark.parametrize("section", [s for s in SECTIONS if s not in ANYWHERE])
def test_may_start_lets_every_match_through(section):
    """`may_start` (first word, then second word, of the phrases) is false only where `match_start` finds
    nothing: checked at every word of the real lines and of lines holding each phrase after a sentence."""
    cues = load_cues()
    for line in _lines() + [f"The end. {x}" for x in _cue_lines(section)]:
        for pos in [0] + [m.start() for m in regex.finditer(r"(?<=\s)\S", line)]:
            if match_start(cues, section, line[pos:]) is not None:
                assert may_start(cues, section, line, pos), (section, line, pos)
                assert may_start(cues, section, line, pos, spaceless=has_spaceless(line)), (
                    section,
                    line,
                    pos,
                )


def test_scoped_case_sensitive_parts_match_as_case_insensitive():
    """The cue patterns are case-insensitive but compile their decoration, separators and word-boundary
    lookarounds case-sensitive (twice as fast to compile): they must find the same text either way, in every
    code point and in every multi-character case folding (which full case folding may take as one), and a
    member of the lookarounds' classes must fold to members only."""
    from dedup.cues import DECOR, SEP

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    folds = "\x00".join(ch.casefold() for ch in text if len(ch.casefold()) > 1)
    for part in (DECOR, SEP, r"[\p{L}\p{N}\p{M}]", r"[\p{L}\p{N}\p{M}\-]"):
        for sample in (text, folds):
            assert regex.findall(part, sample, regex.V1) == regex.findall(part, sample, regex.V1 | regex.I), (
                part
            )
    for cls in (r"[\p{L}\p{N}\p{M}]", r"[\p{L}\p{N}\p{M}\-]"):
        members = "".join(regex.findall(cls, text, regex.V1))
        assert regex.fullmatch(f"{cls}*", members.casefold(), regex.V1)
