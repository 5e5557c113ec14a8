"""What the command line says on stderr besides its result: the decisions worth knowing, once each.

The stages log to the "audionews" logger: INFO for the choices a listener may want to know (the
engine and voice used), WARNING for a fall-back, DEBUG for the details a bug report needs (the
language detected, each engine passed over and why). `show_messages` sends them to stderr as
`audionews: …` lines, each message once, and never across a progress bar's line.
"""
from __future__ import annotations

import logging
import sys
import traceback

LOGGER = "audionews"


class _Once(logging.Filter):
    """Lets each distinct message through once (a new synthesizer after a key press says nothing new)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self._seen:
            return False
        self._seen.add(message)
        return True


class _StderrLines(logging.Handler):
    """Each record as one `audionews: …` line on stderr, written around any progress bar there."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=sys.stderr)  # clears the bars, writes, draws them again
        except Exception:  # noqa: BLE001 - logging must never take the command down
            self.handleError(record)


def show_messages(level: int) -> None:
    """Print the audionews logger's messages at `level` and above on stderr (replacing an earlier call's set-up)."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _StderrLines)]:
        logger.removeHandler(handler)
    handler = _StderrLines()
    handler.setFormatter(logging.Formatter("audionews: %(message)s"))
    handler.addFilter(_Once())
    logger.addHandler(handler)
    logger.setLevel(level)


def print_traceback(error: BaseException) -> None:
    """The full traceback of an unexpected error, for a bug report (only with --debug)."""
    traceback.print_exception(error, file=sys.stderr)
