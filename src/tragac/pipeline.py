"""The analysis pipeline: named, ordered, incremental stages over the store.

`tragac run`, `tragac demo` and the web app's worker all call :func:`run_stages`. A stage is a function
``(store, reporter) -> dict`` registered with :func:`stage`; it must be idempotent and only look at what is new
(keep its cursor in ``StageState``). Plugins add stages through the ``register_stages`` hook (returning
:class:`Stage` records); the old ``tragac.stages`` entry-point group is folded into the one ``tragac`` group.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tragac.plugins import PluginRegistry, hookimpl
from tragac.progress import NullReporter, Reporter
from tragac.store import Store

StageFn = Callable[[Store, Reporter], dict[str, Any]]

# Modules whose import registers the built-in stages; one line per stage module.
BUILTIN_STAGE_MODULES: tuple[str, ...] = (
    "tragac.media.stage",
    "tragac.matching.match",
    "tragac.matching.spread",
    "tragac.cases.linker",
    "tragac.signals.stage",
)


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    help: str
    fn: StageFn


_BUILTIN: dict[str, Stage] = {}
STAGES: PluginRegistry[Stage] = PluginRegistry("register_stages", key=lambda st: st.name)


def stage(name: str, *, order: int, help: str) -> Callable[[StageFn], StageFn]:
    """Register ``fn`` as built-in pipeline stage ``name``; lower ``order`` runs first."""

    def register(fn: StageFn) -> StageFn:
        _BUILTIN[name] = Stage(name=name, order=order, help=help, fn=fn)
        return fn

    return register


@hookimpl(trylast=True)
def register_stages() -> list[Stage]:
    for module in BUILTIN_STAGE_MODULES:
        importlib.import_module(module)
    return list(_BUILTIN.values())


def stages() -> list[Stage]:
    """Every stage, built-in and from plugins, in run order."""
    return sorted(STAGES.values(), key=lambda s: (s.order, s.name))


def run_stages(
    store: Store, only: list[str] | None = None, reporter: Reporter | None = None
) -> dict[str, dict[str, Any]]:
    """Run every registered stage (or those named in ``only``) in order; returns each stage's summary."""
    reporter = reporter or NullReporter()
    results: dict[str, dict[str, Any]] = {}
    known = stages()
    if only:
        unknown = set(only) - {s.name for s in known}
        if unknown:
            from tragac.errors import InputError

            raise InputError(f"unknown stage(s): {', '.join(sorted(unknown))}")
    for st in known:
        if only and st.name not in only:
            continue
        t0 = time.perf_counter()
        summary = st.fn(store, reporter)
        summary["seconds"] = round(time.perf_counter() - t0, 3)
        results[st.name] = summary
    return results
