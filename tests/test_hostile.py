"""Hostile inputs (issue #18): time linear in the line and the page (an 8 times larger page takes less than
`MARGIN` times as long, not the 64 times of quadratic work), pages over the limits refused at once, pages that
once changed when cleaned twice. The scenarios are benchmarks/hostile/inputs.py's (the red-team suite); the
heavy ones (100,000 paragraphs, an 80 MB record) run with `python -m pytest -m slow tests/test_hostile.py`."""

from __future__ import annotations

import pytest

from benchmarks.hostile.inputs import HEAVY, QUICK
from benchmarks.hostile.scenario import Scenario


@pytest.mark.parametrize("scenario", QUICK, ids=lambda s: s.name)
def test_hostile_input(scenario: Scenario, tmp_path):
    outcome = scenario.run(tmp_path)
    assert outcome.ok, (
        f"item {scenario.item}, {scenario.name}: must be: {scenario.expect}; got: {outcome.got}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("scenario", HEAVY, ids=lambda s: s.name)
def test_heavy_hostile_input(scenario: Scenario, tmp_path):
    outcome = scenario.run(tmp_path)
    assert outcome.ok, (
        f"item {scenario.item}, {scenario.name}: must be: {scenario.expect}; got: {outcome.got}"
    )
