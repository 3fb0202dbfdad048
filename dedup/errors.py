"""Errors a user can cause or meet: one base class, one subclass per exit code of the command line."""

from __future__ import annotations


class DedupError(Exception):
    """An error reported in one line, without a traceback; `exit_code` is the command's exit status."""

    exit_code = 1


class WorkerError(DedupError):
    """A worker process of a corpus run died (killed by the system, out of memory or by a signal)."""

    exit_code = 1


class UsageError(DedupError):
    """The options contradict each other, or a value is out of range."""

    exit_code = 2


class InputError(DedupError):
    """A user's input is unusable: missing file, undecodable bytes, a bad JSONL record, a bad cue file."""

    exit_code = 3


class RecordTooLarge(InputError):
    """A page over a limit of `Config.limits` (characters or lines), or a record over a run's size limit:
    refused before any work, as it would take more time and memory than the limits allow (a corpus run sets
    it aside as a reject with this reason)."""


class ModelFileError(InputError):
    """A line-model file that cannot be used: not a model, another version, or damaged."""


class IndexFileError(DedupError):
    """An index file that cannot be used: not an index, another version, damaged, or built otherwise."""

    exit_code = 4


class IndexLockedError(IndexFileError):
    """An index file another run is writing (it holds the file's lock)."""


class SharedIndexError(DedupError):
    """A shared index (Redis) that cannot be reached, stays unreachable past the retries, or was built
    with other settings."""

    exit_code = 4


class OutputError(DedupError):
    """An output cannot be written where it was asked for: a folder where a file goes (or the reverse), a
    folder that is not an earlier output, a place that cannot be written."""

    exit_code = 5
