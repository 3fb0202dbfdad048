"""Report: counts, and a JSON form that carries every flag with the text it covers."""

from __future__ import annotations

import json

import dedup


def test_the_json_form_carries_each_flag_and_its_text():
    text = "Big News\n\nBig News\n\nThe body of the story.\n\n📖 Related: Another Story Happened Today"
    r = dedup.analyze(text, doc_id="a")
    d = json.loads(r.to_json(include_text=True))
    assert d["id"] == "a" and d["counts"] == {"headline_repeat": 1, "related_link": 1}
    assert [f["text"] for f in d["flags"]] == ["Big News", "📖 Related: Another Story Happened Today"]
    assert all("sure" not in f for f in d["flags"])  # (a hint to the safety valve, not part of the format)
    assert d["chars_in"] == len(text) and d["chars_out"] == len(r.clean) == len(d["clean"])
    assert r.removed_chars == len(text) - len(r.clean)
