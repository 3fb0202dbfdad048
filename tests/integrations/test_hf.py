"""`dedup.integrations.hf` on a small in-memory `datasets.Dataset`, with num_proc=1 and 2."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

datasets = pytest.importorskip("datasets")

import dedup  # noqa: E402
from dedup.integrations.hf import build_index, make_map_fn  # noqa: E402

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEMPLATE = "The Harbor Ledger is written by a small team of volunteers living along the northern coast."


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """Six real articles of one site with a template line and a repeated headline, plus a syndicated copy."""
    path = SHARED / "data" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is missing (../shared beside the checkout)")
    arts = []
    for line in path.open(encoding="utf-8"):
        a = json.loads(line)
        if a["lang"] == "en" and a["title"] and 800 <= len(a["body"]) <= 3000:
            arts.append(a)
        if len(arts) == 6:
            break
    out = []
    for i, a in enumerate(arts):
        paras = a["body"].split("\n\n")
        text = "\n\n".join([a["title"], paras[0], a["title"], *paras[1:], TEMPLATE])
        out.append({"id": f"doc{i}", "title": a["title"], "url": f"https://harbor.example/{i}", "text": text})
    copy = dict(out[2], id="copy", url="https://other.example/syndicated")
    copy["text"] = copy["text"].replace(
        TEMPLATE, "Republished with permission of the original publisher today."
    )
    return out + [copy]


def test_one_step_matches_clean_and_num_proc(rows):
    ds = datasets.Dataset.from_list(rows)
    fn = make_map_fn("text", title_column="title")
    one = ds.map(fn, batched=True, batch_size=3)
    two = ds.map(fn, batched=True, batch_size=3, num_proc=2)
    assert one["clean_text"] == two["clean_text"]
    for r, out in zip(rows, one):
        assert out["clean_text"] == dedup.clean(r["text"], title=r["title"])
        assert out["clean_text"].count(r["title"]) == 1  # the repeated headline is gone
        labels = [f["label"] for f in json.loads(out["dedup_flags"])]
        assert "headline_repeat" in labels
        assert out["dedup_duplicate_of"] == ""  # no index: copies can't be seen
        assert out["text"] == r["text"]  # the source column is untouched


def test_two_step_index_finds_copies_and_boilerplate_across_shards(rows):
    ds = datasets.Dataset.from_list(rows)
    index = build_index(ds, "text", title_column="title", url_column="url")
    fn = make_map_fn("text", title_column="title", url_column="url", index=index)
    out = ds.map(fn, batched=True, batch_size=2, with_indices=True, num_proc=2)
    assert list(out["dedup_duplicate_of"]) == [""] * 6 + ["2"]  # row 6 copies row 2 (ids = row numbers)
    for _r, o in zip(rows[:6], out):
        assert TEMPLATE not in o["clean_text"]  # site boilerplate, learned across shards
        flags = json.loads(o["dedup_flags"])
        assert any(f["label"] == "boilerplate" and f["text"] == TEMPLATE for f in flags)
    kept = out.filter(lambda r: not r["dedup_duplicate_of"])
    assert len(kept) == 6


def test_id_column_and_overwrite(rows):
    ds = datasets.Dataset.from_list(rows)
    index = build_index(ds, "text", title_column="title", url_column="url", id_column="id")
    fn = make_map_fn(
        "text", title_column="title", url_column="url", id_column="id", index=index, output_column=None
    )
    out = ds.map(fn, batched=True)
    assert "clean_text" not in out.column_names
    assert list(out["dedup_duplicate_of"]) == [""] * 6 + ["doc2"]
    assert all(TEMPLATE not in t for t in out["text"][:6])


def test_picklable_and_guards(rows):
    fn = make_map_fn("text", index=dedup.Index())
    assert pickle.loads(pickle.dumps(fn)).text_column == "text"
    with pytest.raises(ValueError, match="with_indices"):
        fn({"text": ["a b c"]})
    with pytest.raises(ValueError):
        make_map_fn("text", index=dedup.Index(), batch_corpus=True)
    empty = make_map_fn("text")({"text": ["", None]})
    assert empty["clean_text"] == ["", None] and empty["dedup_duplicate_of"] == ["", ""]


def test_batch_corpus_sees_copies_inside_one_batch(rows):
    ds = datasets.Dataset.from_list(rows)
    out = ds.map(
        make_map_fn("text", title_column="title", url_column="url", batch_corpus=True),
        batched=True,
        batch_size=len(rows),
        with_indices=True,
    )
    assert list(out["dedup_duplicate_of"]) == [""] * 6 + ["2"]


def test_map_without_batched_gives_the_same_columns_and_none_titles_are_no_title(rows):
    """`map(fn)` without batched=True hands one row of values: it used to clean each text's characters as a
    batch of one-letter texts; a None title (or a missing value) raised TypeError."""
    data = [dict(r) for r in rows]
    data[1]["title"] = None
    ds = datasets.Dataset.from_list(data)
    fn = make_map_fn("text", title_column="title")
    batched = ds.map(fn, batched=True, batch_size=4)
    single = ds.map(fn)
    for col in ("clean_text", "dedup_flags", "dedup_duplicate_of"):
        assert single[col] == batched[col], col
    assert all(isinstance(t, str) and len(t) > 100 for t in single["clean_text"])
    assert single[1]["clean_text"] == dedup.clean(data[1]["text"])
    index = build_index(ds, "text", title_column="title", url_column="url")
    fn = make_map_fn("text", title_column="title", url_column="url", index=index)
    rows_one = ds.map(fn, with_indices=True)
    rows_batched = ds.map(fn, with_indices=True, batched=True, batch_size=3)
    assert rows_one["dedup_duplicate_of"] == rows_batched["dedup_duplicate_of"]
    assert rows_one["dedup_duplicate_of"][-1] == "2"
    with pytest.raises(KeyError, match="no column 'body'"):
        make_map_fn("body")({"text": "x"})
