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


def _with_examples() -> list[str]:
    """The package's modules whose docstrings hold examples (`>>>` outside a skipped one)."""
    names = ["dedup"] + [m.name for m in pkgutil.walk_packages(dedup.__path__, "dedup.")]
    out = []
    for name in names:
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
        if any(">>>" in line and "doctest: +SKIP" not in line for line in source.splitlines()):
            out.append(name)
    return sorted(out)


MODULES = _with_examples()


def test_the_public_face_has_examples():
    assert {"dedup", "dedup.pipeline", "dedup.cleaner", "dedup.config", "dedup.corpus.index"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as e:  # an optional extra (html, scrapy) that is not installed
        pytest.skip(f"{name}: {e}")
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0
