"""One exception family. Each carries a message a user can act on: what happened, what to do.

Stages raise these where the problem is found; only the edges (cli.py, server.py) turn them
into exit codes, stderr lines and HTTP statuses.
"""
from __future__ import annotations


class AudionewsError(Exception):
    """Base class. `str(error)` is one sentence for the user."""

    exit_code = 1
    http_status = 400


class InputError(AudionewsError):
    """The article given cannot be used: empty, binary, too large, not an article."""

    http_status = 422


class FetchError(InputError):
    """A URL could not be fetched: refused, unreachable, too slow, too large, HTTP error."""


class UsageError(AudionewsError):
    """The command was called wrongly (an unknown option value, a missing argument)."""

    exit_code = 2


class ConfigError(UsageError):
    """An environment setting (AUDIONEWS_*) has a value audionews cannot use."""


class NotFoundError(AudionewsError):
    """Something named does not exist: an article, a clip, a voice."""

    http_status = 404


class EngineError(AudionewsError):
    """A speech engine failed or is not available."""

    http_status = 503


class OutputError(AudionewsError):
    """A result could not be written (unwritable path, disk full, no audio device)."""

    http_status = 500
