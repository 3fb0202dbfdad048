"""Readers and writers: JSONL records and rejects, compressed files, atomic outputs."""

from __future__ import annotations

import gzip

import pytest

from dedup.errors import InputError
from dedup.run.io import Record, Reject, atomic_writer, iter_jsonl, kind_of

FIELDS = {
    "text_field": "text",
    "title_field": "title",
    "url_field": "url",
    "id_field": "id",
    "site_field": None,
}


def test_every_line_is_a_record_or_a_reject_with_its_line_number(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": 7, "text": "A", "title": " "}\n\n[1, 2]\n{"text": 3}\n{"title": "x"}\n{bad json\n\xff\n'
        b'{"text": "B", "url": "https://s.example/b"}\n'
    )
    out = list(iter_jsonl(str(src), **FIELDS))
    assert [type(x).__name__ for x in out] == [
        "Record",
        "Reject",
        "Reject",
        "Reject",
        "Reject",
        "Reject",
        "Record",
    ]
    first, last = out[0], out[-1]
    assert isinstance(first, Record) and (first.doc_id, first.title, first.line) == ("7", None, 1)
    assert isinstance(last, Record) and (last.doc_id, last.url, last.line) == (
        "in.jsonl:8",
        "https://s.example/b",
        8,
    )
    reasons = [(x.line, x.reason) for x in out if isinstance(x, Reject)]
    assert reasons[0] == (3, "not a JSON object (a list)")
    assert reasons[1] == (4, "field 'text' is not a string")
    assert reasons[2] == (5, "no 'text' field")
    assert reasons[3][0] == 6 and reasons[3][1].startswith("not valid JSON")
    assert reasons[4] == (7, "not valid UTF-8 (byte 0xff at column 1)")


def test_gzip_input_reads_the_same_and_a_truncated_one_names_the_line(tmp_path):
    data = b"".join(b'{"text": "line %d"}\n' % i for i in range(2000))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(data))
    assert len(list(iter_jsonl(str(tmp_path / "a.jsonl.gz"), **FIELDS))) == 2000
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(data)[:500])
    with pytest.raises(InputError, match=r"b.jsonl.gz: line \d+: cannot read"):
        list(iter_jsonl(str(tmp_path / "b.jsonl.gz"), **FIELDS))


def test_an_atomic_output_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_writer(str(target)) as f:
        f.write("done")
    assert target.read_text() == "done"
    with pytest.raises(RuntimeError), atomic_writer(str(target)) as f:
        f.write("half")
        raise RuntimeError("stop")
    assert target.read_text() == "done" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_kind_of_a_path(tmp_path):
    assert kind_of("-") == "stdin" and kind_of(str(tmp_path)) == "dir"
    assert kind_of("x.jsonl.zst") == "jsonl" and kind_of("x.txt") == "text"
