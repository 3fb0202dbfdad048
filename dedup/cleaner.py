"""Cleaner: the scikit-learn-style face of corpus mode (fit on a corpus, then clean its documents)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from .config import Config
from .corpus.index import Index
from .pipeline import Doc, analyze, fingerprint_many, signer
from .report import Report

#: documents fingerprinted together (their signatures in a few NumPy calls)
FIT_BATCH = 256


class Cleaner:
    """Fit on a corpus of records, then clean each record against what the corpus shows.

    Args:
        config: thresholds (`Config()` by default).
        text_field, title_field, url_field, id_field: record keys.

    Example:
        >>> body = "goes here with words.\\n\\nSubscribe to The Brief today"
        >>> recs = [{"id": str(i), "url": f"https://s.example/{i}", "text": f"Story {i}\\n\\nBody {i} {body}"}
        ...         for i in range(3)]
        >>> c = Cleaner().fit(recs)
        >>> c.clean(recs[0]["text"], doc_id="0", url=recs[0]["url"])
        'Story 0\\n\\nBody 0 goes here with words.'
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        text_field: str = "text",
        title_field: str = "title",
        url_field: str = "url",
        id_field: str = "id",
    ) -> None:
        self.config = config or Config()
        self.text_field, self.title_field, self.url_field, self.id_field = (
            text_field,
            title_field,
            url_field,
            id_field,
        )
        self.index_: Index | None = None

    def fit(self, records: Iterable[Mapping], index: Index | None = None) -> Cleaner:
        """Build (or extend) the corpus index from `records`; ids default to the record's position."""
        idx = index if index is not None else Index(self.config, signer=signer(self.config))
        docs = self._docs(records)
        while batch := list(islice(docs, FIT_BATCH)):
            for fp in fingerprint_many(batch, self.config):
                idx.add(fp)
        self.index_ = idx.finalize()
        return self

    def _docs(self, records: Iterable[Mapping]) -> Iterator[Doc]:
        for i, r in enumerate(records):
            yield Doc(
                r[self.text_field],
                str(r.get(self.id_field, i)),
                r.get(self.title_field),
                r.get(self.url_field),
            )

    def analyze(
        self,
        text: str,
        *,
        doc_id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        site: str | None = None,
    ) -> Report:
        """Report on one document against the fitted index."""
        return analyze(
            text, title=title, index=self.index_, url=url, site=site, doc_id=doc_id, config=self.config
        )

    def clean(
        self,
        text: str,
        *,
        doc_id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        site: str | None = None,
    ) -> str:
        """The clean text of one document against the fitted index."""
        return self.analyze(text, doc_id=doc_id, title=title, url=url, site=site).clean
