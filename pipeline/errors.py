"""The pipeline's own exceptions: the CLI turns each into one line `Error: ...` and exit 1."""
from __future__ import annotations

import os


class PipelineError(Exception):
    """Base class: anything the user can fix (bad input, bad config, missing tables)."""


class InputError(PipelineError):
    """An input path is missing, empty, or not readable as text."""


class ConfigError(PipelineError):
    """A file in configs/ is invalid; the message lists every problem found."""


class StageError(PipelineError):
    """A stage cannot run, e.g. the tables it reads were never written."""


class PatternTimeout(StageError):
    """A rule pattern ran over its time budget on one article (it backtracks without end)."""


class FolderInUse(PipelineError):
    """Another run holds the output folder's lock."""


def shown(path: os.PathLike | str) -> str:
    """A path as text that can always be printed and stored: bytes of a file name that are not
    UTF-8 (kept by Python as surrogate escapes, so the file can still be opened) appear as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def one_line(message: str) -> str:
    """The first line of a message, safe to print on any terminal (no lone surrogates)."""
    first = message.splitlines()[0] if message else ""
    return first.encode("utf-8", "backslashreplace").decode("utf-8")


class ModelError(PipelineError):
    """The tagger model cannot be loaded (its package is missing or broken)."""
