"""Clean a Hugging Face `datasets.Dataset` with `Dataset.map` (``batched=True`` is faster; without it each
row is cleaned alone, with the same result but for ``batch_corpus=True``, whose corpus is then one row).

One step (each row on its own: repeated headlines, duplicate paragraphs, cue boilerplate, related links)::

    ds = ds.map(make_map_fn("text"), batched=True, num_proc=4)

Two steps (corpus mode: site boilerplate, other rows' titles, and copies of earlier rows, across the whole
dataset, whatever `num_proc` is): build an `Index` in one ordered pass, then map with it::

    index = build_index(ds, "text", title_column="title", url_column="url")
    ds = ds.map(make_map_fn("text", title_column="title", url_column="url", index=index),
                batched=True, with_indices=True, num_proc=4)
    ds = ds.filter(lambda r: not r["dedup_duplicate_of"])          # drop the copies

Without an index, `num_proc` shards never see each other, so copies across rows are not found (and, unless
`batch_corpus=True`, not within a batch either). Rows are identified by `id_column` or, with
`with_indices=True`, by their row number, which must match the ids `build_index` gave them.

Added columns: ``clean_text`` (or the text column itself with ``output_column=None``); ``dedup_flags``, a
JSON string per row (a list of {start, end, label, score, reason, detector, text}; ``json.loads`` it); and
``dedup_duplicate_of``, the id of the earlier row this one copies, or "" (an empty string, not None: a
first batch of all-None values would give the column Arrow's null type and break the write of later
batches).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..config import Config
from ..corpus.index import Index
from ..pipeline import Doc, analyze, fingerprint_many, signer
from ..report import Report

FLAG_KEYS = ("start", "end", "label", "score", "reason", "detector", "text")


class DedupMapFn:
    """A picklable map function, batched or not (see `make_map_fn`)."""

    def __init__(
        self,
        text_column: str = "text",
        *,
        title_column: str | None = None,
        url_column: str | None = None,
        id_column: str | None = None,
        config: Config | None = None,
        index: Index | None = None,
        output_column: str | None = "clean_text",
        batch_corpus: bool = False,
    ) -> None:
        if index is not None and batch_corpus:
            raise ValueError("pass either an index or batch_corpus=True, not both")
        self.text_column, self.title_column, self.url_column = text_column, title_column, url_column
        self.id_column, self.config, self.index = id_column, config or Config(), index
        self.output_column, self.batch_corpus = output_column, batch_corpus

    def __call__(self, batch: Mapping[str, Any], indices: list[int] | int | None = None) -> dict[str, Any]:
        """Clean a batch (``batched=True``: columns of lists) or one row (``map`` without it: columns of
        values, and `indices` one row number)."""
        if self.text_column not in batch:
            raise KeyError(f"no column {self.text_column!r} (the dataset has {', '.join(map(repr, batch))})")
        if isinstance(batch[self.text_column], (list, tuple)):
            return self._batch(batch, indices if isinstance(indices, list) else None)
        rows = {k: [v] for k, v in batch.items()}
        one = self._batch(rows, None if indices is None else [int(indices)])  # type: ignore[arg-type]
        return {k: v[0] for k, v in one.items()}

    def _batch(self, batch: Mapping[str, list], indices: list[int] | None) -> dict[str, list]:
        texts = batch[self.text_column]
        n = len(texts)
        titles = _strings(batch, self.title_column, n)  # (None, NaN or a number: no title)
        urls = _strings(batch, self.url_column, n)
        ids = _ids(batch, self.id_column, indices, n)
        index = self.index
        if index is not None and self.id_column is None and indices is None:
            raise ValueError("with an index, give id_column= or map with with_indices=True (rows need ids)")
        if self.batch_corpus:
            index = Index(self.config, signer=signer(self.config))
            docs = [
                Doc(texts[i], ids[i] or f"row-{i}", titles[i], urls[i])
                for i in range(n)
                if isinstance(texts[i], str) and texts[i]
            ]
            for fp in fingerprint_many(docs, self.config):
                index.add(fp)
            ids = [d or f"row-{i}" for i, d in enumerate(ids)]
        clean, flags, dups = [], [], []
        for text, title, url, doc_id in zip(texts, titles, urls, ids):
            if not isinstance(text, str) or not text:
                clean.append(text)
                flags.append("[]")
                dups.append("")
                continue
            rep = analyze(text, title=title, url=url, doc_id=doc_id, index=index, config=self.config)
            clean.append(rep.clean)
            flags.append(_flags(rep))
            dups.append(rep.duplicate_of or "")
        return {
            self.output_column or self.text_column: clean,
            "dedup_flags": flags,
            "dedup_duplicate_of": dups,
        }


def make_map_fn(
    text_column: str = "text",
    title_column: str | None = None,
    url_column: str | None = None,
    config: Config | None = None,
    *,
    id_column: str | None = None,
    index: Index | None = None,
    output_column: str | None = "clean_text",
    batch_corpus: bool = False,
) -> DedupMapFn:
    """A function for ``Dataset.map(fn, batched=True)`` (or without ``batched``) that cleans `text_column`.

    Args:
        text_column: the column to clean.
        title_column: the headline column (None: the first line of the text is the title).
        url_column: the page URL column (its host names the site in corpus mode).
        config: thresholds (`dedup.Config`).
        id_column: the row id column, used to look rows up in `index`; without it, use
            ``with_indices=True`` and the row numbers are the ids.
        index: an `Index` built beforehand (see `build_index`): corpus mode across the whole dataset.
        output_column: the column that receives the clean text; None overwrites `text_column`.
        batch_corpus: without an index, treat each batch as a small corpus (copies and boilerplate within
            the batch only; results then depend on `batch_size` and on the shards).

    The returned object is picklable, so ``num_proc > 1`` works.
    """
    return DedupMapFn(
        text_column,
        title_column=title_column,
        url_column=url_column,
        id_column=id_column,
        config=config,
        index=index,
        output_column=output_column,
        batch_corpus=batch_corpus,
    )


def build_index(
    dataset: Any,
    text_column: str = "text",
    *,
    title_column: str | None = None,
    url_column: str | None = None,
    id_column: str | None = None,
    config: Config | None = None,
    batch_size: int = 1000,
) -> Index:
    """The first pass of two: add every row of `dataset` (in order) to a new `Index`.

    Row ids are `id_column`'s values (as str) or the row numbers (as str, matching ``with_indices=True``).
    Works on a `datasets.Dataset` or any iterable of dicts.
    """
    index = Index(config, signer=signer(config))
    cols = [c for c in (text_column, title_column, url_column, id_column) if c]
    for start, batch in _batches(dataset, cols, batch_size):
        n = len(batch[text_column])
        ids = _ids(batch, id_column, list(range(start, start + n)), n)
        titles, urls = _strings(batch, title_column, n), _strings(batch, url_column, n)
        docs = [
            Doc(text, str(ids[i]), titles[i], urls[i])
            for i, text in enumerate(batch[text_column])
            if isinstance(text, str) and text
        ]
        for fp in fingerprint_many(docs, index.config):
            index.add(fp)
    return index.finalize()


def _batches(dataset: Any, cols: list[str], size: int) -> Iterable[tuple[int, dict[str, list]]]:
    if hasattr(dataset, "select_columns") and hasattr(dataset, "iter"):
        start = 0
        for batch in dataset.select_columns(cols).iter(batch_size=size):
            yield start, batch
            start += len(batch[cols[0]])
        return
    rows = list(dataset)
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        yield start, {c: [r.get(c) for r in part] for c in cols}


def _strings(batch: Mapping[str, list], column: str | None, n: int) -> list[str | None]:
    """A column's values where they are strings, else None (no column: all None)."""
    if not column:
        return [None] * n
    return [v if isinstance(v, str) else None for v in batch[column]]


def _ids(
    batch: Mapping[str, list], id_column: str | None, indices: list[int] | None, n: int
) -> list[str | None]:
    if id_column:
        return [None if v is None else str(v) for v in batch[id_column]]
    if indices is not None:
        return [str(i) for i in indices]
    return [None] * n


def _flags(rep: Report) -> str:
    out = [
        {
            "start": f.start,
            "end": f.end,
            "label": f.label,
            "score": f.score,
            "reason": f.reason,
            "detector": f.detector,
            "text": rep.text[f.start : f.end],
        }
        for f in rep.flags
    ]
    return json.dumps(out, ensure_ascii=False)


__all__ = ["DedupMapFn", "build_index", "make_map_fn"]
