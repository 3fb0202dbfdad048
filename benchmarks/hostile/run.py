"""The red-team suite of issue #18: every hostile input (`inputs.py`) and every fault (`faults.py`), each in a
new temporary folder, printed as a table (item, scenario, expected, observed, seconds). Exit 1 if one is not
what must happen.

    python -m benchmarks.hostile.run            # everything (about 5 minutes on 2 cores)
    python -m benchmarks.hostile.run --quick    # without the heavy inputs (100,000 paragraphs, 80 MB)
    python -m benchmarks.hostile.run -k index   # the scenarios whose name holds "index"

docs/reliability.md holds a measured table, with the commit and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .faults import ROOT, SCENARIOS
from .inputs import HEAVY, QUICK
from .scenario import Scenario


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def run_one(s: Scenario) -> tuple[bool, str, float]:
    """Run one scenario in a temporary folder of its own: (as it must be, what happened, seconds)."""
    with tempfile.TemporaryDirectory(prefix="dedup-hostile-") as tmp:
        t0 = time.perf_counter()
        try:
            out = s.run(Path(tmp))
            ok, got = out.ok, out.got
        except Exception as e:  # (a scenario that breaks is a failure to report, not the end of the suite)
            ok, got = False, f"{type(e).__name__}: {e}"
        return ok, got, time.perf_counter() - t0


def _machine() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    cpus = f"{os.cpu_count()} CPUs, {platform.machine()}"
    return f"commit {commit or '?'}, Python {platform.python_version()}, {cpus}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="leave out the heavy inputs")
    ap.add_argument("-k", metavar="WORDS", help="only the scenarios whose name or function holds WORDS")
    args = ap.parse_args(argv)
    chosen = [*QUICK, *([] if args.quick else HEAVY), *SCENARIOS]
    if args.k:
        chosen = [s for s in chosen if args.k.lower() in f"{s.name} {s.run.__name__}".lower()]
    print(f"# red-team suite: {_machine()}\n")
    print("| item | scenario | expected | observed | ok | seconds |")
    print("|---|---|---|---|---|---|")
    failed = 0
    for s in sorted(chosen, key=lambda s: s.item):
        ok, got, secs = run_one(s)
        failed += not ok
        cells = [str(s.item), _cell(s.name), _cell(s.expect), _cell(got), "yes" if ok else "NO"]
        print(f"| {' | '.join(cells)} | {secs:.1f} |")
        sys.stdout.flush()
    print(f"\n{len(chosen) - failed} of {len(chosen)} as they must be")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
