"""Multilingual cue phrases, kept as data files (one per language), compiled into line-start patterns."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

SECTIONS = ("related", "teaser", "newsletter", "share", "cookie", "copyright", "notice", "standalone",
            "bio", "bio_about")
# sections whose phrases may stand anywhere in a (short) line; the others must open the line
ANYWHERE = frozenset({"copyright", "notice"})
_DIR = Path(__file__).parent

# Decoration that may precede a cue at the start of a line: emoji, symbols, bullets, arrows, quotes,
# Markdown emphasis and heading marks, brackets.
DECOR = (r"(?:[\p{Extended_Pictographic}\p{So}\p{Sk}\uFE0F\u200D\u20E3•·∙▪▫■□◆◇►▶▸▹»›→⇒➔➜➡➤✓✔☞*#>"
         r"\-–—_~+=|\[\(【「『〔〈《\"'“”‘’«]|\s)*")
_SPACELESS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# What separates a cue from the title it announces.
SEP = r"\s*(?:[\]\)】」』〕〉》]\s*[:：|｜»›>→⇒➔➜➡➤\-–—]*|[:：|｜»›>→⇒➔➜➡➤\-–—]+|\.{3}|…)\s*"


@dataclass(frozen=True)
class CueSet:
    """Compiled cue patterns of every section, and the phrase lists they were built from."""

    phrases: dict[str, tuple[tuple[str, str, bool], ...]]  # section -> (lang, phrase, needs_separator)
    patterns: dict[str, regex.Pattern]
    # prefilter: the longest word of each phrase (casefolded; a match anywhere needs it among the line's
    # words), its first word (a match at the line start needs it as the line's first word), the first two
    # characters of spaceless-script phrases, and
    # whether some phrase starts with a symbol ("©") so that the pattern must always run
    firsts: dict[str, tuple[frozenset[str], frozenset[str], tuple[str, ...], bool]] = field(default_factory=dict)


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
    pre = r"(?<![\p{L}\p{N}\p{M}])" if regex.match(r"[\p{L}\p{N}]", phrase) and not _SPACELESS.match(phrase) else ""
    post = (r"(?![\p{L}\p{N}\p{M}\-])" if regex.search(r"[\p{L}\p{N}\p{M}]$", phrase)
            and not _SPACELESS.search(phrase[-1]) else "")
    return pre + body + post


def _alternation(items: list[str]) -> str:
    # longest first, so that "related articles" wins over "related"
    return "|".join(_phrase_regex(p) for p in sorted(set(items), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=16)
def load_cues(extra_files: tuple[str, ...] = (), languages: tuple[str, ...] | None = None) -> CueSet:
    """Load and compile the cue files shipped with dedup (all languages by default) plus `extra_files`."""
    files = sorted(_DIR.glob("*.txt"))
    if languages is not None:
        files = [f for f in files if f.stem in languages]
    files += [Path(f) for f in extra_files]
    phrases: dict[str, list[tuple[str, str, bool]]] = {s: [] for s in SECTIONS}
    for f in files:
        for section, items in read_cue_file(f).items():
            phrases[section].extend((f.stem, p, sep) for p, sep in items)
    patterns: dict[str, regex.Pattern] = {}
    for section, items in phrases.items():
        free = [p for _, p, sep in items if not sep]
        needy = [p for _, p, sep in items if sep]
        alts = []
        if free:
            alts.append(f"(?P<cue>{_alternation(free)})(?P<sep>{SEP})?")
        if needy:
            alts.append(f"(?P<cue2>{_alternation(needy)})(?P<sep2>{SEP})")
        if not alts:
            continue
        body = "|".join(f"(?:{a})" for a in alts)
        flags = regex.I | regex.V1
        patterns[section] = regex.compile(body if section in ANYWHERE else rf"^{DECOR}(?:{body})", flags)
    firsts = {}
    for section, items in phrases.items():
        words, starts, spaceless, always = set(), set(), set(), False
        for _, p, _ in items:
            runs = _RUN.findall(p)
            if not runs or not _RUN.match(p):
                always = True  # starts with a symbol ("©")
            elif any(_SPACELESS.search(r) for r in runs):
                spaceless.add(next(r for r in runs if _SPACELESS.search(r)).casefold()[:2])
            else:
                words.add(_key(max(runs, key=len)))  # its rarest word, roughly: the longest
                starts.add(_key(runs[0]))
        firsts[section] = (frozenset(words), frozenset(starts), tuple(sorted(spaceless)), always)
    return CueSet({k: tuple(v) for k, v in phrases.items()}, patterns, firsts)


_RUN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*")


@lru_cache(maxsize=8192)
def _runs(line: str) -> frozenset[str]:
    """The letter/digit runs (words) of a line, casefolded."""
    return frozenset(_key(r) for r in _RUN.findall(line))


def _key(word: str) -> str:
    """Casefolded, without combining marks ("İlgili" and "ilgili" meet)."""
    return _MARKS.sub("", word.casefold())


_MARKS = regex.compile(r"\p{M}+")


def _may_match(cues: CueSet, section: str, line: str, anchored: bool) -> bool:
    """Cheap test that a cue of `section` can be in `line` (the regex is only run when it can)."""
    pre = cues.firsts.get(section)
    if pre is None:
        return True
    words, starts, spaceless, always = pre
    if always:
        return True
    if anchored:
        m = _RUN.search(line)  # decoration has no letters or digits: the cue's first word is the line's
        if m is not None and _key(m.group()) in starts:
            return True
    elif not words.isdisjoint(_runs(line)):
        return True
    if spaceless:
        folded = line.casefold()
        return any(c in folded for c in spaceless)
    return False


def match_start(cues: CueSet, section: str, line: str) -> regex.Match | None:
    """Match a cue of `section` at the start of `line` (after decoration), or None."""
    return _find(cues, section, line, anchored=True)


def search(cues: CueSet, section: str, line: str) -> regex.Match | None:
    """Find a cue of `section` anywhere in `line`, or None."""
    return _find(cues, section, line, anchored=False)


def _find(cues: CueSet, section: str, line: str, anchored: bool) -> regex.Match | None:
    pat = cues.patterns.get(section)
    if pat is None or not _may_match(cues, section, line, anchored):
        return None
    try:
        return (pat.match if anchored else pat.search)(line, timeout=0.05)
    except TimeoutError:  # pathological line: no cue (conservative)
        return None


def cue_text(m: regex.Match) -> str:
    """The cue phrase a match found."""
    return m.groupdict().get("cue") or m.groupdict().get("cue2") or ""


def has_separator(m: regex.Match) -> bool:
    """Whether the cue was followed by a separator such as ':' or '|'."""
    d = m.groupdict()
    return bool(d.get("sep") or d.get("sep2"))
