"""The progress bar the command line draws while a long job (embedding an import) runs."""

from __future__ import annotations

import sys
import time
from typing import TextIO

PROGRESS_MIN = 200  # smaller jobs finish before a bar is worth drawing
WIDTH = 30


class ProgressBar:
    """A one-line bar on standard error, drawn only when it is a terminal and the job is large.

    It is the store's `Progress`: store reports how far a job is, the command line draws it.
    """

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.enabled = False

    def start(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = total >= PROGRESS_MIN and bool(isatty and isatty())

    def advance(self, count: int) -> None:
        self.done += count
        if self.enabled:
            filled = int(WIDTH * self.done / max(self.total, 1))
            seconds = time.monotonic() - self.started
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] "
                f"{self.done}/{self.total} {seconds:.0f} s"
            )
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
