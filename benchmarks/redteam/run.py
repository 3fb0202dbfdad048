"""Red-team evaluation of dedup.clean on benchmarks/redteam/out/cases.jsonl.

python benchmarks/redteam/run.py            # summary table
python benchmarks/redteam/run.py -v         # + every failure with missed / wrongly removed paragraphs and
reasons
Writes benchmarks/redteam/out/results.json (per case, both title modes).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"
OUT = HERE / "out"
OUT.mkdir(exist_ok=True)
import difflib
import json
import sys
from collections import defaultdict

sys.path.insert(0, str(SHARED / "tools"))
from textscore import score, tokens

import dedup

VERBOSE = "-v" in sys.argv
CASES = [json.loads(l) for l in open(str(OUT / "cases.jsonl"))]


def paras(s):
    return [" ".join(p.split()) for p in s.split("\n\n") if p.strip()]


def diff(out, exp):
    """(missed_junk, lost_content): paragraph-level, with partial edits shown as pairs"""
    o, e = paras(out), paras(exp)
    sm = difflib.SequenceMatcher(a=e, b=o, autojunk=False)
    missed, lost = [], []
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == "equal":
            continue
        ea, ob = e[a1:a2], o[b1:b2]
        if tag == "replace" and len(ea) == len(ob):
            for x, y in zip(ea, ob):
                if len(y) > len(x):
                    missed.append(("partial", x, y))
                else:
                    lost.append(("partial", x, y))
            continue
        lost.extend(("para", x, None) for x in ea)
        missed.extend(("para", None, y) for y in ob)
    return missed, lost


def middiff(a, b, ctx=50):
    """the differing middle of two strings, with a little context"""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    s = max(0, i - ctx)
    return ("…" if s else "") + a[s : len(a) - j] + ("…" if j else ""), ("…" if s else "") + b[
        s : len(b) - j
    ] + ("…" if j else "")


def reasons_for(text, fragment, flags):
    out = []
    frag = fragment[:60]
    pos = [i for i in range(len(text)) if text.startswith(frag, i)] if frag else []
    for f in flags:
        for p in pos:
            if f["start"] < p + len(fragment) and f["end"] > p:
                out.append("%s: %s" % (f["label"], f.get("reason")))
                break
    return sorted(set(out))


def main():
    results = []
    for c in CASES:
        row = {"id": c["id"], "category": c["category"], "trap": c["trap"], "lang": c["lang"]}
        for mode, title in (("title", c["title"]), ("none", None)):
            try:
                out = dedup.clean(c["text"], title=title)
            except Exception as ex:  # a crash is a failure, not a stop
                out = c["text"]
                row[mode + "_error"] = repr(ex)
            sc = score(out, c["expected"], c["text"])
            junk_tokens = sum((tokens(c["text"]) - tokens(c["expected"])).values())
            row[mode] = {
                "exact": sc["exact"],
                "precision": round(sc["precision"], 4),
                "recall": round(sc["recall"], 4),
                "lost": round(sc["lost"], 4),
                "junk_removed": round(sc["junk_removed"], 4) if junk_tokens else None,
            }
            if not sc["exact"]:
                missed, lost = diff(out, c["expected"])
                flags = dedup.analyze(c["text"], title=title).to_dict()["flags"]
                row[mode]["missed_paras"] = [{"kind": k, "expected": x, "got": y} for k, x, y in missed]
                row[mode]["lost_paras"] = [
                    {"kind": k, "expected": x, "got": y, "reasons": reasons_for(c["text"], x, flags)}
                    for k, x, y in lost
                ]
        results.append(row)
    json.dump(results, open(str(OUT / "results.json"), "w"), ensure_ascii=False, indent=1)

    by = defaultdict(list)
    for r in results:
        by[r["category"]].append(r)
    hdr = (
        "| category | n | exact (title) | exact (title=None) | junk removed | content lost "
        "| cases losing content |"
    )
    print(hdr)
    print("|" + "---|" * 7)
    tot = defaultdict(float)
    order = sorted(by, key=lambda k: (k.startswith("trap"), k))
    for cat in order:
        rs = by[cat]
        n = len(rs)
        ex_t = sum(r["title"]["exact"] for r in rs)
        ex_n = sum(r["none"]["exact"] for r in rs)
        jr = [r["title"]["junk_removed"] for r in rs if r["title"]["junk_removed"] is not None]
        lost = sum(r["title"]["lost"] for r in rs) / n
        nlost = sum(r["title"]["lost"] > 0 for r in rs)
        print(
            "| %s | %d | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %s | %.2f%% | %d |"
            % (
                cat,
                n,
                ex_t,
                n,
                100 * ex_t / n,
                ex_n,
                n,
                100 * ex_n / n,
                ("%.1f%%" % (100 * sum(jr) / len(jr))) if jr else "n/a (trap)",
                100 * lost,
                nlost,
            )
        )
        tot["n"] += n
        tot["ex_t"] += ex_t
        tot["ex_n"] += ex_n
        tot["lost"] += lost * n
        tot["nlost"] += nlost
        tot["jr"] += sum(jr)
        tot["jrn"] += len(jr)
    n = tot["n"]
    print(
        "| **all** | %d | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %.1f%% | %.2f%% | %d |"
        % (
            n,
            tot["ex_t"],
            n,
            100 * tot["ex_t"] / n,
            tot["ex_n"],
            n,
            100 * tot["ex_n"] / n,
            100 * tot["jr"] / tot["jrn"],
            100 * tot["lost"] / n,
            tot["nlost"],
        )
    )

    if VERBOSE:
        for r in results:
            for mode in ("title", "none"):
                m = r[mode]
                if m["exact"]:
                    continue
                if (
                    mode == "none"
                    and not r["title"]["exact"]
                    and m.get("missed_paras") == r["title"].get("missed_paras")
                    and [x["expected"] for x in m.get("lost_paras", [])]
                    == [x["expected"] for x in r["title"].get("lost_paras", [])]
                ):
                    continue  # same failure as with the title
                print(
                    "\n### %s  [%s] mode=%s  P=%.3f R=%.3f junk_removed=%s"
                    % (r["id"], r["category"], mode, m["precision"], m["recall"], m["junk_removed"])
                )
                for x in m.get("missed_paras", []):
                    if x["kind"] == "para":
                        print("  MISSED  :", x["got"][:400])
                    else:
                        g, e = middiff(x["got"], x["expected"])
                        print("  MISSED  : inline, got %r\n            expected %r" % (g[:300], e[:300]))
                lp = m.get("lost_paras", [])
                if len(lp) > 8:
                    print("  (%d paragraphs removed; first 8 shown)" % len(lp))
                for x in lp[:8]:
                    if x["kind"] == "para":
                        print("  REMOVED :", x["expected"][:400])
                    else:
                        e, g = middiff(x["expected"], x["got"] or "")
                        print("  REMOVED : inline, expected %r\n            got %r" % (e[:300], g[:300]))
                    for rs in x["reasons"]:
                        print("            reason ->", rs)


if __name__ == "__main__":
    main()
