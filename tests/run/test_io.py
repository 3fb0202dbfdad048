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
    assert reasons[1] == (4, "field 'text' is not a string (a int)")
    assert reasons[2] == (5, "no 'text' field (it has 'title'; choose one with --text-field)")
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


def test_columns_of_bad_lines_count_characters_as_an_editor_does(tmp_path):
    """A column counted in bytes points past the mistake on a line with accents or emoji before it; the
    JSON module's "Invalid control character at" read "at at column"."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        '{"id": "é€😀", "text": "x",}\n'.encode()
        + '{"id": "ü", "text": "a\tb"}\n'.encode()
        + '{"id": "ü€", "text": "'.encode()
        + b"\xff"
        + b'"}\n'
    )
    reasons = [x.reason for x in iter_jsonl(str(src), **FIELDS) if isinstance(x, Reject)]
    assert reasons == [
        "not valid JSON (Expecting property name enclosed in double quotes at column 27)",
        "not valid JSON (Invalid control character at column 23)",
        "not valid UTF-8 (byte 0xff at column 23)",
    ]


def test_a_gzip_output_names_its_own_file_not_the_temporary_one(tmp_path):
    """gzip stores a file name in its header (`gzip -dN` restores it): it used to be the temporary
    '.out.jsonl.gz.XXXX.part'; and no time, so that the same input gives the same bytes."""
    for k in range(2):
        with atomic_writer(str(tmp_path / f"out{k}.jsonl.gz")) as f:
            f.write("{}\n")
    raw = (tmp_path / "out0.jsonl.gz").read_bytes()
    assert raw[3] & 0x08 and raw[4:8] == bytes(4)  # FNAME set, MTIME 0
    assert raw[10 : raw.index(b"\0", 10)] == b"out0.jsonl"
    assert gzip.decompress(raw) == b"{}\n"
    assert raw[raw.index(b"\0", 10) :] == (tmp_path / "out1.jsonl.gz").read_bytes()[raw.index(b"\0", 10) :]
