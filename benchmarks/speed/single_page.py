"""Single-page `dedup.clean(text)` time on the real articles, with every stage and without the learned one.

    python3 benchmarks/speed/single_page.py            # 5 alternating rounds over the 263 real articles
    python3 benchmarks/speed/single_page.py --rounds 3

Each article of `../shared/data/articles.jsonl` is fed as title + blank line + body (as
tests/test_clean_text.py does), cleaned once to warm the caches, then timed call by call. The two settings
alternate round by round in one process, so a machine whose speed drifts slows both alike; the medians of
all calls are printed, and their ratio (what the learned stage costs a page).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import dedup
from dedup.config import Config
from dedup.detectors import REGISTRY

ARTICLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "articles.jsonl"


def pages() -> list[str]:
    """The real articles as pages: title, a blank line, the body."""
    out = []
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        title, body = a.get("title") or "", a.get("body") or a.get("text") or ""
        out.append(f"{title}\n\n{body}" if title else body)
    return out


def timed(texts: list[str], config: Config) -> list[float]:
    """Seconds per `clean()` call, one per text."""
    out = []
    for t in texts:
        start = time.perf_counter()
        dedup.clean(t, config=config)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds of each setting (default 5)")
    args = ap.parse_args()
    texts = pages()
    settings = {
        "all stages": Config(),
        "without the learned stage": Config(detectors=tuple(s.name for s in REGISTRY if s.name != "learned")),
    }
    for cfg in settings.values():
        timed(texts, cfg)  # (warm: cue patterns, the model file, caches)
    times: dict[str, list[float]] = {name: [] for name in settings}
    for _ in range(args.rounds):
        for name, cfg in settings.items():
            times[name] += timed(texts, cfg)
    load = os.getloadavg()
    print(f"{len(texts)} real articles x {args.rounds} rounds; load average {load[0]:.2f} / {load[1]:.2f}")
    medians = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    for name, ms in medians.items():
        p95 = statistics.quantiles(times[name], n=20)[-1] * 1000
        print(f"  {name:28s} median {ms:6.2f} ms/page, p95 {p95:6.2f} ms")
    print(f"  the learned stage costs {medians['all stages'] / medians['without the learned stage']:.2f}x")


if __name__ == "__main__":
    main()
