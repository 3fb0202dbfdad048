"""Context features for the second stage: what the first stage thinks of a line's neighbours and regions.

jusText relabels short blocks by their neighbours; here a second model does it with what the first one
found: the probabilities of the lines around a line, their means over wider windows, the share of the
page's likely content before and after it, and whether it lies in the stretch the first stage calls the
main text.
"""

from __future__ import annotations

import numpy as np

from .features import max_sum_run

#: the neighbours whose first-stage probability a line sees
OFFSETS = (-3, -2, -1, 1, 2, 3)
#: half-widths of the windows whose mean probability a line sees (lines, and words-weighted)
SPANS = (5, 10, 25)

CONTEXT_FEATURES: tuple[str, ...] = (
    "p1",
    *(f"p1@{d:+d}" for d in OFFSETS),
    *(f"p1_mean{k}" for k in SPANS),
    *(f"p1_wmean{k}" for k in SPANS),
    "content_before",
    "content_after",
    "in_main1",
    "to_main1",
    "page_p1",
)


def context_features(p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The (lines, len(CONTEXT_FEATURES)) float32 context of a page's first-stage probabilities `p`, given
    its lines' word counts."""
    n = p.size
    out = np.empty((n, len(CONTEXT_FEATURES)), np.float32)
    if n == 0:
        return out
    index = np.arange(n)
    out[:, 0] = p
    col = 1
    for d in OFFSETS:
        src = index + d
        out[:, col] = np.where((src >= 0) & (src < n), p[np.clip(src, 0, n - 1)], -1.0)
        col += 1
    w = np.maximum(words, 1.0)
    cp = np.concatenate(([0.0], np.cumsum(p)))
    cpw = np.concatenate(([0.0], np.cumsum(p * w)))
    cw = np.concatenate(([0.0], np.cumsum(w)))
    for weighted in (False, True):
        for k in SPANS:
            lo, hi = np.clip(index - k, 0, n), np.clip(index + k + 1, 0, n)
            if weighted:
                out[:, col] = (cpw[hi] - cpw[lo]) / (cw[hi] - cw[lo])
            else:
                out[:, col] = (cp[hi] - cp[lo]) / (hi - lo)
            col += 1
    good = (1.0 - p) * words
    total = max(float(good.sum()), 1.0)
    before = (np.cumsum(good) - good) / total
    out[:, col] = before
    out[:, col + 1] = 1.0 - before - good / total
    a, b = max_sum_run((0.5 - p) * w)
    out[:, col + 2] = (index >= a) & (index <= b)
    to = np.where(index < a, index - a, np.where(index > b, index - b, 0))
    out[:, col + 3] = np.sign(to) * np.log1p(np.abs(to))
    out[:, col + 4] = float(np.average(p, weights=w))
    return out
