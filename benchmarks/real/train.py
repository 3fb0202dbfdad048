"""Train the learned line model shipped as dedup/learn/lines.npz, from ../shared data only.

    pip install -e ".[train]"
    python -m benchmarks.real.train            # renders and labels what is missing, then trains (~15 min)

Data: WCXB (Web Content eXtraction Benchmark, Murrough Foley, CC-BY-4.0,
https://github.com/Murrough-Foley/web-content-extraction-benchmark): pages of `split == "dev"` train, the
`split == "test"` pages of domains that are not in dev choose the threshold. Each page is rendered as
scrapers hand it over (r1, r2, r3: see render.py) and its lines are labelled by aligning them to the gold
text (dedup/learn/align.py). article-extraction-benchmark pages are never read here.

Two stages of scikit-learn gradient-boosted trees: the first on the line features (dedup/learn/features.py),
the second on the same features and the first stage's probabilities in context (dedup/learn/context.py),
trained on out-of-fold first-stage probabilities (folds by domain). The model is exported as plain arrays
(dedup/learn/model.py); scikit-learn is needed to train only. Seeded: the same data gives the same model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

if __package__:
    from . import labels, render
else:  # run as a script: python benchmarks/real/train.py
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import labels  # type: ignore[no-redef]
    import render  # type: ignore[no-redef]

from dedup.config import Config
from dedup.detectors import Context
from dedup.learn.context import CONTEXT_FEATURES, context_features
from dedup.learn.features import FEATURES, StopWords, page_features
from dedup.learn.model import Forest, LineModel
from dedup.pipeline import page_flags
from dedup.text.segment import segment
from dedup.text.tokens import line_words

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "dedup" / "learn" / "lines.npz"
RENDERINGS = ("r1", "r2", "r3")
#: gold tokens the model may lose on the tuning pages, at most (the threshold is the lowest that keeps to it)
MAX_LOST = 0.005
SEED = 0
FOLDS = 4
PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "random_state": SEED,
}
#: the rules whose flags the model sees: those that run before it in the pipeline
RULES = Config(detectors=("related", "boilerplate"))


def stop_words() -> dict[str, list[str]]:
    """Stop words by language from stopwords-iso (MIT), as dedup tokenises them: single words, no digits."""
    import stopwordsiso

    out = {}
    for lang in sorted(stopwordsiso.langs()):
        words = {w[0] for x in stopwordsiso.stopwords(lang) if len(w := line_words(x)) == 1}
        out[lang] = sorted(w for w in words if not any(c.isdigit() for c in w))
    return out


def _page_rows(args: tuple[str, list, list, list, dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Features, labels (-1 none) and token weights of one labelled page (None if its lines do not match)."""
    text, line_texts, line_labels, tokens, stops = args
    page = segment(text)
    if [ln.text for ln in page.lines] != line_texts:
        return None
    flags = [f for _, found in page_flags(Context.build(page, RULES)) for f in found]
    x = page_features(page, flags, _STOPS.setdefault(id(stops), StopWords(stops)))
    y = np.asarray([-1 if v is None else v for v in line_labels], np.int8)
    return x, y, np.asarray(tokens, np.float32)


_STOPS: dict[int, StopWords] = {}


def dataset(rendering: str, stops: dict[str, list[str]]) -> dict[str, Any]:
    """The labelled lines of every WCXB page of one rendering, with page metadata."""
    texts = render.render_all("wcxb", rendering)
    path = labels.LABELS / f"wcxb_{rendering}.jsonl.gz"
    if not path.exists():
        labels.build(rendering)
    recs = [r for r in labels.read_jsonl(path) if texts.get(r["id"], {}).get("text")]
    for r in recs:
        # the first line that is the page's title is its headline, which dedup keeps (the first occurrence of
        # anything stays; Report.title_span says where it is): content, whatever the gold (which holds it on
        # a fifth of the pages only); its later copies keep their labels
        first = next((k for k, t in enumerate(r["is_title"]) if t), None)
        if first is not None:
            r["labels"][first] = 1
    jobs = [(texts[r["id"]]["text"], r["lines"], r["labels"], r["tokens"], stops) for r in recs]
    with get_context("fork").Pool(2) as pool:
        rows = pool.map(_page_rows, jobs, chunksize=16)
    keep = [(r, row) for r, row in zip(recs, rows) if row is not None]
    meta = [{k: r[k] for k in ("id", "domain", "split", "page_type")} for r, _ in keep]
    pid = np.concatenate([np.full(len(row[1]), k, np.int32) for k, (_, row) in enumerate(keep)])
    return {
        "X": np.concatenate([row[0] for _, row in keep]),
        "y": np.concatenate([row[1] for _, row in keep]),
        "w": np.concatenate([row[2] for _, row in keep]),
        "pid": pid,
        "meta": meta,
    }


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(**PARAMS)
    return clf.fit(x, (y == 0).astype(np.int8), sample_weight=np.sqrt(w))


