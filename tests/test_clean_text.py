"""Clean text stays clean: real articles with no known junk come out (almost) untouched."""

from __future__ import annotations

import dedup
from tests.support import as_page

MAX_WORDS_REMOVED = 0.005
MIN_UNCHANGED = 0.95


def test_clean_articles_are_left_alone(clean_articles):
    assert len(clean_articles) > 200
    words = removed = changed = 0
    for a in clean_articles:
        text = as_page(a)
        out = dedup.clean(text, title=None)
        words += len(text.split())
        if out != text:
            changed += 1
            removed += len(text.split()) - len(out.split())
    share_removed = removed / words
    share_unchanged = 1 - changed / len(clean_articles)
    assert share_removed <= MAX_WORDS_REMOVED, share_removed
    assert share_unchanged >= MIN_UNCHANGED, (changed, len(clean_articles))


def test_given_title_matches_first_line(clean_articles):
    """Passing the title explicitly gives the same result as letting dedup take the first line."""
    for a in clean_articles[:60]:
        if not a.get("title"):
            continue
        text = as_page(a)
        assert dedup.clean(text, title=a["title"]) == dedup.clean(text)


def test_a_blank_title_is_no_title():
    """A record's empty or blank title field means no title (the first line stands for it), in a single page
    and in a corpus index, as the command line already reads it."""
    from dedup.pipeline import Doc, fingerprint_many

    text = "Council Approves the Budget\n\nThe council voted on Tuesday.\n\nCouncil Approves the Budget"
    for blank in ("", "  ", "\n"):
        assert dedup.analyze(text, title=blank).to_dict() == dedup.analyze(text).to_dict()
        a, b = fingerprint_many([Doc(text, "d", blank), Doc(text, "d", None)])
        assert a.title_key == b.title_key and (a.signature == b.signature).all()
