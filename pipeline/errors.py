"""The pipeline's own exceptions: the CLI turns each into one line `Error: ...` and exit 1."""


class PipelineError(Exception):
    """Base class: anything the user can fix (bad input, bad config, missing tables)."""


class InputError(PipelineError):
    """An input path is missing, empty, or not readable as text."""


class ConfigError(PipelineError):
    """A file in configs/ is invalid; the message lists every problem found."""


class StageError(PipelineError):
    """A stage cannot run, e.g. the tables it reads were never written."""
