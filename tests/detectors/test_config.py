"""The detectors' sections of `Config` (dedup/config.py): every threshold is validated, and a bad value is a
ValueError naming the field."""

from __future__ import annotations

from dataclasses import fields

import pytest

from dedup.config import (
    BoilerplateConfig,
    Config,
    DuplicatesConfig,
    HeadlineConfig,
    InlineConfig,
    LayoutConfig,
    LimitsConfig,
    RelatedConfig,
)

SECTIONS = {
    "headline": HeadlineConfig,
    "duplicates": DuplicatesConfig,
    "inline": InlineConfig,
    "related": RelatedConfig,
    "boilerplate": BoilerplateConfig,
    "layout": LayoutConfig,
    "limits": LimitsConfig,
}
# a value no field of its kind accepts: a share above 1, a count below 0 (the ratios of a line's length to the
# title's are no shares: they must be above 0 and in order)
BAD = {"fuzzy_min_ratio": 0.0, "fuzzy_max_ratio": 0.5}
# the counts that may be 0: how many words (characters) may stand next to a cue or a widget
MAY_BE_ZERO = {
    "max_suffix_words",
    "share_rest_words",
    "share_rest_chars",
    "teaser_rest_words",
    "teaser_body_rest_words",
    "teaser_rest_chars",
    "teaser_body_rest_chars",
    "max_widget_prefix_words",
    "max_nav_figure_items",
}
FIELDS = [(name, f.name, f.default) for name, cls in SECTIONS.items() for f in fields(cls)]


def _bad(field: str, default: object) -> object:
    if field in BAD:
        return BAD[field]
    return 1.5 if isinstance(default, float) else -1


@pytest.mark.parametrize(("section", "field", "default"), FIELDS, ids=[f"{s}.{f}" for s, f, _ in FIELDS])
def test_a_bad_value_is_a_value_error_naming_the_field(section, field, default):
    with pytest.raises(ValueError, match=rf"\b{field}\b"):
        Config().replace(**{section: {field: _bad(field, default)}})


@pytest.mark.parametrize(
    ("section", "field"),
    [(s, f) for s, f, d in FIELDS if isinstance(d, int) and f not in MAY_BE_ZERO],
    ids=lambda x: x,
)
def test_counts_are_at_least_one(section, field):
    with pytest.raises(ValueError, match=rf"^{field} must be at least 1"):
        SECTIONS[section](**{field: 0})


@pytest.mark.parametrize("field", sorted(MAY_BE_ZERO))
def test_what_may_stand_next_to_a_cue_may_be_nothing(field):
    section = next(s for s, f, _ in FIELDS if f == field)
    assert getattr(getattr(Config().replace(**{section: {field: 0}}), section), field) == 0


@pytest.mark.parametrize(
    ("section", "low", "high"),
    [
        ("headline", "collapse_min_words", "collapse_max_words"),
        ("headline", "fuzzy_min_ratio", "fuzzy_max_ratio"),
        ("inline", "min_words", "max_words"),
        ("related", "min_headline_words", "max_headline_words"),
        ("boilerplate", "teaser_min_repeat_words", "teaser_max_repeat_words"),
        ("boilerplate", "doubled_head_min_words", "doubled_head_max_words"),
        ("boilerplate", "min_nav_items", "min_body_nav_items"),
    ],
)
def test_the_bounds_of_a_range_stay_in_order(section, low, high):
    cls = SECTIONS[section]
    value = getattr(cls(), high)
    with pytest.raises(ValueError, match=rf"^{low} must be at most {high}"):
        cls(**{low: value * 2})
    cls(**{low: value})  # (equal bounds: a range of one)


def test_the_defaults_are_valid_and_travel_with_a_saved_index():
    cfg = Config().replace(layout={"paragraph_words": 10}, boilerplate={"min_menu_entries": 5})
    assert Config.from_dict(cfg.to_dict()) == cfg
    assert cfg.to_dict()["layout"]["paragraph_words"] == 10
    with pytest.raises(ValueError, match=r"unknown setting layout\.paragraph_length"):
        Config().replace(layout={"paragraph_length": 10})