def to_forest(clf: Any) -> Forest:
    """A fitted HistGradientBoostingClassifier as flat arrays (`dedup.learn.model.Forest`)."""
    feats, thrs, lefts, rights, vals, roots = [], [], [], [], [], []
    off = depth = 0
    for (tree,) in clf._predictors:
        nodes = tree.nodes
        leaf = nodes["is_leaf"].astype(bool)
        own = np.arange(len(nodes))
        feats.append(np.where(leaf, 0, nodes["feature_idx"]).astype(np.int32))
        thrs.append(np.where(leaf, np.inf, nodes["num_threshold"]).astype(np.float32))
        lefts.append((np.where(leaf, own, nodes["left"]) + off).astype(np.int32))
        rights.append((np.where(leaf, own, nodes["right"]) + off).astype(np.int32))
        vals.append(np.where(leaf, nodes["value"], 0.0).astype(np.float32))
        roots.append(off)
        depth = max(depth, int(nodes["depth"].max()))
        off += len(nodes)
    baseline = float(np.ravel(clf._baseline_prediction)[0])
    cat = np.concatenate
    return Forest(
        cat(feats),
        cat(thrs),
        cat(lefts),
        cat(rights),
        cat(vals),
        np.asarray(roots, np.int32),
        depth,
        baseline,
    )


def _pages(pid: np.ndarray) -> Iterator[tuple[int, int]]:
    """The [a, b) row ranges of the pages of a dataset (rows of a page are contiguous)."""
    bounds = np.flatnonzero(np.diff(pid)) + 1
    yield from zip(np.r_[0, bounds].tolist(), np.r_[bounds, pid.size].tolist())


def with_context(x: np.ndarray, p: np.ndarray, pid: np.ndarray) -> np.ndarray:
    """The second stage's input: the features and, per page, the context of the first stage's `p`."""
    words = np.expm1(x[:, FEATURES.index("log_words")])
    ctx = np.concatenate([context_features(p[a:b], words[a:b]) for a, b in _pages(pid)])
    return np.concatenate([x, ctx], axis=1)


