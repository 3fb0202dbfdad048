"""Line features for the learned classifier: every line of a page at once, as one float32 matrix.

The features are the shallow text features boilerplate detection has long used (Kohlschütter et al. 2010,
jusText): a line's own length, its characters (capitals, digits, punctuation, sentence ends), its stop
words, its place on the page and relative to the page's main text, the run of short lines it sits in,
its paragraph's shape, and the same for its neighbours; plus what the sure rules found on it. They are
computed from the code points of the whole page in a few NumPy passes, with Python only per line where
a line's own words are needed (stop words).
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import regex

from ..report import Flag
from ..text.segment import Page
from ..text.tokens import codepoints

# character classes (bits of one table over all code points)
_UPPER, _LETTER, _DIGIT, _SPACE, _TERMINAL, _SEPARATOR, _PUNCT, _BREAK, _CODE = (1 << i for i in range(9))
_CLASSES: dict[int, str] = {
    _UPPER: r"[\p{Lu}\p{Lt}]",
    _LETTER: r"[\p{L}\p{M}]",
    _DIGIT: r"\p{N}",
    _SPACE: r"\s",
    _TERMINAL: r"[.!?…。！？।۔։።]",
    _CODE: r"[{}\[\]\"=<>;_\\]",
    _SEPARATOR: r"[|｜·•∙»›/\\\-–—:>]",
    _PUNCT: r"[^\p{L}\p{M}\p{N}\s]",
    _BREAK: r"[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]",
}
_TABLE: np.ndarray | None = None
_LOCK = threading.Lock()

_BULLETS = frozenset("•·∙▪▫■□◆◇►▶▸▹*-–—+»›→➤✓✔☞")
_CLOSERS = "\"'”’»)]」』 "
_ENDS = frozenset(".!?…。！？।۔։።")
_URLISH = regex.compile(r"https?://|www\.|\.(?:com|org|net)\b|@\w|#\w")
_DATEISH = regex.compile(
    r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\bago\b", regex.I
)
#: a line this long (words) that ends a sentence is a paragraph of running text
PARAGRAPH_WORDS = 10
#: a line this short (words) is short: menus, labels, buttons
SHORT_WORDS = 5
#: the neighbours whose features a line also sees
WINDOW = (-2, -1, 1, 2)

# the labels of the rules whose findings are features (the cue rules, which run before the model)
_RULE_LABELS = ("related_link", "boilerplate")

# fmt: off
_OWN = (
    "log_words", "log_chars", "rel_words", "words_vs_long_median", "upper_share", "letter_share",
    "digit_share", "punct_share", "separator_share", "code_share", "terminal_per_word", "ends_sentence",
    "starts_bullet", "starts_upper", "title_case_share", "stop_share", "indent", "urlish", "dateish",
    "repeats_on_page", "same_as_first", "is_first", "is_last", "line_pos", "words_before", "text_before",
    "text_after", "in_main", "to_main", "para_lines", "para_pos", "short_run", "short_run_pos", "short",
    "long_near", "to_long_above", "to_long_below",
    *(f"rule_{label}" for label in _RULE_LABELS),
)
_PAGE = ("page_log_lines", "page_log_words", "page_long_share", "page_short_share", "page_stop_share")
#: the features of a line that its neighbours also see
_SHARED = (
    "log_words", "ends_sentence", "stop_share", "short", "starts_bullet", "indent", "rel_words",
    "rule_related_link", "rule_boilerplate", "same_para", "dateish", "urlish", "title_case_share",
    "upper_share", "para_lines",
)
# fmt: on
FEATURES: tuple[str, ...] = _OWN + _PAGE + tuple(f"{name}@{d:+d}" for d in WINDOW for name in _SHARED)


def _table() -> np.ndarray:
    """The character class bits of every code point (built once per process, about 0.3 s)."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
                table = np.zeros(0x110000, np.uint16)
                for bit, cls in _CLASSES.items():
                    for m in regex.finditer(cls + "+", every):
                        table[m.start() : m.end()] |= bit
                _TABLE = table
    return _TABLE


