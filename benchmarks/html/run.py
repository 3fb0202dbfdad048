"""HTML benchmark: trafilatura alone vs trafilatura + dedup on the article-extraction-benchmark (181 pages).

Both use the same extraction (`dedup.html.extract`, settings `dedup.html.EXTRACT_OPTIONS`); the only
difference is dedup's detectors run on the extracted text. Scored with the token measure of
../shared/tools/textscore.py (imported by path) against the human `articleBody`.

    python benchmarks/html/run.py [--data DIR] [--losses N] [--json OUT]

Rows: trafilatura's body as `extract()` gives it (reference); trafilatura's title + body, i.e. exactly
what `dedup.html.html_to_text` hands to dedup (the baseline dedup is compared with: every token dedup
removes is a token of this text); `trafilatura + dedup` (one page at a time, title given); and
`trafilatura + dedup + Index` (corpus mode: all 181 pages added to one `Index` first, then each cleaned
against it). The gold `articleBody` has no headline, so the title line costs every row but the
reference the same few precision points.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.util
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import dedup  # noqa: E402
from dedup.html import EXTRACT_OPTIONS, extract  # noqa: E402


def _shared() -> Path:
    for p in (ROOT.parent / "shared", ROOT / "shared", Path("/work/shared")):
        if (p / "tools" / "textscore.py").exists():
            return p
    raise SystemExit("cannot find ../shared (tools/textscore.py) next to the repository")


def _textscore(shared: Path):
    spec = importlib.util.spec_from_file_location("textscore", shared / "tools" / "textscore.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="article-extraction-benchmark folder")
    ap.add_argument("--losses", type=int, default=15, help="show the N pages that lost most gold text")
    ap.add_argument("--json", type=Path, default=None, help="also write per-page results here")
    args = ap.parse_args(argv)
    shared = _shared()
    ts = _textscore(shared)
    data = args.data or shared / "data" / "article-extraction-benchmark"
    gt = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))

    t0 = time.perf_counter()
    pages = []
    for pid in sorted(gt):
        html = gzip.open(data / "html" / f"{pid}.html.gz", "rt", encoding="utf-8").read()
        url = gt[pid].get("url")
        paras, title = extract(html, url)
        body = "\n\n".join(paras)
        text = "\n\n".join(([title] if title else []) + paras)
        pages.append(
            {
                "id": pid,
                "url": url,
                "title": title,
                "body": body,
                "text": text,
                "gold": gt[pid]["articleBody"],
            }
        )
    t_extract = time.perf_counter() - t0

    t0 = time.perf_counter()
    for p in pages:
        p["single"] = dedup.analyze(p["text"], title=p["title"], url=p["url"], doc_id=p["id"])
    t_single = time.perf_counter() - t0

    t0 = time.perf_counter()
    index = dedup.Index()
    for p in pages:
        index.add(dedup.fingerprint(p["text"], doc_id=p["id"], title=p["title"], url=p["url"]))
    for p in pages:
        p["corpus"] = dedup.analyze(p["text"], title=p["title"], url=p["url"], doc_id=p["id"], index=index)
    t_corpus = time.perf_counter() - t0

    systems = {
        "trafilatura extract() body (reference)": lambda p: p["body"],
        "trafilatura (title + body = dedup's input)": lambda p: p["text"],
        "trafilatura + dedup": lambda p: p["single"].clean,
        "trafilatura + dedup + Index": lambda p: p["corpus"].clean,
    }
    baseline = "trafilatura (title + body = dedup's input)"
    rows = {}
    for name, get in systems.items():
        macro = Counter()
        tp = n_pred = n_gold = removed = lost = junk_in = 0
        for p in pages:
            pred, gold, base = get(p), p["gold"], p["text"]
            s = ts.score(pred, gold)
            macro.update({k: s[k] for k in ("precision", "recall", "f1")})
            P, G, B = ts.tokens(pred), ts.tokens(gold), ts.tokens(base)
            tp += sum((P & G).values())
            n_pred += sum(P.values())
            n_gold += sum(G.values())
            removed += sum((B - P).values())
            lost += sum((B & G).values()) - sum((P & G).values())
            junk_in += sum((B - G).values())
        n = len(pages)
        mp, mr = tp / n_pred, tp / n_gold
        rows[name] = {
            "precision": macro["precision"] / n,
            "recall": macro["recall"] / n,
            "f1": macro["f1"] / n,
            "micro_precision": mp,
            "micro_recall": mr,
            "micro_f1": 2 * mp * mr / (mp + mr),
            "removed": removed,
            "lost": lost,
            "junk_removed": removed - lost,
            "junk_in": junk_in,
        }

    print(
        f"# {len(pages)} pages; {datetime.date.today()}; Python {platform.python_version()}; "
        f"{platform.machine()} {_cpu()} ({os.cpu_count()} CPUs); trafilatura {_version('trafilatura')}; "
        f"options {EXTRACT_OPTIONS}"
    )
    print(
        f"# time: extract {t_extract:.1f}s, dedup single-page {t_single:.2f}s, dedup + Index "
        f"{t_corpus:.2f}s\n"
    )
    print(
        "| system | precision | recall | F1 | micro P | micro R | micro F1 | tokens removed beyond "
        "trafilatura | of which in gold (content lost) | junk removed (of the junk in dedup's input) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        if name not in ("trafilatura + dedup", "trafilatura + dedup + Index"):
            extra = ("—", "—", f"— ({r['junk_in']} junk tokens)" if name == baseline else "—")
        else:
            extra = (
                str(r["removed"]),
                str(r["lost"]),
                f"{r['junk_removed']} / {r['junk_in']} "
                f"({100 * r['junk_removed'] / max(1, r['junk_in']):.1f}%)",
            )
        print(
            f"| {name} | {100 * r['precision']:.2f} | {100 * r['recall']:.2f} | {100 * r['f1']:.2f} | "
            f"{100 * r['micro_precision']:.2f} | {100 * r['micro_recall']:.2f} | {100 * r['micro_f1']:.2f} | "
            + " | ".join(extra)
            + " |"
        )

    base = rows[baseline]
    for name in ("trafilatura + dedup", "trafilatura + dedup + Index"):
        d = 100 * (base["recall"] - rows[name]["recall"])
        dm = 100 * (base["micro_recall"] - rows[name]["micro_recall"])
        ok = d <= 0.5 and rows[name]["junk_removed"] > 0
        print(
            f"\n{name}: recall {d:.2f} points below trafilatura (micro {dm:.2f}; limit 0.5), "
            f"junk tokens removed {rows[name]['junk_removed']} -> {'PASS' if ok else 'FAIL'}"
        )

    # where dedup removed gold text: per page, the tokens lost and the flags that lost them
    single_losses: list = []
    print("\n## content lost, by page (single-page mode; Index mode adds nothing when it equals it)\n")
    for mode in ("single", "corpus"):
        losses = []
        for p in pages:
            rep = p[mode]
            G, B, P = ts.tokens(p["gold"]), ts.tokens(p["text"]), ts.tokens(rep.clean)
            deficit = (B & G) - (P & G)
            n_lost = sum(deficit.values())
            if n_lost:
                losses.append((n_lost, p, rep, deficit))
        if mode == "corpus" and [(n, p["id"]) for n, p, _, _ in losses] == single_losses:
            print("(Index mode: same losses as single-page mode)")
            break
        single_losses = [(n, p["id"]) for n, p, _, _ in losses]
        losses.sort(key=lambda x: (-x[0], x[1]["id"]))
        print(f"### {mode}: {sum(x[0] for x in losses)} gold tokens lost on {len(losses)} pages\n")
        for n_lost, p, rep, deficit in losses[: args.losses]:
            print(f"- {p['id'][:12]} {p['url']}: {n_lost} gold tokens lost ({rep.counts()})")
            left = Counter(deficit)
            shown = 0
            for f in rep.flags:
                ft = ts.tokens(rep.text[f.start : f.end])
                hit = ft & left
                if sum(hit.values()) and shown < 3:
                    left -= hit
                    shown += 1
                    print(
                        f"  - {f.label} ({f.detector}, score {f.score:.2f}, {f.reason}): "
                        f"{' '.join(rep.text[f.start : f.end].split())[:160]!r}"
                    )
        print()

    if args.json:
        out = [
            {
                "id": p["id"],
                "url": p["url"],
                "title": p["title"],
                "single": p["single"].to_dict(),
                "corpus": p["corpus"].to_dict(),
            }
            for p in pages
        ]
        args.json.write_text(json.dumps({"rows": rows, "pages": out}, ensure_ascii=False, indent=1))
    return 0


def _version(mod: str) -> str:
    try:
        from importlib.metadata import version

        return version(mod)
    except Exception:  # pragma: no cover
        return "?"


def _cpu() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


if __name__ == "__main__":
    raise SystemExit(main())