def _split(ds: dict[str, Any], dev_domains: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row masks: training pages (dev), tuning pages (test, of domains not in dev, articles)."""
    train = np.array([m["split"] == "dev" for m in ds["meta"]])
    tune = np.array(
        [
            m["split"] == "test" and m["domain"] not in dev_domains and m["page_type"] == "article"
            for m in ds["meta"]
        ]
    )
    return train[ds["pid"]], tune[ds["pid"]]


def train(sets: dict[str, dict[str, Any]]) -> tuple[list[Forest], dict[str, Any]]:
    """The two stages, trained on the dev rows of all renderings together."""
    from sklearn.model_selection import GroupKFold

    dev_domains = {str(m["domain"]) for ds in sets.values() for m in ds["meta"] if m["split"] == "dev"}
    parts = []
    for k, ds in enumerate(sets.values()):
        tr, _ = _split(ds, dev_domains)
        domains = np.array([str(m["domain"]) for m in ds["meta"]])[ds["pid"]]
        parts.append((ds["X"][tr], ds["y"][tr], ds["w"][tr], ds["pid"][tr] + k * 1_000_000, domains[tr]))
    x, y, w, pid, dom = (np.concatenate([p[i] for p in parts]) for i in range(5))
    use = y >= 0
    oof = np.zeros(y.size)
    for a, b in GroupKFold(FOLDS).split(x, groups=dom):
        fold = _fit(x[a][use[a]], y[a][use[a]], w[a][use[a]])
        oof[b] = fold.predict_proba(x[b])[:, 1]
    first = _fit(x[use], y[use], w[use])
    x2 = with_context(x, oof, pid)
    second = _fit(x2[use], y[use], w[use])
    return [to_forest(first), to_forest(second)], {"dev_domains": sorted(dev_domains)}


def predict(stages: list[Forest], x: np.ndarray, pid: np.ndarray) -> np.ndarray:
    """The model's probability for rows of pages (as `dedup.learn.lines.junk_probability` computes it)."""
    p = stages[0].predict(x)
    for stage in stages[1:]:
        p = stage.predict(with_context(x, p, pid))
    return p


def choose_threshold(
    stages: list[Forest], sets: dict[str, dict[str, Any]], dev: set[str]
) -> tuple[float, dict]:
    """The lowest threshold at which the model loses at most MAX_LOST of the tuning pages' gold tokens (all
    renderings pooled), and what it removes there, per rendering."""
    ps, ys, ws, rs = [], [], [], []
    for r, ds in sets.items():
        _, tune = _split(ds, dev)
        p = predict(stages, ds["X"][tune], ds["pid"][tune])
        ps.append(p), ys.append(ds["y"][tune]), ws.append(ds["w"][tune]), rs.append(np.full(p.size, r))
    p, y, w, rend = (np.concatenate(v) for v in (ps, ys, ws, rs))
    gold = float((w * (y == 1)).sum())
    best = 1.0
    for t in np.round(np.arange(0.99, 0.49, -0.01), 2).tolist():
        if float((w * (p >= t) * (y == 1)).sum()) / gold > MAX_LOST:
            break
        best = t
    scores = {}
    for r in sets:
        m = rend == r
        junk, gold_r = float((w * m * (y == 0)).sum()), float((w * m * (y == 1)).sum())
        removed = (p >= best) & m
        scores[r] = {
            "junk_removed": round(float((w * removed * (y == 0)).sum()) / junk, 4),
            "gold_lost": round(float((w * removed * (y == 1)).sum()) / gold_r, 5),
        }
    return best, scores


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", default=str(OUT), help=f"where the model goes (default {OUT})")
    args = ap.parse_args(argv)
    import sklearn

    t0 = time.time()
    stops = stop_words()
    sets = {r: dataset(r, stops) for r in RENDERINGS}
    print(
        f"datasets: {sum(d['y'].size for d in sets.values()):,} lines ({time.time() - t0:.0f} s)", flush=True
    )
    stages, info = train(sets)
    dev = set(info["dev_domains"])
    threshold, scores = choose_threshold(stages, sets, dev)
    print(f"trained ({time.time() - t0:.0f} s); threshold {threshold}: {json.dumps(scores)}", flush=True)
    header = {
        "features": [list(FEATURES), list(FEATURES) + list(CONTEXT_FEATURES)],
        "threshold": threshold,
        "stopwords": stops,
        "trained": {
            "command": "python -m benchmarks.real.train",
            "commit": _commit(),
            "renderings": list(RENDERINGS),
            "params": PARAMS,
            "folds": FOLDS,
            "scikit_learn": sklearn.__version__,
            "tuning_scores": scores,
            "max_lost": MAX_LOST,
        },
        "credits": {
            "data": "WCXB, the Web Content eXtraction Benchmark, by Murrough Foley "
            "(https://github.com/Murrough-Foley/web-content-extraction-benchmark), CC-BY-4.0; this model "
            "is derived from its pages and gold texts (changes: rendered to text, lines labelled by "
            "alignment)",
            "stopwords": "stopwords-iso (https://github.com/stopwords-iso/stopwords-iso), MIT",
        },
    }
    LineModel(tuple(stages), header).save(args.out)
    print(f"wrote {args.out} ({Path(args.out).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
