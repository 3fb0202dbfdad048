"""The learned line model: a forest of gradient-boosted trees kept as plain arrays, evaluated with NumPy.

The file is a NumPy `.npz` of plain arrays (no pickle) with a JSON header: its format and version, the
feature names it expects (in order), the decision threshold chosen at training, the stop-word lists of the
features, and where it came from (data, seed, scores, credits). Trees are stored flat: node `i` of the
forest tests feature `feature[i]` against `threshold[i]` and goes to `left[i]` (value <= threshold) or
`right[i]`; a leaf is its own left and right child, so every tree is walked the same `depth` steps at once.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError

FORMAT = "dedup-line-model"
VERSION = 1
#: the model shipped with the package
SHIPPED = "lines.npz"


@dataclass(frozen=True)
class Forest:
    """Boosted trees as flat arrays; `predict` gives the probability that each row (a line) is junk."""

    feature: np.ndarray  # (nodes,) int32
    threshold: np.ndarray  # (nodes,) float32
    left: np.ndarray  # (nodes,) int32
    right: np.ndarray  # (nodes,) int32
    value: np.ndarray  # (nodes,) float32: a leaf's contribution to the raw score
    roots: np.ndarray  # (trees,) int32
    depth: int
    baseline: float
    header: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def features(self) -> tuple[str, ...]:
        """The names of the features the trees read, in column order."""
        return tuple(self.header.get("features", ()))

    @property
    def cutoff(self) -> float:
        """The probability from which a line is junk (chosen at training)."""
        return float(self.header.get("threshold", 0.5))

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The raw scores (log-odds) of the rows of `x` (rows, features)."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, np.float64)
        flat = np.ascontiguousarray(x, dtype=np.float32).ravel()
        row = (np.arange(n, dtype=np.int64) * x.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (n, self.roots.size)).copy()
        for _ in range(self.depth):
            go_left = flat[row + self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.baseline + self.value[node].sum(axis=1, dtype=np.float64)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row of `x` is junk."""
        return 1.0 / (1.0 + np.exp(-self.raw(x)))

    def save(self, path: str | Path) -> None:
        """Write the forest to `path` (plain arrays and a JSON header)."""
        header = dict(self.header, format=FORMAT, version=VERSION, depth=self.depth, baseline=self.baseline)
        with open(path, "wb") as f:
            np.savez_compressed(
                f,
                header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
                feature=self.feature,
                threshold=self.threshold,
                left=self.left,
                right=self.right,
                value=self.value,
                roots=self.roots,
            )


def load(path: str | Path) -> Forest:
    """Read a forest written by `Forest.save`; raise ModelFileError with a one-line reason if it cannot be used."""
    try:
        with np.load(path, allow_pickle=False) as z:
            header = json.loads(bytes(z["header"]).decode())
            arrays = {k: z[k] for k in ("feature", "threshold", "left", "right", "value", "roots")}
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ModelFileError(f"{path}: not a readable line model ({type(e).__name__})") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise ModelFileError(f"{path}: not a line model of version {VERSION}")
    forest = Forest(
        arrays["feature"].astype(np.int32),
        arrays["threshold"].astype(np.float32),
        arrays["left"].astype(np.int32),
        arrays["right"].astype(np.int32),
        arrays["value"].astype(np.float32),
        arrays["roots"].astype(np.int32),
        int(header["depth"]),
        float(header["baseline"]),
        header,
    )
    _check(forest, path)
    return forest


def _check(forest: Forest, path: str | Path) -> None:
    """The arrays agree with each other: children and roots inside the forest, features inside the header's."""
    nodes = forest.feature.size
    sizes = {a.size for a in (forest.threshold, forest.left, forest.right, forest.value)}
    width = len(forest.features)
    if (
        sizes != {nodes}
        or nodes == 0
        or min(forest.left.min(), forest.right.min(), forest.roots.min()) < 0
        or max(forest.left.max(), forest.right.max(), forest.roots.max()) >= nodes
        or forest.feature.min() < 0
        or forest.feature.max() >= width
        or not 0 < forest.depth <= 64
    ):
        raise ModelFileError(f"{path}: a damaged line model (arrays that do not fit together)")


@lru_cache(maxsize=4)
def shipped(path: str | None = None) -> Forest:
    """The model shipped with the package (or the one at `path`), loaded once per process."""
    if path is not None:
        return load(path)
    with resources.as_file(resources.files(__package__) / SHIPPED) as p:
        return load(p)
