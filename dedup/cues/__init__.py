"""Multilingual cue phrases, kept as data files (one per language), compiled into line-start patterns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from ..config import LimitsConfig
from ..text.tokens import NO_SPACE, short_cache

SECTIONS = (
    "related",
    "teaser",
    "newsletter",
    "share",
    "cookie",
    "copyright",
    "notice",
    "standalone",
    "bio",
    "bio_about",
)
# sections whose phrases may stand anywhere in a (short) line; the others must open the line
ANYWHERE = frozenset({"copyright", "notice"})
_DIR = Path(__file__).parent

# Decoration that may precede a cue at the start of a line: emoji, symbols, bullets, arrows, quotes,
# Markdown emphasis and heading marks, brackets.
DECOR = (
    r"(?:[\p{Extended_Pictographic}\p{So}\p{Sk}\uFE0F\u200D\u20E3•·∙▪▫■□◆◇►▶▸▹»›→⇒➔➜➡➤✓✔☞*#>"
    r"\-–—_~+=|\[\(【「『〔〈《\"'“”‘’«]|\s)*"
)
# a token of a script written without spaces (the tokenizer's own definition)
_SPACELESS = regex.compile(rf"[[{NO_SPACE}]&&[\p{{L}}\p{{N}}\p{{M}}]]", regex.V1)
# What separates a cue from the title it announces.
SEP = r"\s*(?:[\]\)】」』〕〉》]\s*[:：|｜»›>→⇒➔➜➡➤\-–—]*|[:：|｜»›>→⇒➔➜➡➤\-–—]+|\.{3}|…)\s*"
# Decoration and separators: every character they hold folds to one they hold, and no other folds to one:
# inside the
# case-insensitive cue patterns they are scoped case-sensitive, which matches the same text and halves the
# time a pattern takes to compile (tests/test_cues.py checks every code point)
_DECOR_CS = f"(?-i:{DECOR})"
# ... and taken whole (possessive) before phrases that open with a letter or a figure, which decoration never
# holds: a long run of decoration before no cue then fails at once, instead of giving its characters back one
# at a time to be tried against every phrase
_DECOR_WHOLE = f"(?-i:{DECOR}+)"
_SEP_CS = f"(?-i:{SEP})"


@dataclass(frozen=True)
class CueSet:
    """Compiled cue patterns of every section, and the phrase lists they were built from."""

    phrases: dict[str, tuple[tuple[str, str, bool], ...]]  # section -> (lang, phrase, needs_separator)
    patterns: Mapping[str, regex.Pattern]  # compiled on first use (line starts mostly need small ones)
    # prefilter: the longest word of each phrase (casefolded; a match anywhere needs it among the line's
    # words), its first word (a match at the line start needs it as the line's first word), the first two
    # characters of spaceless-script phrases, and
    # whether some phrase starts with a symbol ("©") so that the pattern must always run
    firsts: dict[str, tuple[frozenset[str], frozenset[str], tuple[str, ...], bool]] = field(
        default_factory=dict
    )
    # for line-start matching: the phrases of a section grouped by their first word (casefolded), and those
    # that any line may hold (starting with a symbol, or in a script without spaces); a line is matched
    # against a small pattern of its first word's group only (compiled on first use, cached in `_small`)
    by_start: dict[str, tuple[dict[str, list[tuple[str, bool]]], list[tuple[str, bool]]]] = field(
        default_factory=dict
    )
    # for matching anywhere: the phrases of a section grouped by their longest word (the prefilter's word); a
    # line is searched with a small pattern of the groups of the words it holds (cached in `_small` too)
    by_word: dict[str, dict[str, list[tuple[str, bool]]]] = field(default_factory=dict)
    _small: dict[tuple, regex.Pattern | None] = field(default_factory=dict, compare=False)
    #: a cue at the start of a line is looked for in this many characters of it (`LimitsConfig.line_window`)
    window: int = LimitsConfig.line_window
    # for `may_start`: section -> first word -> the second words of its phrases (None when one of them has a
    # single word: anything may follow)
    seconds: dict[str, dict[str, frozenset[str] | None]] = field(default_factory=dict)


def read_cue_file(path: Path) -> dict[str, list[tuple[str, bool]]]:
    """Read one cue file: {section: [(phrase, needs_separator)]}."""
    out: dict[str, list[tuple[str, bool]]] = {}
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            if section not in SECTIONS:
                raise ValueError(f"{path}: unknown cue section [{section}]")
            continue
        if section is None:
            raise ValueError(f"{path}: phrase {line!r} before any [section]")
        needs_sep = line.endswith(":")
        out.setdefault(section, []).append((line.rstrip(":").strip(), needs_sep))
    return out


def _phrase_regex(phrase: str) -> str:
    parts = ["".join(r"['’`´]" if ch in "'’" else regex.escape(ch) for ch in w) for w in phrase.split()]
    body = r"\s+".join(parts)
    # word boundaries where the phrase starts or ends with a letter or digit
    # (no word boundaries for scripts written without spaces: "メールマガジンの登録")
    # (the lookarounds' classes match the same characters with and without case folding: scoped
    # case-sensitive,
    # they compile about twice as fast; tests/test_cues.py checks every code point)
    pre = (
        r"(?-i:(?<![\p{L}\p{N}\p{M}]))"
        if regex.match(r"[\p{L}\p{N}]", phrase) and not _SPACELESS.match(phrase)
        else ""
    )
    # (a hyphen glued to a word makes a compound, "Related-topics"; before a space it separates: "यह भी
    # पढ़ें- …")
    post = (
        r"(?-i:(?![\p{L}\p{N}\p{M}]|-[\p{L}\p{N}\p{M}]))"
        if regex.search(r"[\p{L}\p{N}\p{M}]$", phrase) and not _SPACELESS.search(phrase[-1])
        else ""
    )
    return pre + body + post


def _alternation(items: list[str]) -> str:
    # longest first, so that "related articles" wins over "related"
    return "|".join(_phrase_regex(p) for p in sorted(set(items), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=16)
def load_cues(
    extra_files: tuple[str, ...] = (),
    languages: tuple[str, ...] | None = None,
    window: int = LimitsConfig.line_window,
) -> CueSet:
    """Load and compile the cue files shipped with dedup (all languages by default) plus `extra_files`; a cue
    opening a line is looked for in its first `window` characters."""
    files = sorted(_DIR.glob("*.txt"))
    if languages is not None:
        files = [f for f in files if f.stem in languages]
    files += [Path(f) for f in extra_files]
    phrases: dict[str, list[tuple[str, str, bool]]] = {s: [] for s in SECTIONS}
    for f in files:
        for section, items in read_cue_file(f).items():
            phrases[section].extend((f.stem, p, sep) for p, sep in items)
    patterns = _Patterns(phrases)
    firsts, by_start, by_word, seconds = {}, {}, {}, {}
    for section, entries in phrases.items():
        words, starts, spaceless, always = set(), set(), set(), False
        groups: dict[str, list[tuple[str, bool]]] = {}
        longest: dict[str, list[tuple[str, bool]]] = {}
        anyline: list[tuple[str, bool]] = []
        for _, p, sep in entries:
            runs = _RUN.findall(p)
            if not runs or not _RUN.match(p):
                always = True  # starts with a symbol ("©")
                anyline.append((p, sep))
            elif any(_SPACELESS.search(r) for r in runs):
                spaceless.add(next(r for r in runs if _SPACELESS.search(r)).casefold()[:2])
                anyline.append((p, sep))
            else:
                words.add(_key(max(runs, key=len)))  # its rarest word, roughly: the longest
                longest.setdefault(_key(max(runs, key=len)), []).append((p, sep))
                starts.add(_key(runs[0]))
                groups.setdefault(_key(runs[0]), []).append((p, sep))
        firsts[section] = (frozenset(words), frozenset(starts), tuple(sorted(spaceless)), always)
        by_start[section] = (groups, anyline)
        by_word[section] = longest
        nexts: dict[str, frozenset[str] | None] = {}
        for first, group in groups.items():
            runs = [_RUN.findall(p) for p, _ in group]
            nexts[first] = None if any(len(r) < 2 for r in runs) else frozenset(_key(r[1]) for r in runs)
        seconds[section] = nexts
    return CueSet(
        {k: tuple(v) for k, v in phrases.items()},
        patterns,
        firsts,
        by_start,
        by_word,
        seconds=seconds,
        window=window,
    )


class _Patterns(Mapping):
    """Section -> the pattern of all its phrases, compiled when first asked for (each takes a second or
    so)."""

    def __init__(self, phrases: dict[str, list[tuple[str, str, bool]]]) -> None:
        self._phrases = phrases
        self._done: dict[str, regex.Pattern] = {}

    def __getitem__(self, section: str) -> regex.Pattern:
        if section not in self._done:
            if not self._phrases.get(section):
                raise KeyError(section)
            self._done[section] = _compile(section, [(p, sep) for _, p, sep in self._phrases[section]])
        return self._done[section]

    def __contains__(self, section: object) -> bool:
        return bool(self._phrases.get(section))  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[str]:
        return (s for s, items in self._phrases.items() if items)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _compile(section: str, items: list[tuple[str, bool]]) -> regex.Pattern | None:
    """The pattern of `section` for the phrases `items` ((phrase, needs_separator)); None if there are
    none."""
    free = [p for p, sep in items if not sep]
    needy = [p for p, sep in items if sep]
    alts = []
    if free:
        alts.append(f"(?P<cue>{_alternation(free)})(?P<sep>{_SEP_CS})?")
    if needy:
        alts.append(f"(?P<cue2>{_alternation(needy)})(?P<sep2>{_SEP_CS})")
    if not alts:
        return None
    body = "|".join(f"(?:{a})" for a in alts)
    flags = regex.I | regex.V1
    decor = _DECOR_WHOLE if all(_RUN.match(p) for p, _ in items) else _DECOR_CS
    return regex.compile(body if section in ANYWHERE else rf"^{decor}(?:{body})", flags)


def _start_pattern(cues: CueSet, section: str, first: str | None) -> regex.Pattern | None:
    """The pattern of the phrases of `section` that can open a line whose first word is `first`.

    Only they can match there (a phrase opening with a letter needs its first word to be the line's first,
    the decoration before it holding no letter or digit), and an alternation keeps its order when others
    are left out: the match is the one of the whole section's pattern (tests/test_cues.py checks it).
    """
    groups, anyline = cues.by_start.get(section, ({}, []))
    if first is None or first not in groups:
        first = None  # only the phrases any line may hold (one cache entry for all such words)
    mine = groups.get(first, []) if first is not None else []
    return _small_pattern(cues, section, (section, first), lambda: set(mine) | set(anyline))


def _small_pattern(cues: CueSet, section: str, key: tuple, mine) -> regex.Pattern | None:
    """The cached pattern `key`: the phrases of `section` in the set `mine()` returns, in the section's order
    (compiled on first use)."""
    if key not in cues._small:
        chosen = mine()
        cues._small[key] = _compile(
            section, [(p, sep) for _, p, sep in cues.phrases[section] if (p, sep) in chosen]
        )
    return cues._small[key]


#: beyond this many cached small patterns, a line is searched with its section's whole pattern (same matches)
MAX_SMALL = 4096


def _search_pattern(cues: CueSet, section: str, words: frozenset[str]) -> regex.Pattern | None:
    """The pattern of the phrases of `section` that can stand anywhere in a line holding the prefilter words
    `words`: those whose longest word is among them, and those any line may hold.

    No other phrase can match in that line, so the leftmost match, and the alternative it takes, are the
    whole section pattern's (tests/test_cues.py checks it).
    """
    key = (section, words)
    if key not in cues._small and len(cues._small) >= MAX_SMALL:
        return cues.patterns.get(section)
    longest = cues.by_word.get(section, {})
    return _small_pattern(
        cues,
        section,
        key,
        lambda: {item for w in words for item in longest.get(w, ())} | set(cues.by_start[section][1]),
    )


_RUN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*")


@short_cache(8192)
def _runs(line: str) -> frozenset[str]:
    """The letter/digit runs (words) of a line, casefolded."""
    return frozenset(_key(r) for r in _RUN.findall(line))


@short_cache(1 << 16)
def _key(word: str) -> str:
    """Casefolded, without combining marks ("İlgili" and "ilgili" meet), dotless ı as i ("SAKLIDIR" and
    "saklıdır" meet, as they do in the patterns' case-insensitive matching)."""
    return _MARKS.sub("", word.casefold()).replace("ı", "i")


_MARKS = regex.compile(r"\p{M}+")


def _may_match(
    cues: CueSet,
    section: str,
    line: str,
    anchored: bool,
    first: str | None = None,
    spaceless: bool | None = None,
) -> bool:
    """Cheap test that a cue of `section` can be in `line` (the regex is only run when it can); `first` is the
    key of the line's first word when `anchored`; `spaceless`, if known, whether the line holds a character
    of a script written without spaces."""
    pre = cues.firsts.get(section)
    if pre is None:
        return True
    words, starts, prefixes, always = pre
    if always:
        return True
    if anchored:
        if first in starts:  # decoration has no letters or digits: the cue's first word is the line's
            return True
    elif not words.isdisjoint(_runs(line)):
        return True
    if prefixes and (spaceless if spaceless is not None else has_spaceless(line)):
        # (every such phrase holds a character of those scripts, so a line without one cannot hold it)
        return _holds_any(line, prefixes)
    return False


def _holds_any(text: str, prefixes: tuple[str, ...]) -> bool:
    """Whether case-folded `text` holds one of `prefixes` (the first characters of spaceless-script
    phrases)."""
    folded = text.casefold()
    return any(c in folded for c in prefixes)


@short_cache(8192)
def has_spaceless(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces (Han, kana, Thai, ...)."""
    # all of those scripts are above U+0E00 (Thai): Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari... text
    # is settled by one max()
    return not text.isascii() and max(text) >= "\u0e00" and _SPACELESS.search(text) is not None


@short_cache(8192)
def _first_key(line: str) -> str | None:
    """The key of the first word of a line (None without one)."""
    m = _RUN.search(line)
    return _key(m.group()) if m is not None else None


def may_start(cues: CueSet, section: str, text: str, pos: int, *, spaceless: bool | None = None) -> bool:
    """Cheap test that `match_start(cues, section, text[pos:])` can find something (without slicing; like
    `match_start`, it reads `cues.window` characters from `pos`)."""
    if section not in cues.firsts:
        return False
    end = pos + cues.window
    m = _RUN.search(text, pos, end)
    first = _key(m.group()) if m is not None else None
    _, starts, prefixes, always = cues.firsts[section]
    if always:
        return True
    if first in starts:
        # the phrases opening with that word: a second word, if they all have one, must come next (the words
        # of a match are the phrase's, up to case; a phrase whose second word is in a script without spaces
        # is one of those any line may hold, looked for below)
        nexts = cues.seconds[section].get(first) if section in cues.seconds else None
        if nexts is None:
            return True
        m2 = _RUN.search(text, m.end(), end)
        if m2 is not None and _key(m2.group()) in nexts:
            return True
    if not prefixes or spaceless is False:
        return False
    return _may_match(cues, section, text[pos:end], True, None, spaceless)  # (a spaceless-script phrase?)


def cue_starts(cues: CueSet, section: str) -> frozenset[str]:
    """The `cue_key`s of the first words of the phrases of `section` (those opening with a letter or
    digit)."""
    pre = cues.firsts.get(section)
    return pre[1] if pre is not None else frozenset()


def cue_key(word: str) -> str:
    """The form in which a word is compared with the first words of the phrases (`cue_starts`)."""
    return _key(word)


def may_hold_spaceless(cues: CueSet, section: str, text: str) -> bool:
    """Whether some phrase of `section` in a script without spaces may be in `text` (its first two characters
    are, case-folded); False also says it of every part of `text`."""
    pre = cues.firsts.get(section)
    return pre is not None and bool(pre[2]) and _holds_any(text, pre[2])


def may_start_any(cues: CueSet, section: str, words: list[str], *, spaceless: bool | None = None) -> bool:
    """Cheap test that `may_start` can be true at some position whose first word is one of `words` (as
    written): False only when none of them opens a phrase of `section` and no phrase can open otherwise."""
    if section not in cues.firsts:
        return False
    _, starts, prefixes, always = cues.firsts[section]
    if always or (prefixes and spaceless is not False):
        return True
    return any(_key(w) in starts for w in words)


def match_start(
    cues: CueSet, section: str, line: str, *, spaceless: bool | None = None
) -> regex.Match | None:
    """Match a cue of `section` at the start of `line` (after decoration), or None. Only the first
    `cues.window` characters of the line are read (offsets of the match are the line's).

    `spaceless=False` says the line holds no character of a script written without spaces (Han, kana, Thai,
    ...), which spares the check when the caller knows it (for instance for every tail of one paragraph).
    """
    return _find(cues, section, line, True, spaceless)


def search(cues: CueSet, section: str, line: str, *, spaceless: bool | None = None) -> regex.Match | None:
    """Find a cue of `section` anywhere in `line`, or None (`spaceless`: as for `match_start`)."""
    return _find(cues, section, line, False, spaceless)


def _find(
    cues: CueSet, section: str, line: str, anchored: bool, spaceless: bool | None
) -> regex.Match | None:
    if section not in cues.firsts:
        return None
    if anchored and len(line) > cues.window:
        line = line[: cues.window]  # (a cue opening a line, with its decoration and separator, is no longer)
    first = _first_key(line) if anchored else None
    if not _may_match(cues, section, line, anchored, first, spaceless):
        return None
    if anchored:
        pat = _start_pattern(cues, section, first)
    else:
        pat = _search_pattern(cues, section, cues.firsts[section][0] & _runs(line))
    if pat is None:
        return None
    # (no time limit: the patterns take time linear in the line, tests/detectors/test_linear.py; a limit would
    # make the answer depend on the machine's load)
    return pat.match(line) if anchored else pat.search(line)


def cue_text(m: regex.Match) -> str:
    """The cue phrase a match found."""
    return m.groupdict().get("cue") or m.groupdict().get("cue2") or ""


def has_separator(m: regex.Match) -> bool:
    """Whether the cue was followed by a separator such as ':' or '|'."""
    d = m.groupdict()
    return bool(d.get("sep") or d.get("sep2"))
