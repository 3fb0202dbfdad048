"""The pipeline and the registry it runs: what the registry says of each detector is true, the stages run
in order, and no module of the package imports its way back to itself."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import dedup
from benchmarks.quality import farm
from dedup.config import Config
from dedup.detectors import REGISTRY, Context, selected
from dedup.pipeline import page_flags
from dedup.text.segment import Page, segment

PACKAGE = Path(dedup.__file__).parent


def test_detectors_that_do_not_read_the_title_ignore_it(articles):
    """The corpus run reuses the flags of detectors not marked `reads_title` between a page with and without
    its title: those flags must not depend on it."""
    pages = [a["title"] + "\n\n" + a["body"] for a in articles if a.get("title")]
    pages += [p["text"] for p in farm.make_corpus(n_pages=40, seed=8, styles="all")[0]]
    reads = {spec.name for spec in REGISTRY if spec.reads_title}
    for text in pages:
        lines = segment(text).lines
        runs = [
            dict(page_flags(Context.build(Page(text, lines, t), Config())))
            for t in (None, lines[0].text, "Some Other Title")
        ]
        for name in runs[0]:
            if name not in reads:
                assert runs[0][name] == runs[1][name] == runs[2][name], name


def test_lines_the_first_detectors_remove_are_never_the_title():
    """Detectors marked `hides_from_title` run first; a cue line on top of the page is not taken as the
    title, so the headline under it is (and its copy goes)."""
    assert [s.name for s in selected(None)][:2] == ["related", "boilerplate"]
    text = (
        "📖 Related: Mayor Faces Recall Vote Over Budget\n\nCity Opens New Bridge\n\nCity Opens New "
        "Bridge\n\n" + ("The bridge opened on Monday after three years of work on the river crossing.")
    )
    r = dedup.analyze(text)
    assert [(f.label, text[f.start : f.end]) for f in r.flags] == [
        ("related_link", "📖 Related: Mayor Faces Recall Vote Over Budget"),
        ("headline_repeat", "City Opens New Bridge"),
    ]


def test_an_unknown_detector_is_a_clear_error():
    try:
        dedup.clean("A\n\nB", config=Config(detectors=("headline", "nosuch")))
    except ValueError as e:
        assert "unknown detector 'nosuch'" in str(e)
    else:
        raise AssertionError("no error")


def _imports(path: Path, module: str) -> set[str]:
    """The package modules `module` (at `path`) imports, lazily or not, TYPE_CHECKING blocks included."""
    out = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("dedup"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base.startswith("dedup"):
                out.add(base)
                out.update(f"{base}.{a.name}" for a in node.names)  # (a submodule imported by name)
    return out


def _modules() -> dict[str, Path]:
    found = {"dedup": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], "dedup."):
        spec = importlib.util.find_spec(info.name)
        assert spec is not None and spec.origin is not None
        found[info.name] = Path(spec.origin)
    return found


def test_no_import_cycles():
    """Data flows one way: no module imports, even lazily, a module that imports it back. Importing a module
    runs its packages' `__init__` first, so those count as imported too; the package's face (`dedup`) is left
    out: it only gathers names for users."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for m, p in modules.items():
        if m == "dedup":
            continue
        deps = set()
        for i in _imports(p, m):
            parts = i.split(".")
            deps.update(".".join(parts[:k]) for k in range(2, len(parts) + 1))  # (its packages first)
        graph[m] = {d for d in deps if d in modules and d != m and not m.startswith(d + ".")}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(n) :] + [m, n]))
            if n not in state:
                visit(n, trail + [m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_every_module_imports_on_its_own():
    import subprocess
    import sys

    names = sorted(m for m in _modules() if not m.startswith("dedup.integrations") and m != "dedup.__main__")
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    for name in names:  # (a fresh interpreter each: an import that only works after another shows here)
        r = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (name, r.stderr[-500:])
