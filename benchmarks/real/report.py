"""Tables (Markdown), the chart and the README update of the real-page benchmark's results."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

RENDERINGS = ("r1", "r2", "r3", "naive")
RENDER_LABELS = {
    "r1": "r1 resiliparse whole page",
    "r2": "r2 resiliparse main content",
    "r3": "r3 trafilatura favor_recall",
    "naive": "naive BeautifulSoup get_text",
}
PEER_LABELS = {
    "trafilatura": "trafilatura extract(), default settings",
    "trafilatura-opts": "trafilatura extract(EXTRACT_OPTIONS)",
    "justext": "jusText (page language)",
    "readability": "readability-lxml",
    "resiliparse": "resiliparse main_content=True (= r2)",
    "html-input": "trafilatura EXTRACT_OPTIONS, title + body (dedup.html's input)",
    "dedup-html": "dedup.html.clean_html",
}
# token-scored groups in the order tables show them (the quick run has only whole sets)
TOKEN_GROUPS = ("wcxb-dev", "wcxb-test", "wcxb-test-new-domains", "aeb", "wcxb")
SNIPPETS = "trafilatura-eval"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
ARROW = " → "

Groups = dict[str, dict[str, dict]]


def pct(x: float | None, digits: int = 1) -> str:
    """A share as a percentage, or "–"."""
    return "–" if x is None else f"{100 * x:.{digits}f}"


def cols(names: str) -> list[str]:
    """Column names written as one "a | b | c" string (tables have many)."""
    return names.split(" | ")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def renderings(groups: Groups) -> list[str]:
    """The renderings present in the results."""
    systems = {s for g in groups.values() for s in g}
    return [r for r in RENDERINGS if r in systems]


def token_groups(groups: Groups) -> list[str]:
    """The token-scored groups present: WCXB split into dev/test when it is (a full run), else whole."""
    present = [g for g in TOKEN_GROUPS if g in groups]
    return [g for g in present if g != "wcxb"] if "wcxb-dev" in present else present


def _ba(before: dict, after: dict, key: str, digits: int = 1) -> str:
    """ "before → after" of one score, as percentages."""
    return pct(before.get(key), digits) + ARROW + pct(after.get(key), digits)


def _ms(row: dict) -> str:
    """Median / p95 milliseconds."""
    return f"{row['ms_median']:.0f} / {row['ms_p95']:.0f}"


def header_md(meta: dict) -> str:
    """The line saying what ran where."""
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    load = " / ".join(str(x) for x in meta.get("load_average_1_5_15_min", []))
    return (
        f"Command: `{meta['command']}`  \n"
        f"Commit `{meta['commit']}`, run {meta['date']} on {meta['machine']}, Python {meta['python']}, "
        f"{meta['seconds'] / 60:.1f} min (load average at the end {load}).  \nVersions: {versions}.\n"
    )


def dedup_tokens_table(groups: Groups) -> str:
    """dedup.clean on each rendering: junk removed, gold lost, P/R/F1 before → after (pooled tokens)."""
    rows = []
    for g in token_groups(groups):
        for r in renderings(groups):
            b, a = groups[g][r], groups[g][f"{r}+dedup"]
            scores = [_ba(b, a, k) for k in ("precision", "recall", "f1", "mean_page_f1")]
            rows.append(
                [g, r, str(a["pages"]), pct(a["junk_removed"]), pct(a["gold_lost"], 2), *scores]
                + [_ba(b, a, "exact", 0), _ms(a)]
            )
    header = cols(
        "set | rendering | pages | junk removed % | gold lost % | precision % | recall % | F1 % | "
        "mean page F1 % | exact % | dedup ms median / p95"
    )
    return table(header, rows)


def dedup_snippets_table(groups: Groups) -> str:
    """dedup.clean on each rendering of trafilatura-eval, scored by snippets."""
    rows = []
    for r in renderings(groups):
        b, a = groups[SNIPPETS][r], groups[SNIPPETS][f"{r}+dedup"]
        shares = [_ba(b, a, "without_removed"), _ba(b, a, "with_kept")]
        by_dedup = [pct(a["without_removed_by_cleaning"]), pct(a["with_lost_by_cleaning"], 2)]
        rows.append([r, str(a["pages"]), *shares, *by_dedup, _ba(b, a, "snippet_f1"), _ms(a)])
    header = cols(
        "rendering | pages | `without` absent % | `with` kept % | `without` removed by dedup % | "
        "`with` lost by dedup % | snippet F1 % | dedup ms median / p95"
    )
    return table(header, rows)


def systems(groups: Groups) -> list[str]:
    """Every system present, in table order: renderings before and after dedup, peers, the HTML path."""
    present = {s for g in groups.values() for s in g}
    order = [x for r in renderings(groups) for x in (r, f"{r}+dedup")] + list(PEER_LABELS)
    return [s for s in order if s in present]


def label(system: str) -> str:
    """A system's name in tables."""
    if system.endswith("+dedup"):
        return f"{system[: -len('+dedup')]} + dedup.clean"
    return RENDER_LABELS.get(system) or PEER_LABELS.get(system, system)


