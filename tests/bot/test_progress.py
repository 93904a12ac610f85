"""The command line's progress bar: drawn on a terminal for a large job, silent otherwise."""

from __future__ import annotations

import io

from bot.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_only_on_a_terminal() -> None:
    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        bar = ProgressBar("vectors", stream=stream)
        bar.start(1000)
        bar.advance(500)
        bar.advance(500)
        bar.finish()
    assert "1000/1000" in screen.getvalue() and screen.getvalue().endswith("\n")
    assert pipe.getvalue() == ""


def test_a_small_job_draws_no_bar() -> None:
    screen = Terminal()
    bar = ProgressBar("vectors", stream=screen)
    bar.start(10)
    bar.advance(10)
    bar.finish()
    assert screen.getvalue() == ""
