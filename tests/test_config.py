"""Config: sections, validation naming the setting, changes by section, and a faithful dict form."""

from __future__ import annotations

import pytest

from dedup.config import SECTIONS, Config


def test_replace_changes_one_setting_of_a_section():
    cfg = Config().replace(corpus={"site_min_docs": 5}, languages=("en",))
    assert cfg.corpus.site_min_docs == 5 and cfg.corpus.corpus_min_docs == 10 and cfg.languages == ("en",)
    assert Config().corpus.site_min_docs == 3  # (frozen: the default is untouched)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"corpus": {"site_min_docs": 1}}, "site_min_docs must be at least 2"),
        ({"corpus": {"doc_similarity": 1.5}}, "doc_similarity must be between 0 and 1"),
        ({"corpus": {"keep": "last"}}, "keep must be 'first' or 'longest'"),
        ({"fingerprint": {"num_perm": 100}}, "num_perm must be a multiple of 8"),
        ({"decide": {"safety_keep_share": -0.1}}, "safety_keep_share must be between 0 and 1"),
        ({"duplicates": {"min_exact_words": 0}}, "min_exact_words must be at least 1"),
        ({"corpus": {"nosuch": 1}}, "unknown setting corpus.nosuch"),
    ],
)
def test_a_bad_value_names_the_setting(change, message):
    with pytest.raises(ValueError, match=message):
        Config().replace(**change)


def test_the_dict_form_round_trips():
    cfg = Config(detectors=("headline", "related"), languages=("en", "fr")).replace(
        corpus={"keep": "longest"}, fingerprint={"num_perm": 64}
    )
    d = cfg.to_dict()
    assert set(d) == {"detectors", "cue_files", "languages", *SECTIONS}
    assert Config.from_dict(d) == cfg
    with pytest.raises(ValueError, match="unknown setting"):
        Config.from_dict({**d, "lsh_threshold": 0.5})
