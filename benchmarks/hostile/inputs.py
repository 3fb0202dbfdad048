"""Hostile inputs (issue #18, items 1-3 and 11): pages built to make a detector take super-linear time or
unbounded memory, and pages that once came out different when cleaned twice. Each scenario says what must
happen and what happened; `python -m benchmarks.hostile.run` prints them with the faults of `faults.py`, and
`tests/test_hostile.py` asserts them.

Time is judged by growth, not by the clock: a page 8 times larger must take less than `MARGIN` times as long
(linear work takes about 8 times, quadratic work 64), each timing the best of `REPEATS` runs, so that a slow
or busy machine does not fail it. What is timed is one look at the page (`ONE_LOOK`): `dedup.clean` looks
again at what it kept while that removes more, at most `decide.max_rounds` (6) times, so a page can take up
to 6 times one look, and a small page may settle at the first look where a larger one takes all six.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dedup
from dedup.config import Config
from dedup.errors import RecordTooLarge

from .faults import ROOT
from .scenario import Outcome, Scenario

#: a page 8 times larger must take less than this many times as long
MARGIN = 24.0
#: each timing is the best of this many runs
REPEATS = 3
#: the most a corpus run may hold for a record of `BIG_RECORD_MB` (issue #18: under 1 GB, or a reject)
MAX_RSS_MB = 1024
BIG_RECORD_MB = 80
#: the settings of the timed scenarios: one look at the page
ONE_LOOK = Config().replace(decide={"max_rounds": 1})


def _best(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def grows_linearly(make: Callable[[int], str]) -> Callable[[Path], Outcome]:
    """A scenario: one look at `make(1)` and at `make(8)` (8 times larger), timed."""

    def run(_: Path) -> Outcome:
        small, large = make(1), make(8)
        dedup.clean(small, config=ONE_LOOK)  # (cues compiled, tables built: not part of the timing)
        t1 = _best(lambda: dedup.clean(small, config=ONE_LOOK))
        t8 = _best(lambda: dedup.clean(large, config=ONE_LOOK))
        ratio = t8 / max(t1, 1e-6)
        return Outcome(
            ratio < MARGIN,
            f"{len(small):,} chars: {t1:.3f} s; {len(large):,} chars: {t8:.3f} s (x{ratio:.1f})",
        )

    return run


def share_run(k: int) -> str:
    """The share-widget line of issue #18 (20 s for 10 KB before)."""
    return "Headline\n\n" + "Share   " * (1250 * k) + "x Share Tweet"


def bang_run(k: int) -> str:
    """A run of '!' after a sentence (quadratic before)."""
    return "Headline\n\nThe vote is over" + "!" * (20_000 * k) + "x"


def space_run(k: int) -> str:
    """Two letters far apart on one line (6.6 s for 16,000 spaces before)."""
    return "Headline\n\na" + " " * (16_000 * k) + "b"


def long_line(k: int) -> str:
    """One line of words a cue or widget rule may start at ("share", "read more", "|", "»")."""
    rnd = random.Random(k)
    words = "the of a news share read more tweet | » 2024 report said Related: Follow us".split()
    return "Title\n\n" + " ".join(rnd.choice(words) for _ in range(12_000 * k))


def tiny_paragraphs(k: int) -> str:
    """Many one-word paragraphs (100,000 took 137 s before: quadratic in the paragraphs)."""
    return "Title\n\n" + "\n\n".join(f"p{i}." for i in range(1_500 * k))


def templated_list(k: int) -> str:
    """Paragraphs of one template with other figures (2,000 took 14 s before, growing with the square)."""
    rows = (
        f"Item {i}: the blue chair costs {i} dollars and ships to your door in two days."
        for i in range(250 * k)
    )
    return "Catalogue\n\n" + "\n\n".join(rows)


def hundred_thousand_paragraphs(_: Path) -> Outcome:
    """The page of issue #18 at the page limit: 99,999 tiny paragraphs (137 s for 100,000 before)."""
    page = "Title\n\n" + "\n\n".join(f"p{i}." for i in range(99_999))
    t0 = time.perf_counter()
    dedup.clean(page)
    secs = time.perf_counter() - t0
    return Outcome(secs < 120, f"{len(page):,} chars, 100,000 lines: {secs:.1f} s")


def huge_line_refused(_: Path) -> Outcome:
    """A 50 MB line (MemoryError at 4 GB before): refused before any work."""
    text = "Title\n\n" + "word " * 10_000_000
    t0 = time.perf_counter()
    try:
        dedup.clean(text)
        said = "cleaned"
    except RecordTooLarge as e:
        said = f"RecordTooLarge: {e}"
    secs = time.perf_counter() - t0
    return Outcome(said.startswith("RecordTooLarge") and secs < 5, f"{said} ({secs:.2f} s)")


def many_lines_refused(_: Path) -> Outcome:
    """1 MB of one-letter lines ('a\\n' * 500,000: 1.1 GB and 64 s before): over limits.max_lines."""
    t0 = time.perf_counter()
    try:
        dedup.clean("a\n" * 500_000)
        said = "cleaned"
    except RecordTooLarge as e:
        said = f"RecordTooLarge: {e}"
    secs = time.perf_counter() - t0
    return Outcome(said.startswith("RecordTooLarge") and secs < 5, f"{said} ({secs:.2f} s)")