def _all_pages(groups: Groups, system: str) -> dict:
    """A system's timing over every page it ran on (the sets' rows, weighted by pages)."""
    rows = [groups[s][system] for s in ("wcxb", SNIPPETS, "aeb") if s in groups and system in groups[s]]
    n = sum(r["pages"] for r in rows) or 1
    return {k: sum(r[k] * r["pages"] for r in rows) / n for k in ("ms_median", "ms_p95")}


def systems_table(groups: Groups) -> str:
    """F1 of every system on every set: pooled token F1, and snippet F1 on trafilatura-eval."""
    tg = token_groups(groups)
    rows = []
    for s in systems(groups):
        cells = [pct(groups[g].get(s, {}).get("f1")) for g in tg]
        cells.append(pct(groups["aeb"].get(s, {}).get("mean_page_f1")) if "aeb" in groups else "–")
        snip = groups.get(SNIPPETS, {}).get(s, {})
        cells += [pct(snip.get("snippet_f1")), pct(snip.get("with_kept")), pct(snip.get("without_removed"))]
        rows.append([label(s), *cells, _ms(_all_pages(groups, s))])
    header = [
        "system",
        *(f"{g} F1 %" for g in tg),
        "aeb mean page F1 %",
        f"{SNIPPETS} snippet F1 %",
        "`with` kept %",
        "`without` absent %",
        "ms/page median / p95 (weighted over sets)",
    ]
    return table(header, rows)


def html_path_table(groups: Groups) -> str:
    """dedup's HTML path against trafilatura alone with the same settings."""
    rows = []
    for g in token_groups(groups):
        if "dedup-html" not in groups[g]:
            continue
        body, base, out = (groups[g][s] for s in ("trafilatura-opts", "html-input", "dedup-html"))
        prf = " / ".join(pct(body[k]) for k in ("precision", "recall", "f1"))
        rows.append(
            [g, str(out["pages"]), prf, *(_ba(base, out, k) for k in ("precision", "recall", "f1"))]
            + [pct(out["junk_removed"]), pct(out["gold_lost"], 2), _ms(out)]
        )
    if not rows:
        return ""
    header = cols(
        "set | pages | trafilatura(EXTRACT_OPTIONS) body P / R / F1 % | "
        "precision % title + body → clean_html | recall % | F1 % | junk removed % | gold lost % | "
        "clean_html ms median / p95"
    )
    out_md = table(header, rows)
    snip = groups.get(SNIPPETS, {})
    if "dedup-html" in snip:
        base, out = snip["html-input"], snip["dedup-html"]
        out_md += (
            f"\n{SNIPPETS} (snippets): `without` absent {_ba(base, out, 'without_removed')} %, `with` kept "
            f"{_ba(base, out, 'with_kept')} %, snippet F1 {_ba(base, out, 'snippet_f1')} %.\n"
        )
    return out_md


def detail_table(groups: Groups, g: str) -> str:
    """Every system on one token-scored group: P, R, F1, mean page F1, exact, time."""
    rows = []
    for s in systems(groups):
        x = groups[g].get(s)
        if x:
            shares = [pct(x.get(k)) for k in ("precision", "recall", "f1", "mean_page_f1", "exact")]
            rows.append(
                [label(s), str(x["pages"]), *shares, pct(x.get("junk_removed"))]
                + [pct(x.get("gold_lost"), 2), _ms(x), str(x["errors"])]
            )
    header = cols(
        "system | pages | precision % | recall % | F1 % | mean page F1 % | exact % | "
        "junk removed % (of its input) | gold lost % | ms median / p95 | errors"
    )
    return table(header, rows)


