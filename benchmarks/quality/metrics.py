"""Scores of a cleaner's output against the farm's gold: token scores, per-label blocks, duplicate pairs.

Token scores come from ../shared/tools/textscore.py (imported by path). Block scores need to know which
tokens of the original a tool removed: when the tool gives flags whose cut reproduces its output we use
them exactly; otherwise lines are aligned patience-style (unique lines anchor, repeated lines match the
earliest copy: keep-first semantics) and leftover lines token by token (difflib). The
definitions are spelled out in README.md.
"""

from __future__ import annotations

import bisect
import difflib
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
TEXTSCORE_PATH = REPO / ".." / "shared" / "tools" / "textscore.py"
FOUND = 0.8  # a gold span is found when >= 80% of its word tokens are removed
CORRECT = 0.8  # a predicted removal block is correct when >= 80% of its removed tokens are gold junk
_WORD = re.compile(r"\w+", re.UNICODE)  # the same tokens as textscore


def _load_textscore() -> Any:
    """Import textscore.py from ../shared/tools by path."""
    spec = importlib.util.spec_from_file_location("textscore", TEXTSCORE_PATH.resolve())
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {TEXTSCORE_PATH}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


textscore = _load_textscore()


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lowercase token) of every word token."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _fold(s: str) -> str:
    """Whitespace-folded text."""
    return " ".join(s.split())


