"""decide: one decision per line from overlapping flags, first occurrences kept, and the safety valve."""

from __future__ import annotations

from dedup.config import Config
from dedup.decide import decide
from dedup.report import Flag
from dedup.text.segment import segment

TEXT = (
    "Title\n\nA first paragraph of the article, long enough to matter here.\n\nSubscribe now\n\n"
    "The end of it."
)


def _flag(text: str, part: str, label: str, score: float = 0.9, **kw) -> Flag:
    start = text.index(part)
    return Flag(start, start + len(part), label, score, f"{label} here", "test", **kw)


def test_the_most_specific_label_explains_a_line():
    page = segment(TEXT)
    flags = [_flag(TEXT, "Subscribe now", "boilerplate"), _flag(TEXT, "Subscribe now", "related_link", 0.8)]
    d = decide(page, flags, Config())
    assert [f.label for f in d.flags] == ["related_link"]  # (priority 4 over 3, whatever the scores)
    assert list(d.removed) == [2]


def test_a_cut_that_leaves_no_letter_removes_the_line():
    text = "Title\n\nRead: Another Story |\n\nBody text of the article goes on here."
    page = segment(text)
    d = decide(page, [_flag(text, "Read: Another Story", "related_link")], Config())
    assert list(d.removed) == [1] and not d.cuts
    assert d.flags[0].reason.endswith("nothing else on the line")
    assert (d.flags[0].start, d.flags[0].end) == (page.lines[1].start, page.lines[1].end)


def test_overlapping_cuts_merge_and_the_rest_of_the_line_stays():
    text = "Title\n\nThe mayor spoke. Caption here. Caption here. The crowd left after the speech."
    page = segment(text)
    a = text.index("Caption here. Caption")
    flags = [
        Flag(a + 14, a + 27, "inline_duplicate", 1.0, "doubled", "inline"),
        Flag(a + 20, a + 28, "boilerplate", 0.8, "glued", "boilerplate"),
    ]
    d = decide(page, flags, Config())
    assert not d.removed and [(f.start, f.end, f.label) for f in d.cuts[1]] == [
        (a + 14, a + 28, "boilerplate")
    ]


def test_the_safety_valve_reverts_cue_removals_that_would_empty_an_article_but_not_sure_ones():
    text = "Title\n\nSubscribe to the letter\n\nShare this story\n\nFollow us\n\nRelated: Another Story"
    page = segment(text)
    flags = [
        _flag(text, p, "boilerplate") for p in ("Subscribe to the letter", "Share this story", "Follow us")
    ]
    flags.append(_flag(text, "Related: Another Story", "related_link", 0.95, sure=True))
    d = decide(page, flags, Config())
    assert [f.label for f in d.flags] == ["related_link"] and "safety valve" in d.notes[0]
    off = decide(page, flags, Config().replace(decide={"safety_keep_share": 0.0}))
    assert len(off.flags) == 4 and not off.notes
