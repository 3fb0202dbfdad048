"""The examples of the documentation run: docs/detectors.md and the docstrings of the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import dedup

ROOT = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_detectors_doc_examples_print_what_the_code_does():
    result = doctest.testfile(str(ROOT / "docs" / "detectors.md"), module_relative=False, optionflags=FLAGS)
    assert result.attempted >= 20
    assert result.failed == 0


MODULES = sorted(
    m.name for m in pkgutil.walk_packages(dedup.__path__, "dedup.") if m.name != "dedup.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as e:  # an optional extra (html, scrapy) that is not installed
        pytest.skip(f"{name}: {e}")
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0
