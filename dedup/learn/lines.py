"""The junk probability of every line of a page: its features, then the model's stages in turn."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..report import Flag
from ..text.segment import Page
from .context import CONTEXT_FEATURES, context_features
from .features import FEATURES, page_features
from .model import LineModel


def check_features(model: LineModel) -> None:
    """The model reads the features this code computes, in this order (else it was trained on others)."""
    expected = [list(FEATURES)] + [list(FEATURES) + list(CONTEXT_FEATURES)] * (len(model.stages) - 1)
    if model.features != expected:
        raise ValueError("the line model was trained on other features than this dedup computes; retrain it")


def junk_probability(page: Page, flags: Sequence[Flag], model: LineModel) -> tuple[np.ndarray, np.ndarray]:
    """The probability that each line of `page` is junk, and the line features it came from."""
    x = page_features(page, flags, model.stop_words)
    p = model.stages[0].predict(x)
    if len(model.stages) > 1:
        words = np.fromiter((ln.n_words for ln in page.lines), np.float64, len(page.lines))
        for stage in model.stages[1:]:
            p = stage.predict(np.concatenate([x, context_features(p, words)], axis=1))
    return p, x
