"""Faults a run must survive (issue #18): every scenario of benchmarks/hostile/faults.py (a failed run saves
nothing, two runs on one index, links and FIFOs in a folder input, SIGKILL of the parent, the index written
last, damaged or foreign index files, the -o folder, records too large, rejects keeping their bytes)."""

from __future__ import annotations

import pytest

from benchmarks.hostile.faults import SCENARIOS, Scenario


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.run.__name__)
def test_fault(scenario: Scenario, tmp_path):
    outcome = scenario.run(tmp_path)
    assert outcome.ok, (
        f"item {scenario.item}, {scenario.name}: must be: {scenario.expect}; got: {outcome.got}"
    )
