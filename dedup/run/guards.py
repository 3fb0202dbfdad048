"""Guardrails: what the input is, when its name does not say (JSONL on standard input, HTML, Parquet), and
which options given on the command line do not apply to it.

- standard input whose first line opens a JSON object (`{"`) is read as JSONL (`--format text` says
  otherwise); other standard input is one article;
- a file named .html/.htm, or whose text starts as an HTML document does, or a corpus whose first record's
  text does, needs `--html` (or `--format text` to clean the markup as text): usage error, exit 2;
- a Parquet file not named .parquet (its first bytes say it) is bad input, exit 3, saying to name it so;
- an option given that does not apply to the input (a JSONL field option for a text file, `--title` for a
  corpus, corpus settings with `--no-corpus`, ...) is named in one warning on stderr, and ignored.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import IO, Any

import regex

from ..errors import InputError, UsageError
from .io import JSONL_SUFFIXES, kind_of, open_bytes
from .progress import LOG

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
#: bytes looked at to tell what a file holds
SNIFF_BYTES = 1 << 13
#: the longest first line of standard input read to tell JSONL from text (a record may be long)
FIRST_LINE_BYTES = 1 << 26

_HTML_START = regex.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", regex.I | regex.S
)
_JSON_OBJECT = regex.compile(rb"^(?:\xef\xbb\xbf)?\s*\{\s*\"")


def looks_like_html(head: bytes) -> bool:
    """The bytes start as an HTML document does ("<!DOCTYPE html", "<html")."""
    return bool(_HTML_START.match(head))


def looks_like_jsonl(head: bytes) -> bool:
    """The bytes open a JSON object with a key (`{"`): a JSONL record, not an article."""
    return bool(_JSON_OBJECT.match(head))


class _Rejoined(io.RawIOBase):
    """Standard input whose first bytes were read to tell what it holds, read again from the start."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read1(len(b)) if hasattr(self._rest, "read1") else self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)


def sniff_stdin() -> tuple[str, bytes]:
    """('jsonl' or 'text', the first line) of standard input, which is put back to be read whole again."""
    buf = sys.stdin.buffer
    head = buf.readline(FIRST_LINE_BYTES)
    sys.stdin = io.TextIOWrapper(io.BufferedReader(_Rejoined(head, buf)), encoding="utf-8")
    return ("jsonl" if looks_like_jsonl(head) else "text"), head


def _head(path: str) -> bytes:
    """The first bytes of a file (decompressed); nothing when it cannot be read (the reader says why)."""
    try:
        with open_bytes(path) as f:
            return f.read(SNIFF_BYTES)
    except (OSError, EOFError, InputError, ValueError):
        return b""


def _first_text(path: str, text_field: str) -> str:
    """The text field of a JSONL file's first record, or '' (a bad first record is the reader's to report)."""
    try:
        with open_bytes(path) as f:
            for raw in f:
                if raw.strip():
                    obj = json.loads(raw)
                    text = obj.get(text_field) if isinstance(obj, dict) else None
                    return text if isinstance(text, str) else ""
    except (OSError, EOFError, InputError, ValueError):
        pass
    return ""


def check_input(args: argparse.Namespace, kind: str, stdin_head: bytes = b"") -> None:
    """Refuse the inputs that would come out wrong without a word: Parquet under another name, HTML
    without --html."""
    path = args.path
    name = path.lower()
    head = stdin_head if path == "-" else (_head(path) if kind in ("text", "jsonl") else b"")
    if head.startswith(b"PAR1"):
        raise InputError(f"{path}: is Parquet: name it .parquet to read it as a dataset shard")
    if args.html or args.format == "text":
        return
    if kind == "jsonl":
        text = _first_text(path, args.text_field) if path != "-" else _first_text_of(head, args.text_field)
        if looks_like_html(text[:SNIFF_BYTES].encode("utf-8", "surrogatepass")):
            raise UsageError(
                f"{path}: the first record's {args.text_field!r} field is an HTML page: add --html to "
                f"extract the article text of each record"
            )
    elif kind in ("text", "stdin") and (name.endswith(HTML_SUFFIXES) or looks_like_html(head)):
        raise UsageError(
            f"{path}: looks like HTML: add --html to extract the article text first (or --format text to "
            f"clean the markup as text)"
        )


def _first_text_of(line: bytes, text_field: str) -> str:
    try:
        obj = json.loads(line)
    except ValueError:
        return ""
    text = obj.get(text_field) if isinstance(obj, dict) else None
    return text if isinstance(text, str) else ""


#: options of a corpus (JSONL, folder): they do nothing for one article
_CORPUS_ONLY = (
    "site_min_docs",
    "site_min_share",
    "corpus_min_docs",
    "doc_similarity",
    "keep",
    "no_corpus",
    "jobs",
    "index",
    "duplicates",
    "rejects",
    "limit",
    "output_format",
    "shard_size",
    "engine",
    "scheduler",
    "workers",
)
_FIELDS = ("text_field", "title_field", "url_field", "id_field", "site_field")
#: the settings of corpus mode: with --no-corpus there is no corpus to apply them to
_CORPUS_MODE = ("site_min_docs", "site_min_share", "corpus_min_docs", "doc_similarity", "keep", "index")


def inapplicable(args: argparse.Namespace, defaults: dict[str, Any], kind: str) -> list[str]:
    """The options given (not at their default) that do nothing for this input, as `--option-name`s."""
    given = {k for k, v in vars(args).items() if k in defaults and v != defaults[k]}
    if kind in ("text", "stdin"):
        out = [k for k in (*_FIELDS, *_CORPUS_ONLY) if k in given]
    elif kind == "dir":
        out = [k for k in (*_FIELDS, "title") if k in given]
    else:
        out = [k for k in ("title",) if k in given]
    if getattr(args, "no_corpus", False) and kind not in ("text", "stdin"):
        out += [k for k in _CORPUS_MODE if k in given]
    return ["--" + k.replace("_", "-") for k in out]


_KIND_NAMES = {
    "text": "a single article (a text file)",
    "stdin": "a single article (text on standard input)",
    "dir": "a folder of text files (no fields)",
    "jsonl": "a JSONL corpus (each record has its title)",
}


def warn_inapplicable(args: argparse.Namespace, defaults: dict[str, Any], kind: str) -> None:
    """One warning naming the options that do not apply (they are ignored)."""
    names = inapplicable(args, defaults, kind)
    if not names:
        return
    what = _KIND_NAMES.get(kind, kind)
    if getattr(args, "no_corpus", False) and kind in ("jsonl", "dir"):
        what += " with --no-corpus"
    LOG.warning("%s %s not apply to %s: ignored", ", ".join(names), "does" if len(names) == 1 else "do", what)


def input_kind(args: argparse.Namespace) -> tuple[str, bytes]:
    """What the input is ('text', 'stdin', 'jsonl', 'dir') and, for standard input, its first line."""
    if args.path == "-":
        if args.format != "auto":
            return ("stdin" if args.format == "text" else "jsonl"), b""
        kind, head = sniff_stdin()
        if kind == "jsonl":
            args.format = "jsonl"  # (the readers take it from here)
        return ("stdin" if kind == "text" else "jsonl"), head
    if args.format != "auto":
        return ("dir" if kind_of(args.path) == "dir" else args.format), b""
    kind = kind_of(args.path)
    return ("jsonl" if args.path.lower().endswith(JSONL_SUFFIXES) else kind), b""