_PEAK = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stderr.write(r.stderr.decode('utf-8', 'replace'))\n"
)


def big_record(tmp: Path) -> Outcome:
    """A corpus whose one record is 80 MB (exit 1 with a traceback at 4 GB before): with --rejects it is a
    reject with its reason, read in pieces; without, exit 3. Peak RSS of the run measured."""
    src = tmp / "c.jsonl"
    with src.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": "Title\n\nA small page of its own words."}) + "\n")
        f.write(json.dumps({"id": "big", "text": "word " * (BIG_RECORD_MB * 1024 * 1024 // 5)}) + "\n")
    seen = []
    for extra in ([], ["--rejects", "rej.jsonl"]):
        cmd = [sys.executable, "-m", "dedup", "clean", "c.jsonl", "-o", "o.jsonl", "-q", *extra]
        r = subprocess.run(
            [sys.executable, "-c", _PEAK, *cmd],
            cwd=tmp,
            capture_output=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            timeout=600,
        )
        code, kb = (int(x) for x in r.stdout.split())
        seen.append((code, kb // 1024, r.stderr.decode("utf-8", "replace").strip()))
    rejects = (tmp / "rej.jsonl").read_text().splitlines() if (tmp / "rej.jsonl").exists() else []
    reason = json.loads(rejects[0])["reason"] if rejects else None
    ok = seen[0][0] == 3 and seen[1][0] == 0 and reason is not None and max(s[1] for s in seen) < MAX_RSS_MB
    return Outcome(
        ok,
        f"without --rejects: exit {seen[0][0]}, peak RSS {seen[0][1]} MB; with: exit {seen[1][0]}, peak RSS "
        f"{seen[1][1]} MB, reason {reason!r}",
    )


#: inputs that once came out different when cleaned twice (issue #18, item 11)
UNSTABLE = [
    "14 Plan meals\nE\nE\n14 Plan meals\nT\nE",
    "in Delhi there's a lot of the former and not much of the latter\na t d t w in Delhi there's a lot of "
    "the former and not much of the latter\n)\nArtist Mechanical-Hand\nArtist Mechanical-Hand",
]
PARAGRAPH = "The council approved the new budget on Tuesday after a long debate about schools."


def cleaned_twice(_: Path) -> Outcome:
    changed = [t for t in UNSTABLE if dedup.clean(dedup.clean(t)) != dedup.clean(t)]
    return Outcome(not changed, f"{len(UNSTABLE) - len(changed)} of {len(UNSTABLE)} stay as they are")


def one_paragraph_ten_thousand_times(_: Path) -> Outcome:
    """Every copy was kept before (read as a label of the page's template)."""
    page = "Budget passes\n\n" + "\n\n".join([PARAGRAPH] * 10_000)
    t0 = time.perf_counter()
    once = dedup.clean(page)
    secs = time.perf_counter() - t0
    copies = once.count(PARAGRAPH)
    stable = dedup.clean(once) == once
    return Outcome(
        copies == 1 and stable, f"{copies} copy kept, cleaned again: unchanged {stable} ({secs:.1f} s)"
    )


#: scenarios quick enough for every test run
QUICK = [
    Scenario(
        1,
        "a share-widget run on one line",
        f"8x larger: under {MARGIN:.0f}x the time",
        grows_linearly(share_run),
    ),
    Scenario(
        1,
        "a run of '!' after a sentence",
        f"8x larger: under {MARGIN:.0f}x the time",
        grows_linearly(bang_run),
    ),
    Scenario(
        1,
        "two letters 16,000 spaces apart",
        f"8x larger: under {MARGIN:.0f}x the time",
        grows_linearly(space_run),
    ),
    Scenario(
        1,
        "one long line of cue and widget words",
        f"8x larger: under {MARGIN:.0f}x the time",
        grows_linearly(long_line),
    ),
    Scenario(
        2,
        "many one-word paragraphs",
        f"8x more: under {MARGIN:.0f}x the time",
        grows_linearly(tiny_paragraphs),
    ),
    Scenario(
        2,
        "a templated list of paragraphs",
        f"8x more: under {MARGIN:.0f}x the time",
        grows_linearly(templated_list),
    ),
    Scenario(3, "a 50 MB line", "refused at once (RecordTooLarge, exit 3 or a reject)", huge_line_refused),
    Scenario(3, "500,000 one-letter lines (1 MB)", "refused at once (limits.max_lines)", many_lines_refused),
    Scenario(11, "inputs that changed when cleaned twice", "cleaned twice: unchanged", cleaned_twice),
    Scenario(
        11,
        "one paragraph 10,000 times",
        "one copy kept; cleaned twice: unchanged",
        one_paragraph_ten_thousand_times,
    ),
]
#: scenarios that take a minute or more of memory and time (the red-team run; `pytest -m slow`)
HEAVY = [
    Scenario(2, "100,000 one-word paragraphs", "cleaned, in under 2 minutes", hundred_thousand_paragraphs),
    Scenario(
        3,
        f"a {BIG_RECORD_MB} MB record in a JSONL corpus",
        f"exit 3; with --rejects a reject with its reason; peak RSS under {MAX_RSS_MB} MB",
        big_record,
    ),
]
