"""The one plugin manager: built-in plugins and those installed under the ``tragac`` entry-point group.

Built-ins are registered lazily, per hook, the first time that hook is asked (so ``tragac ingest`` does not import
the report or the notice templates). Registries read through :class:`PluginRegistry`, a live mapping cached until a
plugin is registered or unregistered.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import threading
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any, Generic, TypeVar

import pluggy

from tragac.errors import ConfigError
from tragac.plugins import hookspecs

ENTRY_POINT_GROUP = "tragac"

# Hook name -> the module that implements it for what ships with Tragač: one line per extension point
# (``register_lexicons`` has none: the seed lexicon is always loaded).
BUILTIN_PLUGINS: dict[str, str] = {
    "register_sources": "tragac.sources.builtin",
    "register_collectors": "tragac.sources.builtin",
    "register_stages": "tragac.pipeline",
    "register_hash_formats": "tragac.matching.formats",
    "register_recognizers": "tragac.text.recognizers",
    "register_language_packs": "tragac.text.packs",
    "register_detectors": "tragac.signals.base",
    "register_watched_identities": "tragac.cases",
    "register_notice_templates": "tragac.cases.notices",
    "register_report_sections": "tragac.analytics.report.base",
}

T = TypeVar("T")


class PluginManager(pluggy.PluginManager):
    """pluggy's manager with a ``generation`` counter, so registries know when to rebuild their caches."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.generation = 0
        self.add_hookspecs(hookspecs)

    def register(self, plugin: object, name: str | None = None) -> str | None:
        out = super().register(plugin, name)
        self.generation += 1
        return out

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any | None:
        out = super().unregister(plugin, name)
        self.generation += 1
        return out

    def ensure_builtin(self, hook: str) -> None:
        """Register the built-in plugin that implements ``hook``, once."""
        module = BUILTIN_PLUGINS.get(hook)
        if module is None or self.has_plugin(module):
            return
        with _LOCK:
            if not self.has_plugin(module):
                self.register(importlib.import_module(module), name=module)

    def ensure_builtins(self) -> None:
        for hook in BUILTIN_PLUGINS:
            self.ensure_builtin(hook)

    def batches(self, hook: str, **kwargs: Any) -> list[list[Any]]:
        """Each plugin's answer to ``hook``: the most recently registered plugin first, built-ins last."""
        self.ensure_builtin(hook)
        return [list(batch or ()) for batch in getattr(self.hook, hook)(**kwargs)]

    def results(self, hook: str, **kwargs: Any) -> list[Any]:
        """Everything the plugins answer to ``hook``, flattened in :meth:`batches` order."""
        return [item for batch in self.batches(hook, **kwargs) for item in batch]


_LOCK = threading.RLock()
_MANAGER: PluginManager | None = None


def load_entry_points(pm: PluginManager, group: str = ENTRY_POINT_GROUP) -> list[str]:
    """Register every plugin installed under ``group``; a plugin that fails to import is a ConfigError naming it."""
    loaded: list[str] = []
    for dist in list(importlib.metadata.distributions()):
        for ep in dist.entry_points:
            if ep.group != group or pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
                continue
            dist_name = dist.metadata["Name"] if dist.metadata else "?"
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must say which one it is, not print a traceback
                raise ConfigError(f"plugin {ep.name!r} ({dist_name}: {ep.value}) failed to load: {exc}") from exc
            try:
                pm.register(plugin, name=ep.name)
            except (ValueError, pluggy.PluginValidationError) as exc:
                raise ConfigError(f"plugin {ep.name!r} ({dist_name}) is not a valid Tragač plugin: {exc}") from exc
            loaded.append(ep.name)
    try:
        pm.check_pending()  # a misspelt hook name would otherwise be ignored without a word
    except pluggy.PluginValidationError as exc:
        raise ConfigError(f"a plugin implements no such hook: {exc}") from exc
    return loaded


def get_manager() -> PluginManager:
    """The process-wide manager, with installed plugins loaded (built-ins come per hook, on first use)."""
    global _MANAGER
    if _MANAGER is None:
        with _LOCK:
            if _MANAGER is None:
                pm = PluginManager()
                load_entry_points(pm)
                _MANAGER = pm
    return _MANAGER


def reset_manager() -> None:
    """Forget the manager (tests; a fresh one reloads the entry points)."""
    global _MANAGER
    with _LOCK:
        _MANAGER = None


def register(plugin: ModuleType | object, name: str | None = None) -> str | None:
    """Register ``plugin`` in-process (an application embedding Tragač, or a test)."""
    return get_manager().register(plugin, name)


def unregister(plugin: ModuleType | object) -> None:
    get_manager().unregister(plugin)


class PluginRegistry(Mapping[str, T], Generic[T]):
    """A live, read-only ``name -> item`` view of one hook: built-ins first, then plugins; a plugin's item of the
    same name replaces the built-in. Rebuilt only when a plugin is (un)registered."""

    def __init__(self, hook: str, key: Callable[[T], str]) -> None:
        self.hook = hook
        self.key = key
        self._generation = -1
        self._manager: PluginManager | None = None
        self._items: dict[str, T] = {}

    def snapshot(self) -> dict[str, T]:
        pm = get_manager()
        if pm is not self._manager or pm.generation != self._generation:
            items: dict[str, T] = {}
            for batch in reversed(pm.batches(self.hook)):  # built-ins (called last) first, so plugins override
                for item in batch:
                    items[self.key(item)] = item
            self._items, self._manager, self._generation = items, pm, pm.generation
        return self._items

    def builtin_names(self) -> list[str]:
        """Names the built-in plugin provides (for ordering: e.g. plugin formats are sniffed first)."""
        pm = get_manager()
        pm.ensure_builtin(self.hook)
        module = pm.get_plugin(BUILTIN_PLUGINS.get(self.hook, ""))
        return [self.key(item) for item in getattr(module, self.hook)()] if module is not None else []

    def __getitem__(self, name: str) -> T:
        return self.snapshot()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self.snapshot())

    def __repr__(self) -> str:
        return f"PluginRegistry({self.hook!r}, {list(self.snapshot())!r})"
