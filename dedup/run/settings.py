"""Settings from a TOML file (`--config FILE`) and the options that set `Config` fields (`--languages`).

The file holds `Config`'s fields as it has them: `detectors`, `cue_files` and `languages` at the top, then
one table per section (`[headline]`, `[corpus]`, ...) with that section's fields; `scrapeclean config`
prints them all with their values. Options given on the command line override the file; cue files named in
it are read relative to its folder. A file that cannot be read or parsed is bad input (exit 3), a setting
it does not know or a value out of range a usage error (exit 2), each named with the file.
"""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..config import SECTIONS, Config
from ..detectors import REGISTRY
from ..errors import InputError, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: the top-level fields of `Config` (the others are its sections), each a list of strings in the file
LISTS = ("detectors", "cue_files", "languages")


def read_config_file(path: str) -> dict[str, Any]:
    """The settings of a TOML file as `Config.replace` takes them (sections as dicts), checked."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise InputError(f"{path}: cannot read the config file ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not valid TOML ({e})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8 (byte at offset {e.start})") from None
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in SECTIONS:
            out[key] = _section(path, key, value)
        elif key in LISTS:
            out[key] = tuple(_strings(path, key, value))
        else:
            known = ", ".join([*LISTS, *(f"[{s}]" for s in SECTIONS)])
            raise UsageError(f"{path}: unknown setting {key!r} (known: {known})")
    if "cue_files" in out:  # (relative to the file, not to where the command runs)
        out["cue_files"] = tuple(str(Path(path).parent / f) for f in out["cue_files"])
    return out


def _section(path: str, name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: {name} must be a table ([{name}]), not a {type(value).__name__}")
    defaults = {f.name: f.default for f in fields(SECTIONS[name])}
    for key, v in value.items():
        if key not in defaults:
            raise UsageError(f"{path}: unknown setting [{name}] {key} (known: {', '.join(defaults)})")
        want = type(defaults[key])
        ok = isinstance(v, want) and not (want is int and isinstance(v, bool))
        if want is float and isinstance(v, int) and not isinstance(v, bool):
            ok = True  # (a whole number where a share is asked: 1 for 1.0)
        if not ok:
            raise UsageError(f"{path}: [{name}] {key} must be a {_kind(want)}, not {v!r}")
    return {k: float(v) if isinstance(defaults[k], float) else v for k, v in value.items()}


def _kind(t: type) -> str:
    return {int: "whole number", float: "number", str: "string", bool: "true or false"}.get(t, t.__name__)


def _strings(path: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: {key} must be a list of strings, not {value!r}")
    return value


def known_languages() -> list[str]:
    """The language codes of the shipped cue files."""
    import dedup.cues

    return sorted(p.stem for p in Path(dedup.cues.__file__).parent.glob("*.txt"))


def parse_languages(value: str) -> tuple[str, ...]:
    """`--languages en,fr`: the codes, each one a shipped cue file's."""
    codes = tuple(c.strip() for c in value.split(",") if c.strip())
    known = known_languages()
    unknown = [c for c in codes if c not in known]
    if not codes or unknown:
        raise UsageError(
            f"--languages: {'no language given' if not codes else f'unknown language {unknown[0]!r}'} "
            f"(known: {', '.join(known)})"
        )
    return codes


def check_detectors(names: tuple[str, ...] | None, where: str) -> None:
    """Detector names a config file lists must be registered ones."""
    known = [spec.name for spec in REGISTRY]
    for n in names or ():
        if n not in known:
            raise UsageError(f"{where}: unknown detector {n!r} (known: {', '.join(known)})")


def to_toml(cfg: Config) -> str:
    """Every setting of `cfg` as a TOML file `read_config_file` reads back (`scrapeclean config`)."""
    d = cfg.to_dict()
    head = [
        "# scrapeclean settings: every field of dedup.Config (docs/detectors.md explains each one).",
        "# Use with `scrapeclean clean --config FILE ...`; options on the command line override it.",
        "",
    ]
    for key in LISTS:
        v = d[key]
        head.append(f"# {key} = []" if v is None else f"{key} = {_toml_value(v)}")
    for name in SECTIONS:
        head.append("")
        head.append(f"[{name}]")
        # (TOML has no null: a setting left unset is a comment, and reads back unset)
        head.extend(
            f"# {k} =  (unset)" if v is None else f"{k} = {_toml_value(v)}" for k, v in d[name].items()
        )
    return "\n".join(head) + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(_toml_value(x) for x in v) + "]"