class StopWords:
    """Stop-word lists by language; a page's language is the one whose list its words hit most."""

    def __init__(self, lists: Mapping[str, Sequence[str]]) -> None:
        self.langs = sorted(lists)
        self.lists = [frozenset(lists[lang]) for lang in self.langs]
        index: dict[str, list[int]] = {}
        for k, words in enumerate(self.lists):
            for w in words:
                index.setdefault(w, []).append(k)
        self._index = {w: tuple(ks) for w, ks in index.items()}  # word -> the languages listing it

    def for_page(self, words: Sequence[str]) -> frozenset[str]:
        """The list of the language the page's words hit most (ties: the first by code; none hit: empty)."""
        hits = [0] * len(self.langs)
        for w, n in Counter(words).items():
            for k in self._index.get(w, ()):
                hits[k] += n
        best = max(range(len(hits)), key=lambda k: (hits[k], -k), default=None)
        return self.lists[best] if best is not None and hits[best] else frozenset()


def _line_sums(bits: np.ndarray, starts: np.ndarray, ends: np.ndarray, bit: int) -> np.ndarray:
    """How many code points of each line [start, end) have class `bit`."""
    cs = np.zeros(bits.size + 1, np.int32)
    np.cumsum((bits & bit) != 0, out=cs[1:])
    return (cs[ends] - cs[starts]).astype(np.float32)


