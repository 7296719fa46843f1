"""Collecting what libraries log, so it reaches the user as problems, not as noise."""

from __future__ import annotations

import logging


class Collector(logging.Handler):
    """Keeps the message of every record at or above `level`."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
