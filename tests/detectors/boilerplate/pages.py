"""The pages the boilerplate tests put their lines in: an article's title and paragraphs."""

from __future__ import annotations

import dedup

P = (
    "The festival returns this summer with more than forty bands on three stages across the park, "
    "and organisers expect record crowds over the long weekend."
)
P2 = (
    "Food stalls from local restaurants will line the main path, and a children's area with workshops and "
    "a small stage returns after a two-year break, the organisers said on Monday."
)

# an article whose paragraphs are short news paragraphs (12-20 words): the body is where they are
BODY = (
    "Revenue rose 8 per cent to a record in the third quarter, the company said on Tuesday.\n\n"
    "{line}\n\n"
    "Analysts had expected a smaller rise after a weak summer for advertising across the sector."
)


def labels_of(extra: str) -> list[str]:
    return [f.label for f in dedup.analyze(f"Festival Returns\n\n{P}\n\n{extra}").flags]
