"""The review page (`scrapeclean report`): one self-contained HTML file, loaded in a real browser (Debian's
chromium, headless): the labels, a reason, the charts are on the page, and a screenshot is taken."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import load_articles

TEMPLATE = "Subscribe to The Harbor Ledger for more stories like this one, every morning."
#: what a headless chromium needs here (no sandbox as root, no GPU, no profile, no network of its own)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The review page of eight real articles of one site with injected junk, and a syndicated copy."""
    tmp = tmp_path_factory.mktemp("review")
    arts = [a for a in load_articles() if a["lang"] == "en" and a["title"] and 800 < len(a["body"]) < 4000][
        :8
    ]
    recs = []
    for i, a in enumerate(arts):
        paras = a["body"].split("\n\n")
        text = "\n\n".join(
            [a["title"], paras[0], a["title"], *paras[1:], "Read more: Ferry fares rise", TEMPLATE]
        )
        recs.append(
            {"id": f"doc{i}", "url": f"https://harbor.example/{i}", "title": a["title"], "text": text}
        )
    recs.append(dict(recs[2], id="copy", url="https://other.example/c"))
    src = tmp / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp / "review.html"
    r = subprocess.run(
        [sys.executable, "-m", "dedup", "report", str(src), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return out


def test_the_page_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing fetched
    assert "<link" not in html and "<script src" not in html and "@import" not in html


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (./scripts/test installs Debian's)")
    return found


def _browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_browser_shows_the_labels_reasons_charts_and_copies(page, tmp_path):
    r = _browse(page, tmp_path / "profile", "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    # the inline script ran: it counts the highlighted spans once the page is loaded
    ready = re.search(r'<body[^>]*data-ready="(\d+)"', dom)
    assert ready and int(ready.group(1)) >= 20, dom[:500]
    for label in ("headline_repeat", "related_link", "boilerplate"):
        assert f'mark class="flag" data-label="{label}"' in dom, label
        assert f'<rect class="bar" data-name="{label}"' in dom, label  # its bar in the chart per label
    assert "announces another article (cue 'Read more')" in dom  # a reason, shown on hover
    assert re.search(r'title="headline_repeat \(1\.00\): copy of the title \(the given title\)', dom)
    assert '<rect class="bar" data-name="harbor.example"' in dom  # the chart per site
    assert "a copy of <b>doc2</b>" in dom and "the original it copies, as cleaned" in dom
    assert '<b id="n-records">9</b> records' in dom


def test_a_browser_draws_it(page, tmp_path):
    shot = tmp_path / "review.png"
    r = _browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2400")
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # (a blank page is a few kilobytes)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2400)
