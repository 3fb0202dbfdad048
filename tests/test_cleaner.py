"""Cleaner: fit on a corpus, then clean its documents against what the corpus shows."""

from __future__ import annotations

import dedup
from dedup import Cleaner, Index
from dedup.pipeline import fingerprint, signer

FOOTER = "Support the Valley Courier: subscribe for the news of the valley every morning"


def _records(n: int = 5) -> list[dict]:
    return [
        {
            "id": f"d{i}",
            "url": f"https://www.courier.example/{i}",
            "title": f"Story number {i}",
            "text": f"Story number {i}\n\nThe {i}th story says something of its own about the river.\n\n"
            + FOOTER,
        }
        for i in range(n)
    ]


def test_fit_then_clean_removes_what_recurs_on_the_site():
    recs = _records()
    c = Cleaner().fit(recs)
    assert c.index_ is not None and len(c.index_) == 5
    out = c.clean(recs[0]["text"], doc_id="d0", url=recs[0]["url"], title=recs[0]["title"])
    assert FOOTER not in out and "river" in out
    assert dedup.clean(recs[0]["text"]) == recs[0]["text"]  # (one page alone cannot tell)


def test_fit_equals_adding_each_print_in_order():
    recs = _records(7)
    recs.append(dict(recs[2], id="copy"))  # a copy of d2
    fitted = Cleaner().fit(recs).index_
    by_hand = Index(signer=signer())
    for r in recs:
        by_hand.add(fingerprint(r["text"], doc_id=r["id"], title=r["title"], url=r["url"]))
    by_hand.finalize()
    assert fitted is not None and fitted.stats() == by_hand.stats() and fitted.dup == by_hand.dup
    assert fitted.duplicate_of("copy") == ("d2", 1.0)


def test_ids_default_to_the_position_and_fields_can_be_renamed():
    recs = [{"body": r["text"], "link": r["url"]} for r in _records(4)]
    c = Cleaner(text_field="body", url_field="link").fit(recs)
    assert c.index_ is not None and c.index_.doc_ids == ["0", "1", "2", "3"]
    assert FOOTER not in c.clean(recs[1]["body"], doc_id="1", url=recs[1]["link"])
