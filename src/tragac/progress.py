"""Progress reporting that stages and parsers can call without knowing about the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # rich loads only when a progress bar is actually shown
    from rich.console import Console
    from rich.progress import Progress, TaskID


class Reporter(Protocol):
    def start(self, label: str, total: float | None = None) -> None:
        """Begin a phase of work, with its size if known (bytes, items…)."""

    def advance(self, amount: float = 1) -> None:
        """Record progress within the current phase."""

    def update(self, completed: float) -> None:
        """Set absolute progress within the current phase."""


class NullReporter:
    def start(self, label: str, total: float | None = None) -> None:
        pass

    def advance(self, amount: float = 1) -> None:
        pass

    def update(self, completed: float) -> None:
        pass


class RichReporter:
    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, label: str, total: float | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(label, total=total)

    def advance(self, amount: float = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)

    def update(self, completed: float) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=completed)


@contextmanager
def reporter(enabled: bool, console: Console | None = None) -> Iterator[Reporter]:
    """A progress bar on stderr when ``enabled`` and stderr is a terminal; silence otherwise."""
    if not enabled:
        yield NullReporter()
        return
    from rich.console import Console

    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield NullReporter()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        yield RichReporter(progress)
