"""What every single-page detector sees (`Context`), and what the registry knows of each (`DetectorSpec`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..config import Config
from ..cues import CueSet, load_cues
from ..report import Flag
from ..text.segment import Page


@dataclass
class PageFacts:
    """What detectors learn of a page that does not depend on its title, kept across analyses of the same
    page under different titles (the corpus run looks at a page under its first line and its given title)."""

    #: the headline scans made so far, by what a scan depends on (`dedup.detectors.headline`)
    headline_scans: dict[tuple, list[Flag]] = field(default_factory=dict)
    #: the learned model's junk probability of every line and the features it came from, once computed
    #: (`dedup.detectors.learned`: they do not depend on the title, only which line is kept as it does)
    junk_probability: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class Context:
    """What every single-page detector sees: the segmented page, the config and the cues (never the index)."""

    page: Page
    config: Config
    cues: CueSet
    facts: PageFacts = field(default_factory=PageFacts)
    #: lines removed whole by the detectors that run first (`DetectorSpec.hides_from_title`): none of them
    #: can be the page's title
    junk_lines: set[int] = field(default_factory=set)
    #: the flags of the detectors that ran before this one (the learned model reads the cue rules' findings)
    earlier: list[Flag] = field(default_factory=list)

    @classmethod
    def build(cls, page: Page, config: Config, facts: PageFacts | None = None) -> Context:
        """Make a context, loading the configured cues."""
        cues = load_cues(tuple(config.cue_files), config.languages, config.limits.line_window)
        return cls(page, config, cues, facts if facts is not None else PageFacts())


Detect = Callable[[Context], list[Flag]]


@dataclass(frozen=True)
class DetectorSpec:
    """One entry of the registry: a detector and what the pipeline and `decide` need to know of it.

    Attributes:
        name: the name `Config.detectors` lists.
        detect: the function, `Context` -> flags.
        label: the label its flags carry.
        priority: when several flags cover one line, the highest priority explains it.
        duplicate: its flags mark copies of earlier text (the safety valve never reverts them).
        reads_title: its flags depend on the page's title (the others see the same lines whatever it is).
        hides_from_title: it runs first, and the lines it removes whole cannot be the title.
    """

    name: str
    detect: Detect
    label: str
    priority: int
    duplicate: bool = False
    reads_title: bool = False
    hides_from_title: bool = False