def _lines_holding(pattern: regex.Pattern, text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """1.0 for the lines [start, end) where `pattern` matches (one search over the whole text)."""
    out = np.zeros(starts.size, np.float32)
    at = [m.start() for m in pattern.finditer(text)]
    if at:
        i = np.searchsorted(starts, np.asarray(at), side="right") - 1
        ok = (i >= 0) & (np.asarray(at) < ends[np.maximum(i, 0)])
        out[i[ok]] = 1.0
    return out


def max_sum_run(score: np.ndarray) -> tuple[int, int]:
    """The [a, b] of the maximum-sum run of `score` (Kadane; the first such run); (0, -1) when empty."""
    best, a, b, run, start = -math.inf, 0, -1, 0.0, 0
    for i, s in enumerate(score.tolist()):
        if run <= 0:
            run, start = s, i
        else:
            run += s
        if run > best:
            best, a, b = run, start, i
    return a, b


def _main_region(words: np.ndarray, long: np.ndarray) -> tuple[int, int]:
    """The lines [a, b] of the page's main text: the stretch whose paragraphs outweigh its other lines most
    (a maximum-sum run, paragraphs counting their words and other lines a cost)."""
    return max_sum_run(np.where(long, words, -np.minimum(words, SHORT_WORDS) - 1.0))


def _runs(flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position, the length of the run of True it sits in (0 outside) and its place in the run."""
    n = flag.size
    length = np.zeros(n, np.float32)
    pos = np.zeros(n, np.float32)
    i = 0
    values = flag.tolist()
    while i < n:
        if not values[i]:
            i += 1
            continue
        j = i
        while j < n and values[j]:
            j += 1
        length[i:j] = j - i
        pos[i:j] = np.arange(j - i, dtype=np.float32) / max(1, j - i - 1)
        i = j
    return length, pos


def _to_nearest(flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position, log(1 + lines) to the nearest True strictly above and strictly below (n lines when
    there is none)."""
    n = flag.size
    index = np.arange(n)
    at = np.flatnonzero(flag)
    if at.size == 0:
        none = np.full(n, np.log1p(n), np.float32)
        return none, none.copy()
    k = np.searchsorted(at, index)  # the first True at or after each position
    above = np.where(k > 0, index - at[np.maximum(k - 1, 0)], n)
    k2 = np.searchsorted(at, index, side="right")  # the first True after each position
    below = np.where(k2 < at.size, at[np.minimum(k2, at.size - 1)] - index, n)
    return np.log1p(above).astype(np.float32), np.log1p(below).astype(np.float32)


def _rule_cover(page: Page, flags: Sequence[Flag]) -> np.ndarray:
    """(lines, rule labels): the share of each line's characters that flags of each label cover."""
    out = np.zeros((len(page.lines), len(_RULE_LABELS)), np.float32)
    col = {label: k for k, label in enumerate(_RULE_LABELS)}
    starts = [ln.start for ln in page.lines]
    for f in flags:
        k = col.get(f.label)
        if k is None:
            continue
        i = max(0, int(np.searchsorted(starts, f.start, side="right")) - 1)
        while i < len(page.lines) and page.lines[i].start < f.end:
            ln = page.lines[i]
            covered = min(f.end, ln.end) - max(f.start, ln.start)
            if covered > 0:
                out[i, k] = max(out[i, k], covered / max(1, ln.end - ln.start))
            i += 1
    return out


def page_features(page: Page, flags: Sequence[Flag], stops: StopWords) -> np.ndarray:
    """The (lines, len(FEATURES)) float32 feature matrix of `page`, given the sure rules' `flags`."""
    lines = page.lines
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES)), np.float32)
    text = page.text
    f: dict[str, np.ndarray] = {}
    starts = np.fromiter((ln.start for ln in lines), np.int64, n)
    ends = np.fromiter((ln.end for ln in lines), np.int64, n)
    bits = _table()[codepoints(text)]
    chars = (ends - starts).astype(np.float32)
    words = np.fromiter((ln.n_words for ln in lines), np.float32, n)
    letters = _line_sums(bits, starts, ends, _LETTER)
    f["log_words"] = np.log1p(words)
    f["log_chars"] = np.log1p(chars)
    f["rel_words"] = words / max(1.0, float(words.max()))
    f["upper_share"] = _line_sums(bits, starts, ends, _UPPER) / np.maximum(letters, 1)
    f["letter_share"] = letters / np.maximum(chars, 1)
    f["digit_share"] = _line_sums(bits, starts, ends, _DIGIT) / np.maximum(chars, 1)
    f["punct_share"] = _line_sums(bits, starts, ends, _PUNCT) / np.maximum(chars, 1)
    f["separator_share"] = _line_sums(bits, starts, ends, _SEPARATOR) / np.maximum(chars, 1)
    f["code_share"] = _line_sums(bits, starts, ends, _CODE) / np.maximum(chars, 1)
    f["terminal_per_word"] = _line_sums(bits, starts, ends, _TERMINAL) / np.maximum(words, 1)
    texts = [ln.text for ln in lines]
    ends_sentence = np.fromiter((t.rstrip(_CLOSERS)[-1:] in _ENDS for t in texts), np.float32, n)
    f["ends_sentence"] = ends_sentence
    f["starts_bullet"] = np.fromiter((t[0] in _BULLETS for t in texts), np.float32, n)
    f["starts_upper"] = np.fromiter((t[0].isupper() for t in texts), np.float32, n)
    # words that start with a capital: a letter after a non-letter that is upper case
    word_start = np.zeros(bits.size, bool)
    letter = (bits & _LETTER) != 0
    word_start[0] = letter[0]
    np.greater(letter[1:], letter[:-1], out=word_start[1:])
    cs = np.zeros(bits.size + 1, np.int32)
    np.cumsum(word_start, out=cs[1:])
    n_starts = (cs[ends] - cs[starts]).astype(np.float32)
    np.cumsum(word_start & ((bits & _UPPER) != 0), out=cs[1:])
    f["title_case_share"] = (cs[ends] - cs[starts]) / np.maximum(n_starts, 1)
    stop = stops.for_page([w for ln in lines for w in ln.words])
    n_stop = np.fromiter((sum(w in stop for w in ln.words) for ln in lines), np.float32, n)
    f["stop_share"] = n_stop / np.maximum(np.fromiter((len(ln.words) for ln in lines), np.float32, n), 1)
    breaks = np.append(-1, np.flatnonzero((bits & _BREAK) != 0))  # (-1: the text's start)
    raw_start = breaks[np.searchsorted(breaks, starts) - 1] + 1
    f["indent"] = np.minimum(starts - raw_start, 16).astype(np.float32)
    f["urlish"] = _lines_holding(_URLISH, text, starts, ends)
    f["dateish"] = _lines_holding(_DATEISH, text, starts, ends)
    norms = Counter(ln.norm for ln in lines)
    f["repeats_on_page"] = np.fromiter((min(norms[ln.norm] - 1, 5) for ln in lines), np.float32, n)
    f["same_as_first"] = np.fromiter(
        (ln.norm == lines[0].norm and ln.norm != "" for ln in lines), np.float32, n
    )
    index = np.arange(n, dtype=np.float32)
    index_i = np.arange(n)
    f["is_first"] = (index == 0).astype(np.float32)
    f["is_last"] = (index == n - 1).astype(np.float32)
    f["line_pos"] = index / max(1, n - 1)
    total = max(1.0, float(words.sum()))
    f["words_before"] = (np.cumsum(words) - words) / total
    long = (words >= PARAGRAPH_WORDS) & (ends_sentence > 0)
    long_words = np.where(long, words, 0.0)
    long_total = max(1.0, float(long_words.sum()))
    before = (np.cumsum(long_words) - long_words) / long_total
    f["text_before"] = before
    f["text_after"] = 1.0 - before - long_words / long_total
    cl = np.concatenate(([0], np.cumsum(long)))
    f["long_near"] = (cl[np.minimum(index_i + 6, n)] - cl[np.maximum(index_i - 5, 0)]) / 11.0
    f["to_long_above"], f["to_long_below"] = _to_nearest(long)
    median_long = float(np.median(words[long])) if long.any() else 1.0
    f["words_vs_long_median"] = words / max(1.0, median_long)
    a, b = _main_region(words, long)
    f["in_main"] = ((index >= a) & (index <= b)).astype(np.float32)
    to_main = np.where(index < a, index - a, np.where(index > b, index - b, 0))
    f["to_main"] = np.sign(to_main) * np.log1p(np.abs(to_main))
    paras = np.fromiter((ln.para for ln in lines), np.int64, n)
    para_size = np.bincount(paras)[paras].astype(np.float32)
    first_of_para = np.searchsorted(paras, paras)
    f["para_lines"] = np.log1p(para_size)
    f["para_pos"] = (index - first_of_para) / np.maximum(para_size - 1, 1)
    short = (words < SHORT_WORDS) & (ends_sentence == 0)
    f["short"] = short.astype(np.float32)
    run, run_pos = _runs(short)
    f["short_run"] = np.log1p(run)
    f["short_run_pos"] = run_pos
    cover = _rule_cover(page, flags)
    for k, label in enumerate(_RULE_LABELS):
        f[f"rule_{label}"] = cover[:, k]
    page_vals = {
        "page_log_lines": math.log1p(n),
        "page_log_words": math.log1p(total),
        "page_long_share": float(long_words.sum()) / total,
        "page_short_share": float(short.mean()),
        "page_stop_share": float(n_stop.sum()) / total,
    }
    for name, value in page_vals.items():
        f[name] = np.full(n, value, np.float32)
    f["same_para"] = np.ones(n, np.float32)  # (a line is in its own paragraph; the window says of neighbours)
    out = np.empty((n, len(FEATURES)), np.float32)
    col = 0
    for name in _OWN + _PAGE:
        out[:, col] = f[name]
        col += 1
    for d in WINDOW:
        valid = np.zeros(n, bool)
        lo, hi = max(0, -d), min(n, n - d)
        valid[lo:hi] = True
        src = np.clip(index.astype(np.int64) + d, 0, n - 1)
        for name in _SHARED:
            if name == "same_para":
                v = (paras[src] == paras).astype(np.float32)
            else:
                v = f[name][src]
            out[:, col] = np.where(valid, v, -1.0)
            col += 1
    return out