def snippet_detail_table(groups: Groups) -> str:
    """Every system on trafilatura-eval, by snippets."""
    rows = []
    for s in systems(groups):
        x = groups[SNIPPETS].get(s)
        if x:
            keys = ("with_kept", "without_removed", "snippet_precision", "snippet_recall", "snippet_f1")
            rows.append([label(s), str(x["pages"]), *(pct(x[k]) for k in keys), _ms(x), str(x["errors"])])
    header = cols(
        "system | pages | `with` kept % | `without` absent % | snippet precision % | snippet recall % | "
        "snippet F1 % | ms median / p95 | errors"
    )
    return table(header, rows)


def _subgroups(groups: Groups, prefix: str) -> list[str]:
    """Groups named "<prefix>..." (page types, languages), most pages first."""
    names = [g for g in groups if g.startswith(prefix)]
    return sorted(names, key=lambda g: (-next(iter(groups[g].values()))["pages"], g))


def by_subgroup_table(groups: Groups, prefix: str, cell: Callable[[dict, dict], str]) -> str:
    """One row per subgroup, one column per rendering (cell(before, after)), then the peers' F1."""
    rs, peer_names = renderings(groups), [s for s in PEER_LABELS if s in systems(groups)]
    tokens = not prefix.startswith(SNIPPETS)
    key = "f1" if tokens else "snippet_f1"
    rows = []
    for g in _subgroups(groups, prefix):
        x = groups[g]
        cells = [cell(x[r], x[f"{r}+dedup"]) for r in rs] + [pct(x[s].get(key)) for s in peer_names]
        rows.append([g.split(":", 1)[1], str(next(iter(x.values()))["pages"]), *cells])
    what = (
        "junk removed / gold lost / F1 before → after %"
        if tokens
        else ("`without` removed by dedup / `with` lost by dedup / snippet F1 before → after %")
    )
    header = [
        prefix.split()[-1].rstrip(":"),
        "pages",
        *(f"{r}: {what}" for r in rs),
        *(f"{s} {'F1' if tokens else 'snippet F1'} %" for s in peer_names),
    ]
    return table(header, rows)


def _token_cell(b: dict, a: dict) -> str:
    return f"{pct(a['junk_removed'])} / {pct(a['gold_lost'], 2)} / {_ba(b, a, 'f1')}"


def _snippet_cell(b: dict, a: dict) -> str:
    return (
        f"{pct(a['without_removed_by_cleaning'])} / {pct(a['with_lost_by_cleaning'], 2)} / "
        f"{_ba(b, a, 'snippet_f1')}"
    )


def summary_md(res: dict) -> str:
    """The headline tables: what the README shows and a run prints."""
    groups = res["groups"]
    parts = [header_md(res["meta"])]
    if token_groups(groups):
        parts += [
            "**dedup.clean on each rendering** (pooled tokens; before → after cleaning):\n",
            dedup_tokens_table(groups),
        ]
    if SNIPPETS in groups:
        parts += [
            f"**dedup.clean on {SNIPPETS}** (snippets; before → after cleaning):\n",
            dedup_snippets_table(groups),
        ]
    if any(s in PEER_LABELS for s in systems(groups)):
        parts += [
            "**Every system, F1** (token F1 pooled; trafilatura-eval by snippets):\n",
            systems_table(groups),
            "**dedup's HTML path vs trafilatura alone with the same settings** (before → after = "
            "trafilatura's title + body → clean_html):\n",
            html_path_table(groups),
        ]
    if res.get("errors"):
        parts.append(f"Pages where dedup raised: {len(res['errors'])} (listed in results.json).\n")
    return "\n".join(parts)


def results_md(res: dict) -> str:
    """results.md: the headline tables, then every system per set, per WCXB page type, per language."""
    groups = res["groups"]
    parts = ["# Real-page benchmark: results\n", summary_md(res), "## Every system, per set\n"]
    for g in token_groups(groups):
        parts += [f"### {g}\n", detail_table(groups, g)]
    if SNIPPETS in groups:
        parts += [f"### {SNIPPETS} (snippets)\n", snippet_detail_table(groups)]
    if _subgroups(groups, "wcxb type:"):
        parts += ["## WCXB by page type (dev + test)\n", by_subgroup_table(groups, "wcxb type:", _token_cell)]
    parts.append("## By language\n")
    for s in ("aeb", "wcxb"):
        if _subgroups(groups, f"{s} lang:"):
            parts += [f"### {s}\n", by_subgroup_table(groups, f"{s} lang:", _token_cell)]
    if _subgroups(groups, f"{SNIPPETS} lang:"):
        parts += [f"### {SNIPPETS}\n", by_subgroup_table(groups, f"{SNIPPETS} lang:", _snippet_cell)]
    return "\n".join(parts)


