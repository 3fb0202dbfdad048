"""`analyze` and `report`: the reports of an input's records (one article, or a corpus fitted first), which
records to show (`--id`, `--label`, `--changed-only`), and the sample a review page shows.

A corpus is read into memory here (`Cleaner.fit`, then each record analysed against the index): these
commands are for looking at a corpus or a sample of one; `clean` streams a corpus of any size.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..cleaner import Cleaner
from ..config import Config
from ..corpus.sites import site_of_url
from ..errors import InputError, UsageError
from ..report import Report
from .io import Record, iter_folder, iter_jsonl, kind_of, read_text
from .progress import LOG
from .review import Page, Tally, render_review


def single(args: argparse.Namespace, cfg: Config) -> Report:
    """The report of one article (a text file or standard input; HTML extracted with --html)."""
    from ..pipeline import analyze

    text = read_text(args.path)
    title = args.title
    if args.html:
        from ..html import html_to_text

        text, found = html_to_text(text)
        title = title or found
    return analyze(text, title=title, config=cfg, doc_id=args.path)


@dataclass(frozen=True)
class Pick:
    """Which records to show: by id, by a label among their removals, only those the cleaner changes."""

    ids: frozenset[str] | None = None
    labels: frozenset[str] | None = None
    changed_only: bool = False

    def matches(self, report: Report) -> bool:
        """The report is one to show."""
        if self.ids is not None and report.doc_id not in self.ids:
            return False
        if self.labels is not None and not self.labels & set(report.counts()):
            return False
        return not self.changed_only or report.duplicate_of is not None or report.clean != report.text


def _records(args: argparse.Namespace) -> list[Record]:
    """The records of a corpus input, bad ones an error (as `clean` without --rejects), ids made unique."""
    from .local import _unique_ids

    if kind_of(args.path) == "dir":
        recs = list(iter_folder(args.path))
    else:  # (JSONL on standard input: the same reader over its bytes)
        stdin = args.path == "-"
        recs = list(
            iter_jsonl(
                "<stdin>" if stdin else args.path,
                text_field=args.text_field,
                title_field=args.title_field,
                url_field=args.url_field,
                id_field=args.id_field,
                site_field=args.site_field,
                stream=sys.stdin.buffer if stdin else None,
            )
        )
    good = []
    for r in _unique_ids(iter(recs), set()):  # (ids unique as in `clean`: a second copy gets '#2')
        if not isinstance(r, Record):
            where = f"{r.source}: line {r.line}" if r.line else r.source
            raise InputError(f"{where}: {r.reason}")
        good.append(r)
    return good


def _html(records: list[Record], on: bool) -> list[Record]:
    if on:
        from ..html import html_to_text

        for r in records:
            r.text, found = html_to_text(r.text, r.url)
            r.title = r.title or found
    return records


def site_of(rec: Record) -> str:
    """The record's site, as the corpus run names it."""
    return rec.site if rec.site is not None else site_of_url(rec.url)


def fitted(args: argparse.Namespace, cfg: Config) -> tuple[list[Record], Cleaner]:
    """A corpus input's records and a `Cleaner` fitted on them (not fitted with --no-corpus)."""
    good = _html(_records(args), args.html)
    cleaner = Cleaner(cfg)
    if not args.no_corpus:
        cleaner.fit([{"text": r.text, "id": r.doc_id, "title": r.title, "url": r.url} for r in good])
    return good, cleaner


def _analyze(cleaner: Cleaner, r: Record) -> Report:
    return cleaner.analyze(r.text, doc_id=r.doc_id, title=r.title, url=r.url, site=r.site)


def analyzed(args: argparse.Namespace, cfg: Config, *, corpus_input: bool) -> Iterator[tuple[Record, Report]]:
    """Every record of the input with its report, in order (a corpus is fitted first unless --no-corpus)."""
    if not corpus_input:
        rep = single(args, cfg)
        yield Record(args.path, 0, None, rep.text, args.path, rep.title), rep
        return
    good, cleaner = fitted(args, cfg)
    for r in good:
        yield r, _analyze(cleaner, r)


def picked(args: argparse.Namespace) -> Pick:
    """The `Pick` of `analyze`'s options."""
    return Pick(
        frozenset(args.id) if args.id else None,
        frozenset(args.label) if args.label else None,
        args.changed_only,
    )


def shown(pairs: Iterator[tuple[Record, Report]], pick: Pick, limit: int) -> Iterator[Report]:
    """The reports `pick` chooses, at most `limit` (0: all); a closing line says when none or not all
    asked for were found."""
    n = looked = 0
    for _, rep in pairs:
        looked += 1
        if pick.matches(rep):
            n += 1
            yield rep
            if limit and n >= limit:
                return
    if pick.ids is not None and n < len(pick.ids):
        LOG.warning("%d of the %d ids asked for found (among %d records)", n, len(pick.ids), looked)
    elif n == 0:
        LOG.info("no record matches (%d records looked at)", looked)


@dataclass
class Sampler:
    """The pages a review shows: changed pages taken in turn by their main label (so that every label is
    seen), and up to a quarter of them copies; the first ones of each kind, in input order."""

    size: int
    by_label: dict[str, list[tuple[Record, Report]]] = field(default_factory=dict)
    copies: list[tuple[Record, Report]] = field(default_factory=list)

    def add(self, rec: Record, rep: Report) -> None:
        """Consider one record."""
        if rep.duplicate_of is not None:
            if len(self.copies) < max(1, self.size // 4):
                self.copies.append((rec, rep))
            return
        counts = rep.counts()
        if not counts:
            return
        main = max(sorted(counts), key=lambda k: counts[k])
        kept = self.by_label.setdefault(main, [])
        if len(kept) < self.size:
            kept.append((rec, rep))

    def sample(self) -> list[tuple[Record, Report]]:
        """Copies first (up to a quarter), then the changed pages, one label after another."""
        out = list(self.copies)
        queues = [list(v) for _, v in sorted(self.by_label.items())]
        while len(out) < self.size and any(queues):
            for q in queues:
                if q and len(out) < self.size:
                    out.append(q.pop(0))
        return out


def review(args: argparse.Namespace, cfg: Config, *, corpus_input: bool) -> str:
    """The review page of the input (see `dedup.run.review`)."""
    if args.sample < 1:
        raise UsageError(f"--sample must be at least 1, not {args.sample}")
    tally, sampler = Tally(), Sampler(args.sample)
    if corpus_input:
        records, cleaner = fitted(args, cfg)
        pairs = [(r, _analyze(cleaner, r)) for r in records]
    else:
        pairs, cleaner = list(analyzed(args, cfg, corpus_input=False)), Cleaner(cfg)
    for rec, rep in pairs:
        tally.add(rep, site_of(rec))
        sampler.add(rec, rep)
    by_id = {rec.doc_id: rec for rec, _ in pairs}
    pages = []
    for rec, rep in sampler.sample():
        o = by_id.get(rep.duplicate_of) if rep.duplicate_of is not None else None
        pages.append(Page(rep, site_of(rec), _analyze(cleaner, o) if o is not None else None))
    settings = {"input": args.path, "corpus mode": corpus_input and not args.no_corpus}
    settings.update({f"corpus.{k}": v for k, v in cfg.to_dict()["corpus"].items()})
    return render_review(f"Review of {args.path}", tally, pages, settings)
