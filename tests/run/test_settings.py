"""Settings from a TOML file (--config), overridden by the command line; --languages; `config`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dedup.config import Config
from dedup.errors import InputError, UsageError
from dedup.run.settings import parse_languages, read_config_file, to_toml
from tests.support import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120)


def _corpus(tmp_path, n: int = 4):
    """Pages of one site sharing a template line (boilerplate from 3 pages on, by default)."""
    p = tmp_path / "c.jsonl"
    p.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"d{i}",
                    "url": f"https://harbor.example/{i}",
                    "text": f"Story number {i}\n\nBody {i} with words of its own: "
                    + " ".join(f"w{i * 31 + k}" for k in range(30))
                    + ".\n\nThe Harbor Ledger is written by volunteers along the coast.",
                }
            )
            + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )
    return p


def _template_kept(tmp_path, *args: str) -> int:
    out = tmp_path / "o.jsonl"
    r = run("clean", str(_corpus(tmp_path)), "-o", str(out), "-q", *args)
    assert r.returncode == 0, r.stderr
    return sum("Harbor Ledger" in json.loads(x)["text"] for x in out.read_text().splitlines())


def test_a_config_file_sets_values_and_the_command_line_overrides_it(tmp_path):
    assert _template_kept(tmp_path) == 0
    cfg = tmp_path / "s.toml"
    cfg.write_text("[corpus]\nsite_min_docs = 5\nsite_min_share = 0.5\n", encoding="utf-8")
    assert _template_kept(tmp_path, "--config", str(cfg)) == 4  # (4 pages: never 5)
    assert _template_kept(tmp_path, "--config", str(cfg), "--site-min-docs", "3") == 0


def test_every_setting_printed_reads_back_as_the_same_config(tmp_path):
    cfg = Config().replace(languages=("en", "fr"), corpus={"keep": "longest"}, headline={"similarity": 0.8})
    path = tmp_path / "all.toml"
    path.write_text(to_toml(cfg), encoding="utf-8")
    assert Config().replace(**read_config_file(str(path))) == cfg
    r = run("config", "--config", str(path))
    assert r.returncode == 0 and r.stdout == to_toml(cfg)


def test_mistakes_in_a_config_file_are_one_line_with_the_file_named(tmp_path):
    cases = {
        "[corpus]\nsite_min_dox = 3\n": (2, "unknown setting [corpus] site_min_dox (known: block_min_words"),
        "[corpus]\nsite_min_docs = 'three'\n": (
            2,
            "[corpus] site_min_docs must be a whole number, not 'three'",
        ),
        "[corpus]\nsite_min_docs = 1\n": (2, "site_min_docs must be at least 2"),
        "[nonsense]\nx = 1\n": (2, "unknown setting 'nonsense'"),
        "detectors = ['headline', 'nope']\n": (2, "unknown detector 'nope'"),
        "[corpus\n": (3, "not valid TOML"),
    }
    for k, (text, (code, message)) in enumerate(cases.items()):
        path = tmp_path / f"c{k}.toml"
        path.write_text(text, encoding="utf-8")
        r = run("clean", str(SEED), "--config", str(path))
        assert r.returncode == code and r.stderr.count("\n") == 1, (text, r.stderr)
        assert r.stderr.startswith(f"scrapeclean: error: {path}: ") and message in r.stderr, r.stderr
    r = run("clean", str(SEED), "--config", str(tmp_path / "missing.toml"))
    assert r.returncode == 3 and "cannot read the config file" in r.stderr


def test_cue_files_of_a_config_file_are_found_beside_it(tmp_path):
    (tmp_path / "cues").mkdir()
    (tmp_path / "cues" / "desk.txt").write_text("[related]\nmore from the desk\n", encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text('cue_files = ["cues/desk.txt"]\n', encoding="utf-8")
    assert read_config_file(str(path))["cue_files"] == (str(tmp_path / "cues" / "desk.txt"),)
    text = (
        "Ferry fares rise\n\nThe island ferry will cost two dollars more from March, the operator said on "
        "Monday.\n\nMore from the desk: Harbour dredging delayed\n\nCommuters say the increase adds up to "
        "more than forty dollars a month."
    )
    art = tmp_path / "a.txt"
    art.write_text(text, encoding="utf-8")
    assert "More from the desk" in run("clean", str(art)).stdout
    assert "More from the desk" not in run("clean", str(art), "--config", str(path)).stdout


def test_languages_selects_cue_files():
    text = (
        "Le budget est voté\n\nLe conseil a voté mardi un budget plus élevé que celui de l'an dernier, après "
        "un long débat.\n\nLire aussi : Les tarifs du ferry augmentent\n\nLes habitants ont demandé plus de "
        "dépenses pour les routes et les bibliothèques."
    )
    assert parse_languages("en, fr") == ("en", "fr")
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        parse_languages("en,xx")
    import dedup

    assert "Lire aussi" not in dedup.clean(text)
    assert "Lire aussi" in dedup.clean(text, config=Config(languages=("en",)))
    r = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", "-", "--languages", "en"],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and "Lire aussi" in r.stdout
    r = run("clean", str(SEED), "--languages", "en,zz")
    assert r.returncode == 2 and "unknown language 'zz'" in r.stderr


def test_a_config_file_that_is_not_utf8_or_not_a_table(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b"[corpus]\nkeep = '\xff'\n")
    with pytest.raises(InputError):
        read_config_file(str(path))
    path.write_text("corpus = 3\n", encoding="utf-8")
    with pytest.raises(UsageError, match="corpus must be a table"):
        read_config_file(str(path))
