"""Flag and Report: what was found, where, and why; serialisable to JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Flag:
    """One span of the input judged to be junk.

    Attributes:
        start: offset of the first character of the span in the input text.
        end: offset one past its last character.
        label: one of `dedup.LABELS` other than "content".
        score: confidence in [0, 1].
        reason: a human-readable explanation.
        detector: the detector that raised it.
        cue: the cue phrase that matched, when a cue did.
        ref_start: start of the earlier span this one repeats, when it repeats one.
        ref_end: end of that span.
        similarity: similarity to that span (or to the title, or to another document's title).
        ref_doc: id of another document involved (corpus mode), when there is one.
        sure: a flag the safety valve never reverts (a cue line that cannot be prose: "📖 Related: …").
    """

    start: int
    end: int
    label: str
    score: float
    reason: str
    detector: str
    cue: str | None = None
    ref_start: int | None = None
    ref_end: int | None = None
    similarity: float | None = None
    ref_doc: str | None = None
    sure: bool = False


@dataclass
class Report:
    """The result of `dedup.analyze`: flags with spans and reasons, and the clean text."""

    text: str
    clean: str
    flags: list[Flag] = field(default_factory=list)
    title: str | None = None
    doc_id: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    notes: list[str] = field(default_factory=list)
    #: where the page's headline stands in `text` (the first line the clean text keeps that reads as it), or
    #: None: a user who wants the body alone drops `text[start:end]` from the clean text
    title_span: tuple[int, int] | None = None

    @property
    def removed_chars(self) -> int:
        """Characters of the input that are not in the clean text."""
        return len(self.text) - len(self.clean)

    def counts(self) -> dict[str, int]:
        """Number of flags per label."""
        out: dict[str, int] = {}
        for f in self.flags:
            out[f.label] = out.get(f.label, 0) + 1
        return out

    def to_dict(self, *, include_text: bool = False) -> dict:
        """A JSON-ready dict; each flag also carries the flagged text."""
        d = {
            "id": self.doc_id,
            "title": self.title,
            "title_span": list(self.title_span) if self.title_span else None,
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
            "counts": self.counts(),
            "chars_in": len(self.text),
            "chars_out": len(self.clean),
            "notes": self.notes,
            "flags": [_flag_dict(f, self.text) for f in self.flags],
        }
        if include_text:
            d["text"] = self.text
            d["clean"] = self.clean
        return d

    def to_json(self, **kwargs) -> str:
        """Serialise `to_dict()` to a JSON string."""
        return json.dumps(self.to_dict(**kwargs), ensure_ascii=False)


def _flag_dict(f: Flag, text: str) -> dict:
    """A flag as a JSON-ready dict with the text it covers (`sure` is a hint to the safety valve, not a
    finding)."""
    d = asdict(f)
    del d["sure"]
    d["text"] = text[f.start : f.end]
    return d
