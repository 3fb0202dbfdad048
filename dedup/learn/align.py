"""Label the lines of a rendered page content (1) or junk (0) by aligning its words to the page's gold text.

One order-preserving alignment of the rendering's whole token sequence against the gold's (tokens as
the benchmark counts them: lowercase \\w+). It is anchored on word n-grams that occur at most a few times
on each side of a segment, longest n first; of those matches, the heaviest chain that keeps both orders
is kept; the gaps between the kept matches are aligned again the same way (an n-gram rare inside a gap
may be common in the page), down to single words that are unique on both sides of a gap; a gap with no
such anchor is left to `difflib` when it is small. A line's `share` is the part of its tokens so aligned;
a line is content when `share >= SHARE_MIN`.

Because the alignment keeps the gold's order and uses each gold token at most once, page furniture made
of gold words (menus, the headline in a breadcrumb, a related link that names the article) stays junk
unless it sits where the gold has those words, and a paragraph shown twice aligns once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

# the benchmark's tokenisation (tools/textscore.py): stdlib `re`, not `regex`, whose \w differs on some
# combining marks, so that line token counts are exactly those the score counts
_WORD = re.compile(r"\w+")
_PRIME = np.uint64(1_000_003)

#: a line is content when at least this share of its tokens is aligned to the gold
SHARE_MIN = 0.5
#: n-gram sizes of the anchors, longest first (a level is tried only where the longer ones found none)
LEVELS: tuple[int, ...] = (8, 4, 2, 1)
#: n-grams (n > 1) occurring more often than this on either side of a segment are no anchors
MAX_COPIES = 4
#: a gap with no anchor goes to difflib when (rendering tokens) x (gold tokens) is at most this
DIFF_CAP = 40_000
#: segments longer than this (tokens, both sides) find their anchors with numpy, shorter ones with dicts
LARGE = 4000
#: how many blocks before a block (by rendering start) it may overlap and follow, losing the overlap
OVERLAP_WINDOW = 32

Block = tuple[int, int, int]  # (rendering start, gold start, length) of a run of equal tokens


@dataclass(frozen=True)
class LineLabel:
    """One non-blank line of a rendering with its alignment to the gold and its label."""

    text: str
    tokens: int
    matched: int
    share: float | None  # matched / tokens; None for a line without tokens
    label: int | None  # 1 content, 0 junk, None for a line without tokens


def split_lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped (the lines dedup segments)."""
    return [s for s in (line.strip() for line in text.splitlines()) if s]


def tokenize(text: str) -> list[str]:
    """The lowercase \\w+ tokens of a text (textscore's tokenisation)."""
    return [t.lower() for t in _WORD.findall(text)]


def _ngram_keys(seq: np.ndarray, n: int) -> np.ndarray:
    """A 64-bit polynomial hash of every n-gram of an id sequence (n-gram i starts at token i)."""
    count = len(seq) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(count, dtype=np.uint64)
    for k in range(n):
        h = h * _PRIME + seq[k : k + count]  # uint64 arithmetic wraps: a hash, not a number
    return h


def _rare_pairs_small(kr: list[int], kg: list[int], r0: int, g0: int, limit: int) -> list[tuple[int, int]]:
    """(rendering, gold) positions of the keys found 1..limit times on each side (dicts, for short slices)."""
    where_g: dict[int, list[int]] = {}
    for j, k in enumerate(kg):
        where_g.setdefault(k, []).append(j)
    where_r: dict[int, list[int]] = {}
    for i, k in enumerate(kr):
        if k in where_g:
            where_r.setdefault(k, []).append(i)
    return [
        (r0 + i, g0 + j)
        for k, rs in where_r.items()
        if len(rs) <= limit and len(where_g[k]) <= limit
        for i in rs
        for j in where_g[k]
    ]


