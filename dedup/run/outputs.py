"""A run's outputs, written so that a run leaves either all of them or none: each file goes to a unique
temporary name beside its target and is moved into place only once the whole run has succeeded, the index
last; a folder's clean files go to a temporary folder beside it first, and the folder keeps a manifest of the
files dedup wrote there (no other file in it is ever deleted or, without `--overwrite`, replaced).

Temporary names hold the writer's process id (`.<target>.dedup-part-<pid>-<random>`): what a killed run left
is removed by the next run that writes in the same folder, once that process is gone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError
from ..version import __version__
from .io import DIR_MODE, FILE_MODE, TAG, open_writer, temp_name

_LEFTOVER = re.compile(rf"^\..+\.{TAG}-(\d+)-[0-9a-f]{{8}}(?:\..*)?$")
#: the file in an output folder listing the files dedup wrote there
MANIFEST = ".dedup-manifest.json"


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # (another user's process)
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # (no /proc: it is there)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files and folders that runs no longer running left in `folder`; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _LEFTOVER.match(entry.name)
        if m is None or _alive(int(m.group(1))):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def check_target(path: str) -> Path:
    """Before any work: `path` can be written (not a folder; its folder exists or can be made and a file can
    be created in it), or an OutputError naming it. What killed runs left beside it is removed."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    folder = target.resolve().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{path}: cannot write there (a file stands where its folder goes)") from None
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None
    probe = temp_name(folder / target.name)
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None
    remove_leftovers(folder)
    return target


class FolderOutput:
    """The clean files of a folder input, written to a temporary folder beside the -o folder and moved into it
    when the run succeeds; the -o folder's manifest lists what dedup wrote there."""

    def __init__(self, path: str, *, overwrite: bool = False) -> None:
        self.final = Path(path).resolve()  # (a link to a folder: its target)
        if self.final.exists() and not self.final.is_dir():
            raise OutputError(f"{path}: is a file; the clean files of a folder go to a folder")
        self.ours = _read_manifest(self.final)
        theirs = self._theirs()
        if theirs and not overwrite:
            raise OutputError(
                f"{path}: holds {theirs}, which dedup did not write; choose a new or empty folder, or give "
                f"--overwrite to write beside such files (none is ever deleted)"
            )
        check_target(str(self.final / MANIFEST))
        self.tmp = temp_name(self.final)
        self.tmp.mkdir(mode=0o700)
        self.written: list[str] = []

    def _theirs(self) -> str | None:
        """The first file of the folder that no run of dedup wrote (by its manifest), if any."""
        if not self.final.is_dir():
            return None
        for p in sorted(self.final.rglob("*")):
            rel = p.relative_to(self.final).as_posix()
            if (p.is_symlink() or not p.is_dir()) and rel != MANIFEST and rel not in self.ours:
                return rel
        return None

    def write(self, rel: str, text: str) -> None:
        """Write one clean file (`rel`: its path under the folder)."""
        target = self.tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.append(Path(rel).as_posix())

    def commit(self) -> None:
        """Move the clean files into the folder; remove the files an earlier run wrote there and this one did
        not (theirs: dedup's own, by the manifest). The manifest lists every file of ours at every step, so a
        crash midway leaves nothing the next run cannot tell apart."""
        new = set(self.written)
        if not self.final.exists():
            _write_manifest(self.tmp, new)
            self.tmp.chmod(DIR_MODE)
            self.tmp.rename(self.final)
            return
        _write_manifest(self.final, self.ours | new)
        for rel in sorted(new):
            dest = self.final / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.tmp / rel, dest)
        for rel in sorted(self.ours - new):
            stale = self.final / rel
            if stale.is_symlink() or stale.is_file():
                stale.unlink()
        _write_manifest(self.final, new)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _read_manifest(folder: Path) -> set[str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {str(f) for f in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _write_manifest(folder: Path, files: set[str]) -> None:
    target = folder / MANIFEST
    tmp = temp_name(target)
    data = {"written_by": f"dedup {__version__}", "files": sorted(files)}
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, target)


class Staging:
    """Every output of a run: files written under temporary names, a folder output, the index; `commit()`
    moves them into place (the index last), `discard()` (or leaving a `with` block by an error) removes them.
    """

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path, IO[Any]]] = []
        self._index: tuple[Path, Path] | None = None
        self.folder: FolderOutput | None = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is not None:
            self.discard()

    def open(self, path: str, mode: str = "wb") -> IO[Any]:
        """A writer on a temporary file beside `path` (compressed as its name says: .gz, .zst)."""
        target = Path(path)
        tmp = temp_name(target.resolve().parent / target.name)
        try:
            writer = open_writer(tmp, str(path), mode)
        except OSError as e:
            raise OutputError(f"{path}: cannot write there ({e.strerror or e})") from None
        self._files.append((target, tmp, writer))
        return writer

    def close(self) -> None:
        """Close every writer (a full disk is found here, before anything is moved into place)."""
        for _, _, writer in self._files:
            if not writer.closed:
                writer.close()

    def drop(self, path: str) -> None:
        """Do not move the output `path` into place after all (its temporary file is removed)."""
        for item in [f for f in self._files if str(f[0]) == str(path)]:
            self._files.remove(item)
            item[2].close()
            _unlink(item[1])

    def index(self, index: Any, path: str) -> None:
        """Save `index` under a temporary name beside `path`, to be moved into place last."""
        target = Path(path)
        tmp = temp_name(target.resolve().parent / target.name)
        self._index = (target, tmp)
        index.save(tmp)

    def commit(self) -> None:
        """Move every output into place: the files, the folder, then the index. A failure is reported with
        what was moved and what was not (the temporary files of the rest are removed)."""
        self.close()
        done: list[str] = []
        try:
            for target, tmp, _ in self._files:
                os.chmod(tmp, FILE_MODE)
                os.replace(tmp, target)
                done.append(str(target))
            if self.folder is not None:
                self.folder.commit()
                done.append(str(self.folder.final))
            if self._index is not None:
                os.chmod(self._index[1], FILE_MODE)
                os.replace(self._index[1], self._index[0])
        except OSError as e:
            self.discard()
            moved = f"; in place: {', '.join(done)}" if done else "; nothing was moved into place"
            raise OutputError(f"cannot move the outputs into place ({e.strerror or e}){moved}") from None
        self._files, self._index, self.folder = [], None, None

    def discard(self) -> None:
        """Remove every temporary file and folder of the run (nothing is moved into place)."""
        for _, tmp, writer in self._files:
            try:
                writer.close()
            except OSError:
                pass  # (a full disk again: the file goes anyway)
            _unlink(tmp)
        if self._index is not None:
            tmp = self._index[1]
            for leftover in [tmp, *tmp.parent.glob(f"{tmp.name}*")]:  # (and what `save` made beside it)
                _unlink(leftover)
        if self.folder is not None:
            self.folder.discard()
        self._files, self._index, self.folder = [], None, None


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
