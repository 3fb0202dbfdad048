"""What a corpus run was asked to do (`RunOptions`) and what it did (`Summary`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Config


@dataclass
class RunOptions:
    """What `scrapeclean clean` was asked to do with a corpus (a JSONL file, stdin as JSONL, or a folder)."""

    input: str
    output: str | None = None
    text_field: str = "text"
    title_field: str | None = "title"
    url_field: str | None = "url"
    id_field: str | None = "id"
    site_field: str | None = None
    report: str | None = None
    summary: str | None = None
    duplicates: str | None = None
    rejects: str | None = None
    jobs: int = 1
    index_path: str | None = None
    corpus: bool = True
    quiet: bool = False
    html: bool = False
    #: a -o folder may hold files dedup did not write: the clean files go beside them (same names replaced)
    overwrite: bool = False
    config: Config = field(default_factory=Config)
    # datasets (dedup/run/sources.py, shards.py): every input (`input` is the first), the clean shards'
    # format (None: as each input shard), records per output shard, and the engine that runs the passes
    inputs: tuple[str, ...] = ()
    output_format: str | None = None
    shard_size: int | None = None
    engine: str = "local"
    scheduler: str | None = None  # the Dask scheduler's address (None: a local cluster of `workers`)
    workers: int | None = None

    @property
    def all_inputs(self) -> tuple[str, ...]:
        """The inputs of the run (`inputs`, or `input` alone)."""
        return self.inputs or (self.input,)


@dataclass
class Summary:
    """Counts of a run; `records_in == clean + duplicates + rejects` always."""

    records_in: int = 0
    clean: int = 0
    duplicates: int = 0
    rejects: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    flags: Counter = field(default_factory=Counter)
    removed_chars: Counter = field(default_factory=Counter)
    outputs: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    elapsed: float = 0.0  # seconds, the whole run
    #: per site (the URL's domain or the site field; "(no site)"): records, changed, duplicates, removals
    sites: dict[str, Counter] = field(default_factory=dict)
    #: files of a folder input that were not read, and why (FIFOs, sockets, devices: not regular files)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def count(self, res: Any) -> str:
        """Count one result of the cleaning pass (a `local.Cleaned`, or an `io.Reject`): its record, bytes,
        removals and site; return where it goes: "rejects", "duplicates" or "clean"."""
        from .io import Reject

        self.records_in += 1
        if isinstance(res, Reject):
            self.rejects += 1
            return "rejects"
        self.bytes_in += res.bytes_in
        if res.duplicate is not None:
            self.duplicates += 1
            self._count_site(res.site, duplicate=True)
            return "duplicates"
        self.clean += 1
        self.bytes_out += res.bytes_out
        self.changed += res.changed
        self._count_site(res.site, changed=res.changed, removed=len(res.removed))
        for label, chars in res.removed:
            self.flags[label] += 1
            self.removed_chars[label] += chars
        return "clean"

    def _count_site(
        self, site: str, *, changed: bool = False, duplicate: bool = False, removed: int = 0
    ) -> None:
        """Count one record of `site` in the per-site table."""
        row = self.sites.setdefault(site or "(no site)", Counter())
        row["records"] += 1
        row["changed"] += changed
        row["duplicates"] += duplicate
        row["removals"] += removed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "records_in": self.records_in,
            "clean": self.clean,
            "duplicates": self.duplicates,
            "rejects": self.rejects,
            "changed": self.changed,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "flags_per_label": dict(sorted(self.flags.items())),
            "removed_chars_per_label": dict(sorted(self.removed_chars.items())),
            "balanced": self.records_in == self.clean + self.duplicates + self.rejects,
            "outputs": self.outputs,
            "settings": self.settings,
            "elapsed_s": round(self.elapsed, 3),
            "mb_per_s": round(self.bytes_in / 1e6 / self.elapsed, 3) if self.elapsed > 0 else None,
            "per_site": {
                site: dict(row)
                for site, row in sorted(self.sites.items(), key=lambda kv: (-kv[1]["records"], kv[0]))
            },
            "skipped": self.skipped,
        }
