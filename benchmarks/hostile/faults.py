"""Faults a corpus run must survive (issue #18): each scenario sets up a folder, runs `dedup clean` the way a
user (or a failing machine) would, and says what happened against what must happen. `tests/run/test_faults.py`
asserts every scenario; `python -m benchmarks.hostile.run` prints them as a table for docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .scenario import Outcome, Scenario

ROOT = Path(__file__).resolve().parents[2]


def dedup(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`dedup ARGS` in `cwd` (this checkout's code)."""
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def patched(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`dedup ARGS` after `code` has run in the same process (to make a disk full, a limit small, ...)."""
    prog = f"import sys\n{code}\nfrom dedup.run.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", prog, *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def corpus(path: Path, n: int = 200, start: int = 0) -> Path:
    """A JSONL corpus of `n` small pages over three sites."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            body = f"Body number {i} tells its own story in words of its own."
            text = f"Title {i}\n\n{body}\n\nSubscribe to the Brief"
            f.write(json.dumps({"id": str(i), "url": f"https://s{i % 3}.example/{i}", "text": text}) + "\n")
    return path


def one_line(r: subprocess.CompletedProcess) -> bool:
    """An error of one line, no traceback."""
    err = r.stderr.decode("utf-8", "replace")
    return err.count("\n") == 1 and "Traceback" not in err


def err(r: subprocess.CompletedProcess) -> str:
    return r.stderr.decode("utf-8", "replace").strip()


def files(folder: Path) -> list[str]:
    """The files of `folder` but index lock files (`<index>.lock` stays: it is the lock, not its holder)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".idx.lock"))


def leftovers(folder: Path) -> list[str]:
    """Temporary files of runs in `folder`."""
    return sorted(p.name for p in folder.iterdir() if ".dedup-part-" in p.name)


# ------------------------------------------------------------------ item 4: a failed run saves nothing
def failed_run_saves_nothing(tmp: Path) -> Outcome:
    src = corpus(tmp / "c.jsonl")
    (tmp / "afile").write_text("x")
    r = dedup(
        "clean", "c.jsonl", "-o", "o.jsonl", "--index", "i.idx", "--summary", "afile/s.json", "-q", cwd=tmp
    )
    first = (r.returncode, files(tmp))
    again = dedup(
        "clean", "c.jsonl", "-o", "o.jsonl", "--index", "i.idx", "--summary", "s.json", "-q", cwd=tmp
    )
    dups = json.loads((tmp / "s.json").read_text())["duplicates"] if again.returncode == 0 else None
    ok = first == (5, ["afile", "c.jsonl"]) and one_line(r) and dups == 0 and src.exists()
    return Outcome(ok, f"exit {first[0]}, left {first[1]}; rerun: exit {again.returncode}, {dups} duplicates")


def bad_record_midway_saves_nothing(tmp: Path) -> Outcome:
    corpus(tmp / "c.jsonl")
    with (tmp / "c.jsonl").open("a") as f:
        f.write("{not json\n")
    r = dedup("clean", "c.jsonl", "-o", "o.jsonl", "--index", "i.idx", "--report", "r.jsonl", "-q", cwd=tmp)
    left = files(tmp)
    return Outcome(
        r.returncode == 3 and left == ["c.jsonl"] and one_line(r), f"exit {r.returncode}, left {left}"
    )


# ------------------------------------------------------------------ item 5: two runs on one index
def two_runs_on_one_index(tmp: Path) -> Outcome:
    corpus(tmp / "a.jsonl", 3000)
    corpus(tmp / "b.jsonl", 3000, start=5000)
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dedup",
                "clean",
                f"{x}.jsonl",
                "-o",
                f"{x}.out.jsonl",
                "--index",
                "i.idx",
                "-q",
            ],
            cwd=tmp,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for x in "ab"
    ]
    codes = [p.wait(timeout=300) for p in runs]
    from dedup import Index

    try:
        docs = len(Index.load(tmp / "i.idx"))
        loads = f"the index loads ({docs} documents)"
    except Exception as e:  # (what must not happen)
        docs, loads = -1, f"the index does not load ({e})"
    said = [p.stderr.read().decode("utf-8", "replace").strip() for p in runs if p.stderr is not None]
    refused = sorted(codes) == [0, 4] and any("in use by another dedup run" in x for x in said)
    ok = (refused or codes == [0, 0]) and docs in (3000, 6000) and not leftovers(tmp)
    return Outcome(ok, f"exits {codes}; {loads}; temporary files left: {leftovers(tmp)}")


# ------------------------------------------------------------------ item 6: folder inputs
def folder_links_and_fifos(tmp: Path) -> Outcome:
    src = tmp / "in"
    src.mkdir()
    (src / "a.txt").write_text("Title\n\nThe body of the article, in words of its own.")
    (src / "p.txt").symlink_to("/etc/passwd")
    (src / "gone.txt").symlink_to(tmp / "nowhere.txt")
    os.mkfifo(src / "q.txt")
    r = dedup("clean", "in", "-o", "out", "--rejects", "rej.jsonl", "--summary", "s.json", "-q", cwd=tmp)
    if r.returncode:
        return Outcome(False, f"exit {r.returncode}: {err(r)}")
    summary = json.loads((tmp / "s.json").read_text())
    reasons = [json.loads(x)["reason"] for x in (tmp / "rej.jsonl").read_text().splitlines()]
    out = sorted(p.name for p in (tmp / "out").iterdir())
    ok = (
        out == [".dedup-manifest.json", "a.txt"]
        and summary["rejects"] == 2
        and any("outside the folder" in x for x in reasons)
        and any("broken" in x for x in reasons)
        and [s["path"] for s in summary["skipped"]] == ["in/q.txt"]
    )
    return Outcome(ok, f"out: {out}; rejects: {reasons}; skipped: {summary['skipped']}")


# ------------------------------------------------------------------ item 7: SIGKILL of the parent
def killed_run_leaves_no_orphans(tmp: Path) -> Outcome:
    corpus(tmp / "c.jsonl", 20000)
    spool = tmp / "tmpdir"
    spool.mkdir()
    (tmp / "out").mkdir()
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dedup",
            "clean",
            "-",
            "--format",
            "jsonl",
            "-o",
            "out/o.jsonl",
            "--jobs",
            "2",
            "-q",
        ],
        cwd=tmp,
        stdin=(tmp / "c.jsonl").open("rb"),
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(spool)},
        start_new_session=True,
    )
    workers: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2:  # (the workers start with the first pass)
        time.sleep(0.2)
        workers = [int(x) for x in _children(p.pid)]
    time.sleep(1.0)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    time.sleep(2.0)
    alive = [w for w in workers if _running(w)]
    in_tmp = sorted(x.name for x in spool.iterdir())
    r = dedup("clean", "c.jsonl", "-o", "out/o.jsonl", "-q", cwd=tmp)
    left = leftovers(tmp / "out")
    ok = len(workers) == 2 and not alive and not in_tmp and r.returncode == 0 and not left
    return Outcome(
        ok, f"{len(workers)} workers, alive 2 s after: {alive}; TMPDIR: {in_tmp}; after a rerun: {left}"
    )


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ------------------------------------------------------------------ item 8: the index is written last
def index_folder_unwritable(tmp: Path) -> Outcome:
    corpus(tmp / "c.jsonl")
    (tmp / "afile").write_text("x")
    t0 = time.time()
    r = dedup("clean", "c.jsonl", "-o", "o.jsonl", "--index", "afile/i.idx", "-q", cwd=tmp)
    left = files(tmp)
    ok = r.returncode == 5 and one_line(r) and left == ["afile", "c.jsonl"]
    return Outcome(ok, f"exit {r.returncode} after {time.time() - t0:.1f} s: {err(r)}; left {left}")


_FULL_DISK = """
import errno
import dedup.corpus.index as m
def save(self, path):
    open(path, "wb").write(b"half an index")
    raise OSError(errno.ENOSPC, "No space left on device")
m.Index.save = save
"""


def disk_full_saving_the_index(tmp: Path) -> Outcome:
    corpus(tmp / "c.jsonl")
    r = patched(
        _FULL_DISK, "clean", "c.jsonl", "-o", "o.jsonl", "--index", "i.idx", "--summary", "s.json", cwd=tmp
    )
    left = files(tmp)
    ok = r.returncode == 5 and one_line(r) and left == ["c.jsonl"] and "nothing" in err(r)
    return Outcome(ok, f"exit {r.returncode}: {err(r)}; left {left}")


# ------------------------------------------------------------------ item 9: index files
def _index(tmp: Path) -> Path:
    corpus(tmp / "c.jsonl", 30)
    dedup("clean", "c.jsonl", "-o", "o.jsonl", "--index", "i.idx", "-q", cwd=tmp)
    return tmp / "i.idx"


def _rewrite(path: Path, change: Callable[[dict], None]) -> None:
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    change(arrays)
    with path.open("wb") as f:
        np.savez_compressed(f, **arrays)


def _header(arrays: dict, **fields: object) -> None:
    header = json.loads(bytes(arrays["header"]).decode())
    header.update(fields)
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)


def _set_array(name: str, value: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], None]:
    def change(arrays: dict) -> None:
        arrays[name] = value(arrays[name])

    return change


BAD_INDEXES: dict[str, Callable[[dict], None]] = {
    "a header that is a list": lambda a: a.__setitem__(
        "header", np.frombuffer(b'["dedup-index", 2]', dtype=np.uint8)
    ),
    "document ids that are numbers": lambda a: _header(a, doc_ids=list(range(30))),
    "a document of an unknown site": _set_array("doc_site", lambda x: x + 7),
    "a copy of a document that does not exist": _set_array("dup", lambda x: np.asarray([[0, 999, 9000]])),
    "a block key pointing past the blocks": _set_array("exact_vals", lambda x: x + 10**6),
    "signatures of the wrong width": _set_array("sigs", lambda x: x[:, :64]),
    "counts of a float type": _set_array("all_docs", lambda x: x.astype(np.float64)),
    "a document's clusters past their list": _set_array("cl_start", lambda x: x + 10**6),
    "a copy's blocks of another size": _set_array("copy_sizes", lambda x: np.asarray([5], dtype=np.int64)),
    "band keys of a document that does not exist": _set_array("doc_bands", lambda x: x | 0xFFFF),
    "a cluster begun by a document that does not exist": _set_array("cl_first", lambda x: x + 10**6),
    "paragraph words of another length": _set_array("cl_words", lambda x: x[:-1]),
}


def index_files(tmp: Path) -> Outcome:
    idx = _index(tmp)
    good = idx.read_bytes()
    results = []
    os.mkfifo(tmp / "fifo.idx")
    r = dedup("clean", "c.jsonl", "-o", "o2.jsonl", "--index", "fifo.idx", "-q", cwd=tmp)
    results.append(("a FIFO", r))
    for what, change in BAD_INDEXES.items():
        idx.write_bytes(good)
        _rewrite(idx, change)
        before = idx.read_bytes()
        r = dedup("clean", "c.jsonl", "-o", "o2.jsonl", "--index", "i.idx", "-q", cwd=tmp)
        results.append((what, r))
        if idx.read_bytes() != before:
            return Outcome(False, f"{what}: the index was changed")
    idx.write_bytes(good)
    r = dedup(
        "clean", "c.jsonl", "-o", "o2.jsonl", "--index", "i.idx", "--doc-similarity", "0.9", "-q", cwd=tmp
    )
    results.append(("built with another doc_similarity", r))
    bad = [(w, r.returncode, err(r)) for w, r in results if r.returncode != 4 or not one_line(r)]
    idx.write_bytes(good)
    note = dedup("clean", "c.jsonl", "-o", "o3.jsonl", "--index", "i.idx", "--site-min-docs", "5", cwd=tmp)
    said = "applies site_min_docs=5" in err(note)
    ok = not bad and not (tmp / "o2.jsonl").exists() and note.returncode == 0 and said
    return Outcome(
        ok,
        f"{len(results)} unusable indexes: exit 4, one line each (bad: {bad}); another "
        f"site_min_docs: exit {note.returncode}, said: {said}",
    )


# ------------------------------------------------------------------ item 10: the -o folder
def output_folder(tmp: Path) -> Outcome:
    src = tmp / "in"
    src.mkdir()
    (src / "a.txt").write_text("Title\n\nThe body of the article, in words of its own.")
    mine = tmp / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes")
    refused = dedup("clean", "in", "-o", "mine", "-q", cwd=tmp)
    kept = (mine / "notes.txt").read_text() == "my own notes"
    beside = dedup("clean", "in", "-o", "mine", "--overwrite", "-q", cwd=tmp)
    both = sorted(p.name for p in mine.iterdir())
    (tmp / "real").mkdir()
    (tmp / "link").symlink_to(tmp / "real")
    linked = dedup("clean", "in", "-o", "link", "-q", cwd=tmp)
    through = sorted(p.name for p in (tmp / "real").iterdir())
    (tmp / "afile").write_text("x")
    t0 = time.time()
    blocked = dedup("clean", "in", "-o", "afile/out", "-q", cwd=tmp)
    ok = (
        refused.returncode == 5
        and kept
        and beside.returncode == 0
        and both == [".dedup-manifest.json", "a.txt", "notes.txt"]
        and linked.returncode == 0
        and through == [".dedup-manifest.json", "a.txt"]
        and blocked.returncode == 5
        and one_line(blocked)
    )
    return Outcome(
        ok,
        f"user's file: exit {refused.returncode} (kept: {kept}), --overwrite: exit {beside.returncode} "
        f"{both}; "
        f"linked folder: exit {linked.returncode} {through}; unwritable: exit {blocked.returncode} after "
        f"{time.time() - t0:.1f} s",
    )


# ------------------------------------------------------------------ item 3: records too large
_SMALL = "import dedup.run.io as io\nio.MAX_RECORD_BYTES = 1 << 20\n"


def oversized_record(tmp: Path) -> Outcome:
    corpus(tmp / "c.jsonl", 20)
    big = json.dumps({"id": "big", "text": "word " * 400_000}) + "\n"
    with (tmp / "c.jsonl").open("a") as f:
        f.write(big)
    strict = patched(_SMALL, "clean", "c.jsonl", "-o", "o.jsonl", "-q", cwd=tmp)
    r = patched(_SMALL, "clean", "c.jsonl", "-o", "o.jsonl", "--rejects", "rej.jsonl", "-q", cwd=tmp)
    rej = [json.loads(x) for x in (tmp / "rej.jsonl").read_text().splitlines()] if r.returncode == 0 else []
    import base64

    whole = bool(rej) and base64.b64decode(rej[0]["record_base64"]) == big.encode()[:-1]
    ok = strict.returncode == 3 and one_line(strict) and r.returncode == 0 and len(rej) == 1 and whole
    reason = rej[0]["reason"] if rej else err(r)
    return Outcome(
        ok,
        f"without --rejects: exit {strict.returncode}; with: exit {r.returncode}, {reason!r}, "
        f"copied whole: {whole}",
    )


# ------------------------------------------------------------------ item 11: rejects keep their bytes
def rejects_keep_their_bytes(tmp: Path) -> Outcome:
    raw = b'{"id": "x", "text": "caf\xe9"}'
    (tmp / "c.jsonl").write_bytes(raw + b"\n")
    r = dedup("clean", "c.jsonl", "-o", "o.jsonl", "--rejects", "rej.jsonl", "-q", cwd=tmp)
    import base64

    rec = json.loads((tmp / "rej.jsonl").read_text())
    ok = r.returncode == 0 and base64.b64decode(rec["record_base64"]) == raw
    return Outcome(ok, f"exit {r.returncode}; record_base64 gives the bytes back: {ok}")


SCENARIOS = [
    Scenario(
        3,
        "a record over MAX_RECORD_BYTES",
        "exit 3 without --rejects; with it, a reject with its reason and the record copied whole (base64)",
        oversized_record,
    ),
    Scenario(
        4,
        "--summary unwritable, with --index",
        "exit 5 before any work, nothing written; the rerun finds no duplicates",
        failed_run_saves_nothing,
    ),
    Scenario(
        4,
        "a bad record at the end, without --rejects",
        "exit 3, no output, no index",
        bad_record_midway_saves_nothing,
    ),
    Scenario(
        5,
        "two runs on one --index at once",
        "the second writer refused (exit 4, the index in use) or run after the first; the index loads; no "
        "temporary file left",
        two_runs_on_one_index,
    ),
    Scenario(
        6,
        "folder input with links out, broken links, a FIFO",
        "rejects with their reason, the FIFO named in the summary, nothing else read",
        folder_links_and_fifos,
    ),
    Scenario(
        7,
        "SIGKILL of the parent during the run",
        "the workers die with it; the next run in the folder removes the temporary files; nothing in TMPDIR",
        killed_run_leaves_no_orphans,
    ),
    Scenario(
        8, "--index in a folder that cannot be written", "exit 5 before any work", index_folder_unwritable
    ),
    Scenario(
        8,
        "the disk fills while the index is saved",
        "exit 5 saying nothing was moved into place; no output, no temporary file",
        disk_full_saving_the_index,
    ),
    Scenario(
        9,
        "FIFO, crafted header, contradicting arrays, other thresholds",
        "exit 4, one line, index untouched; other query thresholds: a note",
        index_files,
    ),
    Scenario(
        10,
        "-o folder with the user's files, linked, unwritable",
        "refused unless --overwrite (nothing "
        "of theirs deleted); a linked folder works; unwritable: exit 5 at once",
        output_folder,
    ),
    Scenario(
        11,
        "a rejected record that is not UTF-8",
        "its exact bytes in record_base64",
        rejects_keep_their_bytes,
    ),
]