def update_readme(path: Path, res: dict) -> None:
    """Rewrite the README's text between the results markers with the headline tables."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path} lacks the {BEGIN} / {END} markers")
    body = f"{BEGIN}\n{summary_md(res)}\n{END}"
    path.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: body, text, flags=re.S))


# ---------------------------------------------------------------------------------------------- the chart

_SET_COLOURS = {
    "wcxb-dev": "#1f77b4",
    "wcxb-test": "#2ca02c",
    "wcxb-test-new-domains": "#17becf",
    "aeb": "#d62728",
    "wcxb": "#1f77b4",
    SNIPPETS: "#9467bd",
}
_MARKERS = {"r1": "o", "r2": "s", "r3": "^", "naive": "D", "html": "*"}


def _tradeoff(ax, groups: Groups) -> None:  # type: ignore[no-untyped-def]
    """Left panel: junk removed vs gold lost of dedup, one point per set and rendering."""
    for g in token_groups(groups):
        pts = [(r, groups[g][f"{r}+dedup"]) for r in renderings(groups)]
        if "dedup-html" in groups[g]:
            pts.append(("html", groups[g]["dedup-html"]))
        for r, x in pts:
            ax.scatter(
                100 * x["junk_removed"],
                100 * x["gold_lost"],
                color=_SET_COLOURS[g],
                marker=_MARKERS[r],
                s=60,
                alpha=0.85,
            )
    for g in token_groups(groups):
        ax.scatter([], [], color=_SET_COLOURS[g], marker="o", label=g)
    for r in [*renderings(groups), "html"]:
        name = "clean_html (vs trafilatura)" if r == "html" else f"{r} + dedup.clean"
        ax.scatter([], [], color="grey", marker=_MARKERS[r], label=name)
    ax.set_xlim(left=0)  # from 0: a zoomed axis would make small differences look large
    ax.set_ylim(bottom=0)
    ax.set_xlabel("junk removed, % of the input's junk tokens")
    ax.set_ylabel("gold lost by cleaning, % of gold tokens")
    ax.set_title("dedup: junk removed vs gold lost")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")  # the corner the points leave free


def _f1_bars(ax, groups: Groups) -> None:  # type: ignore[no-untyped-def]
    """Right panel: F1 of every system, one bar per set (token F1; trafilatura-eval snippet F1)."""
    names = systems(groups)
    sets = [*token_groups(groups), *([SNIPPETS] if SNIPPETS in groups else [])]
    height = 0.8 / max(1, len(sets))
    for i, g in enumerate(sets):
        key = "snippet_f1" if g == SNIPPETS else "f1"
        vals = [100 * groups[g].get(s, {}).get(key, 0.0) for s in names]
        ys = [j + i * height for j in range(len(names))]
        tag = f"{g} (snippet F1)" if g == SNIPPETS else g
        ax.barh(ys, vals, height=height, color=_SET_COLOURS[g], label=tag)
    ax.set_yticks([j + 0.4 - height / 2 for j in range(len(names))])
    ax.set_yticklabels([label(s) for s in names], fontsize=8)
    ax.invert_yaxis()
    lows = [
        100 * groups[g][s].get("snippet_f1" if g == SNIPPETS else "f1", 100)
        for g in sets
        for s in names
        if s in groups[g]
    ]
    ax.set_xlim(max(0, min(lows) - 5), 100)
    ax.set_xlabel("F1 %")
    ax.set_title("F1 by system and set")
    ax.grid(axis="x", alpha=0.3)
    # below the axes: inside, it would hide the bottom bars
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(sets))


def chart(res: dict, path: Path) -> None:
    """chart.png: dedup's junk/gold trade-off per rendering, and every system's F1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = res["groups"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(16, 8), gridspec_kw={"width_ratios": [1, 1.3]})
    _tradeoff(left, groups)
    _f1_bars(right, groups)
    meta = res["meta"]
    fig.suptitle(f"dedup on real pages (commit {meta['commit']}, {meta['date']})", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
