"""Detectors: one module per kind of junk. Each takes a `Context` and returns a list of `Flag`s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..cues import CueSet, load_cues
from ..report import Flag
from ..segment import Page

if TYPE_CHECKING:
    from ..index import Index


@dataclass
class Context:
    """What every detector sees: the segmented page, the config, the cues, and the corpus index if any."""

    page: Page
    config: Config
    cues: CueSet
    index: Index | None = None
    doc_id: str | None = None
    site: str | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        page: Page,
        config: Config,
        index: Index | None = None,
        doc_id: str | None = None,
        site: str | None = None,
    ) -> Context:
        """Make a context, loading the configured cues."""
        return cls(page, config, load_cues(tuple(config.cue_files), config.languages), index, doc_id, site)


Detector = Callable[[Context], list[Flag]]


def registry() -> dict[str, Detector]:
    """Name → detector function, in the order they run."""
    from . import boilerplate, duplicates, headline, inline, related

    return {
        "headline": headline.detect,
        "duplicates": duplicates.detect,
        "inline": inline.detect,
        "related": related.detect,
        "boilerplate": boilerplate.detect,
    }
