"""The line model's file and its NumPy evaluation: the flat forest walks each tree as a plain walk does."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.errors import ModelFileError
from dedup.learn.model import Forest, LineModel, load


def _random_forest(rng: np.random.Generator, trees: int, depth: int, width: int) -> Forest:
    """Complete trees of `depth` with random splits; leaves point to themselves."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    for _ in range(trees):
        base = len(feature)
        roots.append(base)
        inner = 2**depth - 1
        for i in range(2 ** (depth + 1) - 1):
            if i < inner:
                feature.append(int(rng.integers(width)))
                threshold.append(float(rng.normal()))
                left.append(base + 2 * i + 1)
                right.append(base + 2 * i + 2)
                value.append(0.0)
            else:
                feature.append(0)
                threshold.append(np.inf)
                left.append(base + i)
                right.append(base + i)
                value.append(float(rng.normal()))
    arr = np.asarray
    return Forest(
        arr(feature, np.int32),
        arr(threshold, np.float32),
        arr(left, np.int32),
        arr(right, np.int32),
        arr(value, np.float32),
        arr(roots, np.int32),
        depth,
        0.25,
    )


def _walk(forest: Forest, row: np.ndarray) -> float:
    """The raw score of one row, tree by tree (the reference)."""
    total = forest.baseline
    for root in forest.roots.tolist():
        node = root
        while forest.left[node] != node:
            go_left = np.float32(row[forest.feature[node]]) <= forest.threshold[node]
            node = int(forest.left[node] if go_left else forest.right[node])
        total += float(forest.value[node])
    return total


def test_the_flat_walk_equals_a_tree_by_tree_walk():
    rng = np.random.default_rng(3)
    forest = _random_forest(rng, trees=7, depth=4, width=5)
    x = rng.normal(size=(50, 5)).astype(np.float32)
    np.testing.assert_allclose(forest.raw(x), [_walk(forest, r) for r in x], rtol=1e-5)
    p = forest.predict(x)
    assert ((p > 0) & (p < 1)).all() and forest.predict(np.zeros((0, 5))).size == 0


def test_a_model_file_round_trips_and_a_bad_one_is_one_line(tmp_path):
    rng = np.random.default_rng(4)
    stages = (_random_forest(rng, 3, 3, 4), _random_forest(rng, 2, 2, 6))
    header = {"features": [list("abcd"), list("abcdef")], "threshold": 0.8, "stopwords": {"en": ["the"]}}
    LineModel(stages, header).save(tmp_path / "m.npz")
    back = load(tmp_path / "m.npz")
    assert back.cutoff == 0.8 and back.features == header["features"]
    x = rng.normal(size=(9, 6)).astype(np.float32)
    np.testing.assert_array_equal(back.stages[1].raw(x), stages[1].raw(x))
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match=r"bad\.npz: not a readable line model"):
        load(tmp_path / "bad.npz")
    broken = Forest(
        *(getattr(stages[0], k) for k in ("feature", "threshold")),
        stages[0].left + 1000,
        *(getattr(stages[0], k) for k in ("right", "value", "roots", "depth", "baseline")),
    )
    LineModel((broken,), {"features": [list("abcd")], "threshold": 0.5}).save(tmp_path / "broken.npz")
    with pytest.raises(ModelFileError, match="damaged"):
        load(tmp_path / "broken.npz")
