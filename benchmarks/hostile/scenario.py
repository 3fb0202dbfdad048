"""One red-team scenario: what it does to dedup, what must happen, and what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    """What a scenario saw, and whether it is what must happen."""

    ok: bool
    got: str


@dataclass
class Scenario:
    item: int  # the item of issue #18
    name: str
    expect: str
    run: Callable[[Path], Outcome]
