"""strip: the clean text is rebuilt from the kept spans of the original, separators included."""

from __future__ import annotations

from dedup.decide import Decision
from dedup.report import Flag
from dedup.strip import strip
from dedup.text.segment import segment


def _line_flag(page, i: int) -> Flag:
    ln = page.lines[i]
    return Flag(ln.start, ln.end, "boilerplate", 0.9, "x", "test")


def test_nothing_removed_gives_the_text_back_byte_for_byte():
    text = "  Title\r\n\r\nBody one.\n\n\nBody two.  \n"
    assert strip(segment(text), Decision({}, {}, [])) == text


def test_a_removed_paragraph_leaves_one_paragraph_break():
    text = "Title\n\nMenu\n\nBody one.\nBody two."
    page = segment(text)
    assert strip(page, Decision({1: _line_flag(page, 1)}, {}, [])) == "Title\n\nBody one.\nBody two."


def test_the_larger_break_around_a_removed_line_is_kept():
    text = "Title\nMenu\n\nBody."
    page = segment(text)
    assert strip(page, Decision({1: _line_flag(page, 1)}, {}, [])) == "Title\n\nBody."


def test_removing_the_first_and_last_lines():
    text = "\nMenu\n\nBody.\n\nFooter\n"
    page = segment(text)
    d = Decision({0: _line_flag(page, 0), 2: _line_flag(page, 2)}, {}, [])
    assert strip(page, d) == "Body."


def test_cuts_inside_a_line_keep_the_rest():
    text = "Title\n\nA sentence. Cut me. Another sentence.\n"
    page = segment(text)
    a = text.index(" Cut me.")
    cut = Flag(a, a + len(" Cut me."), "inline_duplicate", 1.0, "x", "test")
    assert strip(page, Decision({}, {1: [cut]}, [])) == "Title\n\nA sentence. Another sentence.\n"


def test_everything_removed_is_empty():
    page = segment("One\n\nTwo")
    assert strip(page, Decision({0: _line_flag(page, 0), 1: _line_flag(page, 1)}, {}, [])) == ""
