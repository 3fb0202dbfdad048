"""The learned line model: stages of gradient-boosted trees kept as plain arrays, evaluated with NumPy.

The file is a NumPy `.npz` of plain arrays (no pickle) with a JSON header: its format and version, the
feature names each stage expects (in order), the decision threshold chosen at training, the stop-word lists
of the features, and where it came from (data, seed, scores, credits). Trees are stored flat: node `i` of a
forest tests feature `feature[i]` against `threshold[i]` and goes to `left[i]` (value <= threshold) or
`right[i]`; a leaf is its own left and right child, so every tree is walked the same `depth` steps at once.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError
from .features import StopWords

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

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The raw scores (log-odds) of the rows of `x` (rows, features)."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, np.float64)
        flat = np.ascontiguousarray(x, dtype=np.float32).ravel()
        row = (np.arange(n, dtype=np.int64) * x.shape[1])[:, None]
        children = self._children
        node = np.broadcast_to(self.roots, (n, self.roots.size)).copy()
        for _ in range(self.depth):
            go_right = flat[row + self.feature[node]] > self.threshold[node]
            nxt = children[2 * node + go_right]
            if np.array_equal(
                nxt, node
            ):  # (every row is on a leaf: most trees are shallower than the deepest)
                break
            node = nxt
        return self.baseline + self.value[node].sum(axis=1, dtype=np.float64)

    @cached_property
    def _children(self) -> np.ndarray:
        """Left and right child of every node, interleaved: node i's at 2i and 2i + 1 (one gather a step)."""
        return np.stack([self.left, self.right], axis=1).ravel()

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row of `x` is junk."""
        return 1.0 / (1.0 + np.exp(-self.raw(x)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The forest's arrays, named with `prefix` (a model file holds several stages)."""
        scalars = np.asarray([self.depth, self.baseline], np.float64)
        names = ("feature", "threshold", "left", "right", "value", "roots")
        return {f"{prefix}{k}": getattr(self, k) for k in names} | {f"{prefix}scalars": scalars}

    @classmethod
    def from_arrays(cls, z: Any, prefix: str, header: dict[str, Any]) -> Forest:
        """The forest whose arrays `z` holds under `prefix`."""
        depth, baseline = z[f"{prefix}scalars"].tolist()
        return cls(
            z[f"{prefix}feature"].astype(np.int32),
            z[f"{prefix}threshold"].astype(np.float32),
            z[f"{prefix}left"].astype(np.int32),
            z[f"{prefix}right"].astype(np.int32),
            z[f"{prefix}value"].astype(np.float32),
            z[f"{prefix}roots"].astype(np.int32),
            int(depth),
            float(baseline),
            header,
        )


@dataclass(frozen=True)
class LineModel:
    """The stages of the line model (the second reads the first's probabilities in context) and its header:
    `features` (each stage's column names), `threshold`, `stopwords` (by language), provenance."""

    stages: tuple[Forest, ...]
    header: dict[str, Any]

    @property
    def cutoff(self) -> float:
        """The probability from which a line is junk (chosen at training)."""
        return float(self.header["threshold"])

    @property
    def features(self) -> list[list[str]]:
        """The feature names of each stage, in column order."""
        return list(self.header["features"])

    @cached_property
    def stop_words(self) -> StopWords:
        """The stop-word lists the features count with (shipped in the header)."""
        return StopWords(self.header.get("stopwords", {}))

    def save(self, path: str | Path) -> None:
        """Write the model to `path` (plain arrays and a JSON header)."""
        header = dict(self.header, format=FORMAT, version=VERSION, stages=len(self.stages))
        arrays: dict[str, np.ndarray] = {}
        for k, forest in enumerate(self.stages):
            arrays |= forest.arrays(f"s{k}_")
        with open(path, "wb") as f:
            arrays["header"] = np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8)
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def load(path: str | Path) -> LineModel:
    """Read a model written by `LineModel.save`; raise ModelFileError with a one-line reason if it cannot be
    used."""
    try:
        with np.load(path, allow_pickle=False) as z:
            header = json.loads(bytes(z["header"]).decode())
            if header.get("format") != FORMAT or header.get("version") != VERSION:
                raise ModelFileError(f"{path}: not a line model of version {VERSION}")
            stages = tuple(
                Forest.from_arrays(z, f"s{k}_", {"features": header["features"][k]})
                for k in range(int(header["stages"]))
            )
    except ModelFileError:
        raise
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except (
        OSError,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        zipfile.BadZipFile,
        json.JSONDecodeError,
    ) as e:
        raise ModelFileError(f"{path}: not a readable line model ({type(e).__name__})") from None
    for forest in stages:
        _check(forest, path)
    return LineModel(stages, header)


def _check(forest: Forest, path: str | Path) -> None:
    """The arrays agree with each other: children and roots inside the forest, features in the header's."""
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
def shipped(path: str | None = None) -> LineModel:
    """The model shipped with the package (or the one at `path`), loaded once per process."""
    if path is not None:
        return load(path)
    with resources.as_file(resources.files(__package__) / SHIPPED) as p:
        return load(p)
