"""Detectors: one module per kind of junk, each a function of a `Context` returning `Flag`s, and the
registry that lists them with what the pipeline needs to know of each (a new detector is a module and an
entry in `REGISTRY`)."""

from __future__ import annotations

from . import boilerplate, duplicates, headline, inline, learned, related
from .base import Context, DetectorSpec, PageFacts

#: every single-page detector, in the order of `Config.detectors` by default
REGISTRY: tuple[DetectorSpec, ...] = (
    DetectorSpec("headline", headline.detect, "headline_repeat", 5, duplicate=True, reads_title=True),
    DetectorSpec("duplicates", duplicates.detect, "near_duplicate", 2, duplicate=True),
    DetectorSpec("inline", inline.detect, "inline_duplicate", 1, duplicate=True),
    DetectorSpec("related", related.detect, "related_link", 4, hides_from_title=True),
    DetectorSpec("boilerplate", boilerplate.detect, "boilerplate", 3, hides_from_title=True),
    # (after the cue rules, whose findings it reads; before the headline finder, which skips what it removes)
    DetectorSpec("learned", learned.detect, "boilerplate", 3, reads_title=True, hides_from_title=True),
)
_BY_NAME = {spec.name: spec for spec in REGISTRY}

#: every label a flag can carry, and "content" (what is kept)
LABELS: tuple[str, ...] = ("content",) + tuple(dict.fromkeys(spec.label for spec in REGISTRY))
#: label -> priority (the most specific explanation of a line wins; detectors sharing a label share it)
PRIORITY: dict[str, int] = {spec.label: spec.priority for spec in REGISTRY}
assert all(PRIORITY[spec.label] == spec.priority for spec in REGISTRY), "one priority per label"
#: the labels of copies of earlier text
DUPLICATE_LABELS: frozenset[str] = frozenset(spec.label for spec in REGISTRY if spec.duplicate)


def selected(names: tuple[str, ...] | None) -> list[DetectorSpec]:
    """The registry entries of `names` (None: all) in the order they run: those whose lines cannot be the
    title first, then the others, each group in the given order."""
    if names is None:
        specs = list(REGISTRY)
    else:
        unknown = [n for n in names if n not in _BY_NAME]
        if unknown:
            raise ValueError(f"unknown detector {unknown[0]!r} (known: {', '.join(_BY_NAME)})")
        specs = [_BY_NAME[n] for n in names]
    return sorted(specs, key=lambda s: not s.hides_from_title)


__all__ = [
    "DUPLICATE_LABELS",
    "LABELS",
    "PRIORITY",
    "REGISTRY",
    "Context",
    "DetectorSpec",
    "PageFacts",
    "selected",
]