def _rare_pairs_large(
    kr: np.ndarray, kg: np.ndarray, r0: int, g0: int, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """`_rare_pairs_small` with numpy, for long slices (a page's whole text): arrays of the two positions."""
    ur, cr = np.unique(kr, return_counts=True)
    ug, cg = np.unique(kg, return_counts=True)
    common = np.intersect1d(ur[cr <= limit], ug[cg <= limit], assume_unique=True)
    # each side's positions of the common keys, grouped by key (a stable sort keeps positions ascending)
    ri, gi = np.flatnonzero(np.isin(kr, common)), np.flatnonzero(np.isin(kg, common))
    ri, gi = ri[np.argsort(kr[ri], kind="stable")], gi[np.argsort(kg[gi], kind="stable")]
    g_lo, g_hi = np.searchsorted(kg[gi], common, "left"), np.searchsorted(kg[gi], common, "right")
    r_count = np.searchsorted(kr[ri], common, "right") - np.searchsorted(kr[ri], common, "left")
    # every rendering position of a key pairs with each gold position of that key
    key_of_r = np.repeat(np.arange(len(common)), r_count)
    reps = (g_hi - g_lo)[key_of_r]
    first = np.cumsum(reps) - reps
    offset = np.arange(int(reps.sum())) - np.repeat(first, reps)
    return np.repeat(ri, reps) + r0, gi[np.repeat(g_lo[key_of_r], reps) + offset] + g0


def _merge_large(pr: np.ndarray, pg: np.ndarray, n: int) -> list[Block]:
    """`_merge` with numpy."""
    if not len(pr):
        return []
    diag = pr - pg
    order = np.lexsort((pr, diag))
    pr, pg, diag = pr[order], pg[order], diag[order]
    # a run goes on while the diagonal stays and each n-gram starts inside the previous one's span
    start = np.ones(len(pr), dtype=bool)
    start[1:] = (diag[1:] != diag[:-1]) | (pr[1:] > pr[:-1] + n)
    first = np.flatnonzero(start)
    last = np.append(first[1:], len(pr)) - 1
    return list(zip(pr[first].tolist(), pg[first].tolist(), (pr[last] + n - pr[first]).tolist()))


def _merge(pairs: list[tuple[int, int]], n: int) -> list[Block]:
    """Blocks of equal tokens from matching n-gram starts: runs of overlapping n-grams on one diagonal."""
    pairs.sort(key=lambda p: (p[0] - p[1], p[0]))
    blocks: list[Block] = []
    start_r = start_g = end_r = diag = -1
    for i, j in pairs:
        if i - j == diag and i <= end_r:
            end_r = max(end_r, i + n)
            continue
        if end_r > 0:
            blocks.append((start_r, start_g, end_r - start_r))
        start_r, start_g, end_r, diag = i, j, i + n, i - j
    if end_r > 0:
        blocks.append((start_r, start_g, end_r - start_r))
    return blocks


def heaviest_chain(blocks: list[Block], late: bool = False) -> list[Block]:
    """The blocks of most total length that follow one another in both orders without overlap.

    A sweep over rendering starts with a Fenwick tree of best chain scores by gold end: O(B log B). A block
    may also follow one of the `OVERLAP_WINDOW` blocks before it that it overlaps, minus the overlapped head
    (runs found apart often share a boundary token). Of equal chains, a block is preceded by the latest
    candidate (a headline shown twice aligns to the copy nearest the text it heads); the chain ends at its
    earliest candidate (a trailing repeat stays junk), or its latest when `late` (in the gap before the first
    anchor, the copy of the gold's opening words nearest the text that follows is the real one).
    """
    if not blocks:
        return []
    blocks = sorted(blocks)
    g_ends = sorted({g + n for _, g, n in blocks})
    tree: list[tuple[int, int, int]] = [(0, -1, -1)] * (len(g_ends) + 1)
    by_end = sorted(range(len(blocks)), key=lambda k: blocks[k][0] + blocks[k][2])
    score, prev, cut = [0] * len(blocks), [-1] * len(blocks), [0] * len(blocks)
    done = 0
    for k, (r, g, n) in enumerate(blocks):
        while done < len(by_end) and blocks[by_end[done]][0] + blocks[by_end[done]][2] <= r:
            a = by_end[done]
            _tree_put(
                tree,
                bisect_left(g_ends, blocks[a][1] + blocks[a][2]) + 1,
                (score[a], blocks[a][0] + blocks[a][2], a),
            )
            done += 1
        best, best_cut = _tree_max(tree, bisect_right(g_ends, g)), 0
        for a in range(max(0, k - OVERLAP_WINDOW), k):
            ra, ga, na = blocks[a]
            if ra + na <= r and ga + na <= g:  # no overlap: the tree has it
                continue
            over = max(ra + na - r, ga + na - g)
            # only a strictly better score: a block whole beats a repeat of its head plus the rest of it
            if over < n and score[a] - over > best[0]:
                best, best_cut = (score[a] - over, ra + na, a), over
        score[k], prev[k], cut[k] = best[0] + n, best[2], best_cut
    k = max(range(len(blocks)), key=lambda i: (score[i], blocks[i][0] if late else -blocks[i][0]))
    chain = []
    while k >= 0:
        r, g, n = blocks[k]
        chain.append((r + cut[k], g + cut[k], n - cut[k]))
        k = prev[k]
    return chain[::-1]


def _tree_put(tree: list[tuple[int, int, int]], i: int, value: tuple[int, int, int]) -> None:
    """Raise the Fenwick tree's entries covering position i (1-based) to at least `value`."""
    while i < len(tree):
        if value > tree[i]:
            tree[i] = value
        i += i & -i


def _tree_max(tree: list[tuple[int, int, int]], i: int) -> tuple[int, int, int]:
    """The largest value put at positions 1..i."""
    best = (0, -1, -1)
    while i > 0:
        if tree[i] > best:
            best = tree[i]
        i -= i & -i
    return best


class _Aligner:
    """Aligns two id sequences; n-gram keys and their positions are built once per level, when needed."""

    def __init__(
        self, r: list[int], g: list[int], levels: tuple[int, ...], max_copies: int, diff_cap: int
    ) -> None:
        self.r, self.g = r, g
        self.levels, self.max_copies, self.diff_cap = levels, max_copies, diff_cap
        self._arrays = (np.asarray(r, dtype=np.uint64), np.asarray(g, dtype=np.uint64))
        self._levels: dict[int, tuple[np.ndarray, list[int], np.ndarray, list[int]]] = {}

    def _level(self, n: int) -> tuple[np.ndarray, list[int], np.ndarray, list[int]]:
        """The n-gram keys of both sequences, as arrays and as lists."""
        if n not in self._levels:
            kr, kg = _ngram_keys(self._arrays[0], n), _ngram_keys(self._arrays[1], n)
            self._levels[n] = (kr, kr.tolist(), kg, kg.tolist())
        return self._levels[n]

    def blocks(self, r0: int, r1: int, g0: int, g1: int, n: int) -> list[Block]:
        """Runs of equal tokens made of the n-grams that are rare on both sides of the segment."""
        r_stop, g_stop = r1 - n + 1, g1 - n + 1
        if r_stop <= r0 or g_stop <= g0:
            return []
        kr, kr_list, kg, kg_list = self._level(n)
        # single words must be unique on both sides: a common word is no evidence of place
        limit = self.max_copies if n > 1 else 1
        if (r_stop - r0) + (g_stop - g0) > LARGE:
            return _merge_large(*_rare_pairs_large(kr[r0:r_stop], kg[g0:g_stop], r0, g0, limit), n)
        return _merge(_rare_pairs_small(kr_list[r0:r_stop], kg_list[g0:g_stop], r0, g0, limit), n)

    def equal(self, block: Block) -> bool:
        """Whether the block's tokens are equal on both sides (n-grams are matched by hash)."""
        r, g, n = block
        return self.r[r : r + n] == self.g[g : g + n]

    def diff(self, r0: int, r1: int, g0: int, g1: int, late: bool) -> list[Block]:
        """difflib's matching blocks of a small gap (none for a large one: its cost is quadratic).

        difflib prefers the earliest of equal matches; `late` reverses both sides to prefer the latest.
        """
        if (r1 - r0) * (g1 - g0) > self.diff_cap:
            return []
        if not late:
            sm = SequenceMatcher(None, self.r[r0:r1], self.g[g0:g1], autojunk=False)
            return [(r0 + a, g0 + b, n) for a, b, n in sm.get_matching_blocks() if n]
        sm = SequenceMatcher(None, self.r[r0:r1][::-1], self.g[g0:g1][::-1], autojunk=False)
        return [(r1 - a - n, g1 - b - n, n) for a, b, n in sm.get_matching_blocks() if n]

    def align(self) -> list[Block]:
        """The aligned blocks, in order."""
        out: list[Block] = []
        stack = [(0, len(self.r), 0, len(self.g), 0)]
        while stack:
            r0, r1, g0, g1, level = stack.pop()
            if r0 >= r1 or g0 >= g1:
                continue
            # the gap before the first anchor (not the whole page): its matches should hug its right end
            late = r0 == 0 and g0 == 0 and (r1, g1) != (len(self.r), len(self.g))
            chain: list[Block] = []
            while level < len(self.levels):
                n = self.levels[level]
                chain = [b for b in heaviest_chain(self.blocks(r0, r1, g0, g1, n), late) if self.equal(b)]
                if chain:
                    break
                level += 1
            if not chain:
                out.extend(self.diff(r0, r1, g0, g1, late))
                continue
            out.extend(chain)
            # the gaps between kept blocks: n-grams rare there may have been common in the segment
            for r, g, n in chain:
                stack.append((r0, r, g0, g, level))
                r0, g0 = r + n, g + n
            stack.append((r0, r1, g0, g1, level))
        return sorted(out)


def align_tokens(
    r: list[int],
    g: list[int],
    levels: tuple[int, ...] = LEVELS,
    max_copies: int = MAX_COPIES,
    diff_cap: int = DIFF_CAP,
) -> list[Block]:
    """Order-preserving blocks (rendering start, gold start, length) of equal tokens of two id sequences."""
    return _Aligner(r, g, levels, max_copies, diff_cap).align()


def _ids(line_tokens: list[list[str]], gold: str) -> tuple[list[int], list[int]]:
    """The rendering's and the gold's tokens as ids of one vocabulary."""
    vocab: dict[str, int] = {}
    r = [vocab.setdefault(t, len(vocab)) for tokens in line_tokens for t in tokens]
    g = [vocab.setdefault(t, len(vocab)) for t in tokenize(gold)]
    return r, g


def _label(text: str, tokens: int, matched: int, share_min: float) -> LineLabel:
    """A line's label from its aligned token count."""
    if not tokens:
        return LineLabel(text, 0, 0, None, None)
    share = matched / tokens
    return LineLabel(text, tokens, matched, share, int(share >= share_min))


def align_lines(
    text: str,
    gold: str,
    share_min: float = SHARE_MIN,
    *,
    levels: tuple[int, ...] = LEVELS,
    max_copies: int = MAX_COPIES,
    diff_cap: int = DIFF_CAP,
) -> list[LineLabel]:
    """Every non-blank line of `text` with its tokens aligned to `gold` and its label (1 content, 0 junk)."""
    lines = split_lines(text)
    line_tokens = [tokenize(line) for line in lines]
    r, g = _ids(line_tokens, gold)
    aligned = np.zeros(len(r) + 1, dtype=np.int64)
    for start, _, n in align_tokens(r, g, levels, max_copies, diff_cap):
        aligned[start + 1 : start + n + 1] = 1
    # matched tokens of a line = difference of the running count at its two ends
    ends = np.cumsum([0] + [len(t) for t in line_tokens])
    running = np.cumsum(aligned)
    return [
        _label(line, len(toks), int(running[ends[i + 1]] - running[ends[i]]), share_min)
        for i, (line, toks) in enumerate(zip(lines, line_tokens))
    ]


def oracle(text: str, gold: str, share_min: float = SHARE_MIN) -> str:
    """The rendering with only its content lines (label 1), joined by newlines."""
    return "\n".join(x.text for x in align_lines(text, gold, share_min) if x.label == 1)
