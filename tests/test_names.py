"""The distribution's own name: `pip install scrapeclean` (PyPI's "dedup" is an unrelated project with its
own `dedup` command); the import package stays `dedup`; every install line and message says so."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from dedup.version import DISTRIBUTION

ROOT = Path(__file__).resolve().parents[1]
#: an install line naming the other project: `pip install dedup`, `pip install 'dedup[html]'`, ...
WRONG_INSTALL = re.compile(r"pip install\s+(?:-\S+\s+)*['\"]?dedup(?:\[|['\"\s]|$)", re.M)


def test_the_distribution_and_its_command_are_named_scrapeclean():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION == "scrapeclean"
    assert project["scripts"] == {"scrapeclean": "dedup.run.cli:main"}  # (no `dedup`: it would clash)
    scripts = {
        e.name for e in metadata.distribution(DISTRIBUTION).entry_points if e.group == "console_scripts"
    }
    assert scripts == {"scrapeclean"}
    r = subprocess.run(
        [sys.executable, "-m", "dedup", "--version"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and r.stdout.startswith("scrapeclean ")


def test_no_install_line_names_the_other_project():
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "dedup").rglob("*.py")]
    files += [*(ROOT / "benchmarks").rglob("*.md")]
    bad = [
        f"{p.relative_to(ROOT)}: {m.group(0)}" for p in files for m in WRONG_INSTALL.finditer(p.read_text())
    ]
    assert bad == []
    assert "pip install 'scrapeclean[html]'" in (ROOT / "docs" / "pipelines.md").read_text(encoding="utf-8")


def test_missing_extras_say_what_to_install(monkeypatch):
    import dedup.html

    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'scrapeclean[html]'")):
        dedup.html.extract("<html></html>")
    monkeypatch.setitem(sys.modules, "itemadapter", None)
    monkeypatch.delitem(sys.modules, "dedup.integrations.scrapy", raising=False)
    with pytest.raises(ImportError, match=re.escape("pip install 'scrapeclean[scrapy]'")):
        importlib.import_module("dedup.integrations.scrapy")
