"""`tragac worker`: one of any number of processes sharing a PostgreSQL store's pipeline work (docs/scale.md)."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, settings_for, store_for


def worker(
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Media per hash batch.")] = 100,
    lease: Annotated[
        float,
        typer.Option(
            "--lease", min=1.0, help="Seconds a claimed batch stays leased; after that another worker retakes it."
        ),
    ] = 300.0,
    poll: Annotated[float, typer.Option("--poll", min=0.05, help="Seconds between looks at an empty queue.")] = 2.0,
    processes: Annotated[
        int, typer.Option("--processes", min=0, help="Hashing subprocesses of this worker (0: in this process).")
    ] = 1,
    exit_when_idle: Annotated[
        bool, typer.Option("--exit-when-idle", help="Stop once every batch is done and the later stages ran.")
    ] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Print the queue's batches per stage and status; exit.")
    ] = False,
    pause_before_commit: Annotated[
        float, typer.Option("--pause-before-commit", hidden=True, help="Fault injection for the kill -9 test.")
    ] = 0.0,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Take pipeline work from a PostgreSQL store in leased batches; run any number of workers on any machines."""
    from tragac.distributed import queue
    from tragac.distributed.worker import WorkerOptions, run_worker
    from tragac.errors import ConfigError

    if settings_for(home).resolved_database_url().startswith("sqlite"):  # refuse before creating a SQLite file
        raise ConfigError(queue.SQLITE_REFUSAL)
    store = store_for(home)
    queue.require_postgres(store)
    if status:
        counts = queue.counts(store)
        if json:
            print_json(counts)
        else:
            if not counts:
                console.print("the work queue is empty")
            for stage, by_status in counts.items():
                console.print(f"{stage}: " + ", ".join(f"{n} {state}" for state, n in sorted(by_status.items())))
        return
    stop = {"now": False}

    def finish_batch_then_stop(signum: int, frame: FrameType | None) -> None:
        stop["now"] = True  # SIGTERM/Ctrl-C: the batch in hand is committed (or rolled back), then the loop ends

    signal.signal(signal.SIGTERM, finish_batch_then_stop)
    signal.signal(signal.SIGINT, finish_batch_then_stop)
    options = WorkerOptions(
        batch_size=batch_size,
        lease_seconds=lease,
        poll_seconds=poll,
        processes=processes,
        exit_when_idle=exit_when_idle,
        pause_before_commit=pause_before_commit,
    )

    def say(counts: dict[str, int]) -> None:
        if not json:
            console.print(
                f"batch done: {counts['hashed']} hashed, {counts['errors']} errors, {counts['missing_files']} missing"
            )

    summary = run_worker(store, options, should_stop=lambda: stop["now"], on_batch=say)
    if json:
        print_json(summary.as_dict())
    else:
        console.print(
            f"worker {summary.worker}: {summary.batches} batches, {summary.hashed} media hashed, "
            f"{summary.errors} errors, {summary.leases_lost} leases lost, later stages run {summary.stage_runs}×"
        )


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
