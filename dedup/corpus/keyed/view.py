"""The corpus evidence one partition's pages need, joined to them: it answers the questions pass 2 asks of an
index (`recurrence`, `title_doc`, `site_pages`, `duplicate_of`) for those pages, as the whole index would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...text.segment import Line, Page
from ..prints import block_key, title_key
from ..sites import site_of_url


@dataclass
class EvidenceView:
    """Answers for the pages of one partition (a question about another page is an error: it was not
    joined)."""

    blocks: dict[tuple[str, int], tuple[int, int]]  # (site, block key) -> (documents of site, corpus-wide)
    titles: dict[int, str | None]  # title key -> id of its first document
    sites: dict[str, int]  # site -> its documents
    dups: dict[str, tuple[str, float]]  # id of a copy -> (id of the kept document, similarity)

    def recurrence(self, page: Page, lines: list[Line], site: str | None) -> list[tuple[int, int]]:
        return [self.blocks[(site or "", block_key(ln))] for ln in lines]

    def title_doc(self, text: str) -> str | None:
        return self.titles[title_key(text)]

    def title_docs(self, texts: Sequence[str]) -> list[str | None]:
        return [self.title_doc(t) for t in texts]

    def site_pages(self, site: str | None) -> int:
        return self.sites.get(site or "", 0)

    def site_of(self, url: str | None) -> str:
        return site_of_url(url)

    def duplicate_of(self, doc_id: str | None) -> tuple[str, float] | None:
        return self.dups.get(doc_id) if doc_id is not None else None
