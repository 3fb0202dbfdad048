"""The measures of the real-page benchmark: per-page counts, and scores of counts pooled over pages.

Tokens are those of ../shared/tools/textscore.py (lowercase `\\w+`, a multiset), imported by path: it is
the measure the project is judged by, so it is never copied here. Per page, `Scorer.score` gives a flat dict
of counts (summable over pages) plus the page's F1 and time; `token_scores` / `snippet_scores` turn the sums
into shares.

    junk removed   of the base's tokens beyond the gold multiset, the share the output no longer has
    gold lost      gold tokens the base has that the output lost: sum((base & gold) - (out & gold)) / gold
    P / R / F1     of the output against the gold, pooled (summed counts), and F1 averaged over pages
    exact          the output equals the gold, whitespace folded
    snippets       trafilatura-eval: a `with` snippet is kept when it is a substring of the output, a
                   `without` snippet is removed when it is not (whitespace folded, case kept)

The base is what a cleaner was given (a rendering for dedup.clean, trafilatura's text for clean_html).
"""

from __future__ import annotations

import importlib.util
import math
import statistics
from collections import Counter
from functools import cache
from types import ModuleType
from typing import Any

from . import data

Row = dict[str, Any]


@cache
def textscore() -> ModuleType:
    """../shared/tools/textscore.py, imported by path (once per process)."""
    path = data.shared_data().parent / "tools" / "textscore.py"
    spec = importlib.util.spec_from_file_location("textscore", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fold(text: str) -> str:
    """Whitespace-folded text (as textscore's `exact` and the snippet match fold it)."""
    return " ".join(text.split())


def page_f1(n_out: int, n_gold: int, n_hit: int) -> float:
    """textscore.score's F1 from counts (same conventions for empty output or gold)."""
    if n_out:
        precision = n_hit / n_out
    else:
        precision = 1.0 if not n_gold else 0.0
    recall = n_hit / n_gold if n_gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class Scorer:
    """Scores outputs of one page against its gold text and/or its snippets."""

    def __init__(self, gold: str | None, with_snippets: list[str], without_snippets: list[str]) -> None:
        self.gold = gold
        self.gold_folded = fold(gold) if gold is not None else None
        self.gold_tokens = textscore().tokens(gold) if gold is not None else None
        # an empty snippet would be "kept" everywhere: trafilatura's evaluation has none, drop any
        self.with_ = [s for s in map(fold, with_snippets) if s]
        self.without = [s for s in map(fold, without_snippets) if s]
        self._memo: dict[str, Counter] = {}

    def tokens(self, text: str) -> Counter:
        """textscore tokens of a text, memoised: a rendering is scored alone and as dedup's base."""
        if text not in self._memo:
            self._memo[text] = textscore().tokens(text)
        return self._memo[text]

    def score(self, out: str, base: str | None = None, ms: float = 0.0, error: str | None = None) -> Row:
        """Counts of one output (and of what its cleaner removed from `base`), its time and error."""
        row: Row = {"ms": ms, "error": int(error is not None)}
        if self.gold_tokens is not None:
            row.update(self._token_counts(out, base))
        if self.with_ or self.without:
            row.update(self._snippet_counts(out, base))
        return row

    def _token_counts(self, out: str, base: str | None) -> Row:
        g, o = self.gold_tokens, self.tokens(out)
        assert g is not None
        hit = o & g
        n_gold, n_out, n_hit = sum(g.values()), sum(o.values()), sum(hit.values())
        row: Row = {
            "gold": n_gold,
            "out": n_out,
            "hit": n_hit,
            "exact": int(fold(out) == self.gold_folded),
            "f1": page_f1(n_out, n_gold, n_hit),
        }
        if base is not None:
            b = self.tokens(base)
            row["junk"] = sum((b - g).values())
            row["left"] = sum((o - g).values())
            row["lost"] = sum(((b & g) - hit).values())
        return row

    def _snippet_counts(self, out: str, base: str | None) -> Row:
        folded = fold(out)
        kept = [s in folded for s in self.with_]
        present = [s in folded for s in self.without]
        row: Row = {
            "with": len(kept),
            "with_kept": sum(kept),
            "without": len(present),
            "without_absent": len(present) - sum(present),
        }
        if base is not None:
            folded_base = fold(base)
            in_base_with = [s in folded_base for s in self.with_]
            in_base_without = [s in folded_base for s in self.without]
            row["with_in_base"] = sum(in_base_with)
            row["with_lost"] = sum(b and not k for b, k in zip(in_base_with, kept))
            row["without_in_base"] = sum(in_base_without)
            row["without_removed"] = sum(b and not p for b, p in zip(in_base_without, present))
        return row


class Pool:
    """Rows of one system on one group of pages: counts summed, page F1s and times kept for statistics."""

    def __init__(self) -> None:
        self.pages = 0
        self.sums: Counter = Counter()
        self.f1s: list[float] = []
        self.ms: list[float] = []

    def add(self, row: Row) -> None:
        """Add one page's row."""
        self.pages += 1
        self.ms.append(row["ms"])
        if "f1" in row:
            self.f1s.append(row["f1"])
        self.sums.update({k: v for k, v in row.items() if k not in ("f1", "ms")})

    def scores(self) -> Row:
        """Every score this pool has counts for (token and/or snippet), plus pages, errors and times."""
        out: Row = {"pages": self.pages, "errors": self.sums["error"], **timing(self.ms)}
        if self.f1s:
            out.update(token_scores(self.sums, self.f1s))
        if self.sums["with"] or self.sums["without"]:
            out.update(snippet_scores(self.sums))
        return out


def _share(num: float, den: float, empty: float) -> float:
    """num / den, or `empty` when den is 0."""
    return num / den if den else empty


def token_scores(c: Counter, f1s: list[float]) -> Row:
    """Pooled token scores from summed counts (junk removed and gold lost only when a base was given)."""
    p = _share(c["hit"], c["out"], 1.0 if not c["gold"] else 0.0)
    r = _share(c["hit"], c["gold"], 1.0)
    out: Row = {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "mean_page_f1": statistics.fmean(f1s),
        "exact": c["exact"] / len(f1s),
        "gold_tokens": c["gold"],
    }
    if "junk" in c:
        out["junk_removed"] = 1 - _share(c["left"], c["junk"], 0.0)
        out["gold_lost"] = _share(c["lost"], c["gold"], 0.0)
        out["junk_tokens"] = c["junk"]
    return out


def snippet_scores(c: Counter) -> Row:
    """Snippet shares, and trafilatura's own evaluation figures (snippet precision, recall, F1)."""
    tp, fn = c["with_kept"], c["with"] - c["with_kept"]
    fp = c["without"] - c["without_absent"]
    p, r = _share(tp, tp + fp, 1.0), _share(tp, tp + fn, 1.0)
    out: Row = {
        "with_kept": _share(c["with_kept"], c["with"], 1.0),
        "without_removed": _share(c["without_absent"], c["without"], 1.0),
        "snippet_precision": p,
        "snippet_recall": r,
        "snippet_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "with_snippets": c["with"],
        "without_snippets": c["without"],
    }
    if "with_in_base" in c:
        # what the cleaner itself did: of the `without` snippets its input had, the share it removed;
        # of all `with` snippets, the share its input had and it lost
        out["without_removed_by_cleaning"] = _share(c["without_removed"], c["without_in_base"], 0.0)
        out["with_lost_by_cleaning"] = _share(c["with_lost"], c["with"], 0.0)
    return out


def timing(ms: list[float]) -> Row:
    """Median and 95th percentile of per-page milliseconds (nearest rank)."""
    if not ms:
        return {"ms_median": 0.0, "ms_p95": 0.0}
    ordered = sorted(ms)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    return {"ms_median": statistics.median(ordered), "ms_p95": p95}