def removed_by_alignment(original: str, output: str) -> list[bool]:
    """Per word token of original: True when a monotonic token alignment finds it missing from output."""
    a = [t for _, _, t in word_spans(original)]
    b = [t for _, _, t in word_spans(output)]
    removed = [True] * len(a)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for blk in sm.get_matching_blocks():
        for i in range(blk.a, blk.a + blk.size):
            removed[i] = False
    return removed


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, whitespace-folded text) of every non-empty line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), _fold(line)))
        pos += len(line) + 1
    return out


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing in both coordinates (pairs sorted by the second)."""
    tails: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    idx: list[int] = []
    for k, (i, _) in enumerate(pairs):
        pos = bisect.bisect_left([pairs[t][0] for t in idx], i)
        if pos:
            prev[k] = idx[pos - 1]
        if pos == len(idx):
            idx.append(k)
        else:
            idx[pos] = k
        tails = idx
    out, k = [], tails[-1] if tails else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def removed_by_lines(original: str, output: str) -> list[bool]:
    """Per token removed mask from a patience-style line alignment, tokens aligned inside unmatched gaps.

    Lines that occur once in both texts anchor the alignment; between anchors, output lines are matched to
    the earliest equal original line (keep-first semantics); lines left over are aligned token by token.
    """
    O, Q = _lines(original), _lines(output)  # noqa: E741 (O for the original, Q for the output)
    kept = bytearray(len(original))

    def keep_line(i: int) -> None:
        """Mark original line i as kept."""
        s, e, _ = O[i]
        kept[s:e] = b"\x01" * (e - s)

    def tokens_align(o_idx: list[int], q_idx: list[int]) -> None:
        """Token-align leftover output lines with leftover original lines."""
        if not o_idx or not q_idx:
            return
        a = [t for i in o_idx for t in word_spans(original[O[i][0] : O[i][1]])]
        offs = [O[i][0] for i in o_idx for _ in word_spans(original[O[i][0] : O[i][1]])]
        b = [t[2] for j in q_idx for t in word_spans(output[Q[j][0] : Q[j][1]])]
        sm = difflib.SequenceMatcher(None, [t[2] for t in a], b, autojunk=False)
        for blk in sm.get_matching_blocks():
            for k in range(blk.a, blk.a + blk.size):
                s, e = offs[k] + a[k][0], offs[k] + a[k][1]
                kept[s:e] = b"\x01" * (e - s)

    def greedy(o_lo: int, o_hi: int, q_lo: int, q_hi: int) -> None:
        """Match output lines to the earliest equal original line in order."""
        i, left_q, gap_start = o_lo, [], o_lo
        for j in range(q_lo, q_hi):
            k = next((k for k in range(i, o_hi) if O[k][2] == Q[j][2]), None)
            if k is None:
                left_q.append(j)
                continue
            tokens_align(list(range(gap_start, k)), left_q)
            keep_line(k)
            i = gap_start = k + 1
            left_q = []
        tokens_align(list(range(gap_start, o_hi)), left_q)

    def align(o_lo: int, o_hi: int, q_lo: int, q_hi: int) -> None:
        """Patience alignment of original lines [o_lo, o_hi) with output lines [q_lo, q_hi)."""
        if o_lo >= o_hi or q_lo >= q_hi:
            return
        co: dict[str, list[int]] = {}
        cq: dict[str, list[int]] = {}
        for i in range(o_lo, o_hi):
            co.setdefault(O[i][2], []).append(i)
        for j in range(q_lo, q_hi):
            cq.setdefault(Q[j][2], []).append(j)
        pairs = sorted((co[t][0], js[0]) for t, js in cq.items() if len(js) == 1 and len(co.get(t, ())) == 1)
        pairs.sort(key=lambda p: p[1])
        anchors = _lis(pairs)
        if not anchors:
            greedy(o_lo, o_hi, q_lo, q_hi)
            return
        pi, pj = o_lo - 1, q_lo - 1
        for i, j in anchors + [(o_hi, q_hi)]:
            align(pi + 1, i, pj + 1, j)
            if i < o_hi:
                keep_line(i)
            pi, pj = i, j

    align(0, len(O), 0, len(Q))
    toks = word_spans(original)
    return slide_right([t for _, _, t in toks], [not kept[s] for s, _, _ in toks])


def slide_right(tokens: list[str], removed: list[bool]) -> list[bool]:
    """Shift each removed run right while the token after it equals its first (same output; keep first
    copy)."""
    removed = list(removed)
    n, i = len(tokens), 0
    while i < n:
        if not removed[i]:
            i += 1
            continue
        j = i
        while j < n and removed[j]:
            j += 1
        while j < n and not removed[j] and tokens[i] == tokens[j]:
            removed[i], removed[j] = False, True
            i, j = i + 1, j + 1
            while j < n and removed[j]:
                j += 1
        i = j
    return removed


def removed_by_flags(original: str, output: str, flags: list[tuple[int, int, str]]) -> list[bool] | None:
    """Per token removed mask from flags, or None when cutting the flags does not reproduce output."""
    cut, cur = [], 0
    for s, e, _ in sorted(flags):
        if s > cur:
            cut.append(original[cur:s])
        cur = max(cur, e)
    cut.append(original[cur:])
    if _fold("".join(cut)) != _fold(output):
        return None
    gone = bytearray(len(original))
    for s, e, _ in flags:
        gone[s:e] = b"\x01" * (e - s)
    return [bool(gone[s]) for s, _, _ in word_spans(original)]


@dataclass
class PageEval:
    """Everything measured on one page, ready to be pooled."""

    score: dict
    n_pred: int
    n_gold: int
    overlap: int
    junk: int
    junk_left: int
    n_removed: int
    removed_in_junk: int
    gold_spans: list[dict] = field(default_factory=list)  # label, kind, n, n_removed
    pred_blocks: list[dict] = field(default_factory=list)  # label, n, n_junk, n_same
    exact_mask: bool = False


def evaluate_page(
    original: str, output: str, gold: str, spans: list[dict], flags: list[tuple[int, int, str]] | None = None
) -> PageEval:
    """Score one cleaned page against its gold body and gold spans."""
    s = textscore.score(output, gold, original)
    p, g, o = textscore.tokens(output), textscore.tokens(gold), textscore.tokens(original)
    overlap = sum((p & g).values())
    junk = sum((o - g).values())
    left = sum((p - g).values())
    toks = word_spans(original)
    mask = removed_by_flags(original, output, flags) if flags else None
    exact_mask = mask is not None
    if mask is None:
        mask = removed_by_lines(original, output)
    # gold label of every token (None = content)
    glab: list[str | None] = [None] * len(toks)
    span_tokens: list[list[int]] = [[] for _ in spans]
    ordered = sorted(range(len(spans)), key=lambda k: spans[k]["start"])
    j = 0
    for i, (st, _, _) in enumerate(toks):
        while j < len(ordered) and spans[ordered[j]]["end"] <= st:
            j += 1
        if j < len(ordered) and spans[ordered[j]]["start"] <= st:
            glab[i] = spans[ordered[j]]["label"]
            span_tokens[ordered[j]].append(i)
    gold_spans = []
    for k, sp in enumerate(spans):
        idx = span_tokens[k]
        if idx:
            gold_spans.append(
                {
                    "label": sp["label"],
                    "kind": sp.get("kind"),
                    "n": len(idx),
                    "n_removed": sum(mask[i] for i in idx),
                }
            )
    # predicted removal blocks: flags when given (restricted to removed tokens), else runs of removed tokens
    blocks: list[tuple[str, list[int]]] = []
    covered = [False] * len(toks)
    starts = [st for st, _, _ in toks]
    for fs, fe, lab in sorted(flags or []):
        lo, hi = bisect.bisect_left(starts, fs), bisect.bisect_left(starts, fe)
        idx = [i for i in range(lo, hi) if mask[i] and not covered[i]]
        for i in idx:
            covered[i] = True
        if idx:
            blocks.append((lab, idx))
    run: list[int] = []
    for i in range(len(toks) + 1):
        if i < len(toks) and mask[i] and not covered[i]:
            run.append(i)
        elif run:
            blocks.append(("unlabelled", run))
            run = []
    pred_blocks = [
        {
            "label": lab,
            "n": len(idx),
            "n_junk": sum(glab[i] is not None for i in idx),
            "n_same": sum(glab[i] == lab for i in idx),
        }
        for lab, idx in blocks
    ]
    n_removed = sum(mask)
    return PageEval(
        score=s,
        n_pred=sum(p.values()),
        n_gold=sum(g.values()),
        overlap=overlap,
        junk=junk,
        junk_left=left,
        n_removed=n_removed,
        removed_in_junk=sum(1 for i, m in enumerate(mask) if m and glab[i] is not None),
        gold_spans=gold_spans,
        pred_blocks=pred_blocks,
        exact_mask=exact_mask,
    )


def pool(evals: Iterable[PageEval]) -> dict:
    """Pooled scores over pages (token counts summed; exact = share of pages)."""
    evals = list(evals)
    n = len(evals) or 1
    tot = defaultdict(int)
    for e in evals:
        for k in ("n_pred", "n_gold", "overlap", "junk", "junk_left", "n_removed", "removed_in_junk"):
            tot[k] += getattr(e, k)
    out: dict[str, Any] = {
        "pages": len(evals),
        "precision": tot["overlap"] / tot["n_pred"] if tot["n_pred"] else 1.0,
        "recall": tot["overlap"] / tot["n_gold"] if tot["n_gold"] else 1.0,
        "junk_removed": 1 - tot["junk_left"] / tot["junk"] if tot["junk"] else 1.0,
        "exact": sum(bool(e.score["exact"]) for e in evals) / n,
        "removal_precision": tot["removed_in_junk"] / tot["n_removed"] if tot["n_removed"] else 1.0,
        "pages_touched": sum(e.n_removed > 0 for e in evals) / n,
    }
    out["lost"] = 1 - out["recall"]
    rec: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kind_rec: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in evals:
        for sp in e.gold_spans:
            hit = sp["n_removed"] >= FOUND * sp["n"]
            for key, d in ((sp["label"], rec), ("all", rec), (f"{sp['label']}/{sp['kind']}", kind_rec)):
                d[key][0] += hit
                d[key][1] += 1
    prec: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # blocks ok, blocks, tokens junk, tokens
    prec["all"] = [0, 0, 0, 0]
    for e in evals:
        for b in e.pred_blocks:
            ok = b["n_junk"] >= CORRECT * b["n"]
            for key in (b["label"], "all"):
                prec[key][0] += ok
                prec[key][1] += 1
                prec[key][2] += b["n_junk"]
                prec[key][3] += b["n"]
    out["block_recall"] = {k: (v[0] / v[1], v[1]) for k, v in sorted(rec.items())}
    out["kind_recall"] = {k: (v[0] / v[1], v[1]) for k, v in sorted(kind_rec.items())}
    out["block_precision"] = {k: (v[0] / v[1] if v[1] else 1.0, v[1]) for k, v in sorted(prec.items())}
    out["token_precision_by_label"] = {
        k: (v[2] / v[3] if v[3] else 1.0, v[3]) for k, v in sorted(prec.items())
    }
    out["flags_exact"] = sum(e.exact_mask for e in evals) / n
    return out


def pair_scores(gold: list[dict], predicted: dict[str, str | None]) -> dict:
    """Precision and recall of duplicate-document assertions against the gold clusters."""
    cluster: dict[str, str] = {}
    for g in gold:
        cluster[g["id"]] = g["duplicate_of"] or g["id"]  # duplicate_of names the cluster's first page
    copies = [g["id"] for g in gold if g["duplicate_of"]]
    asserted = {k: v for k, v in predicted.items() if v}
    ok = sum(1 for k, v in asserted.items() if v in cluster and cluster.get(k) == cluster[v] and k != v)
    found = sum(1 for c in copies if predicted.get(c) and cluster.get(predicted[c]) == cluster[c])
    return {
        "gold_copies": len(copies),
        "asserted": len(asserted),
        "precision": ok / len(asserted) if asserted else None,
        "recall": found / len(copies) if copies else 1.0,
    }
