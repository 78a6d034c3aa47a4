"""Plugins: the extension points (:mod:`.hookspecs`) and the one manager that loads built-ins and installed
plugins (:mod:`.manager`). A plugin module needs only ``from tragac.plugins import hookimpl``."""

from tragac.plugins.hookspecs import hookimpl, hookspec
from tragac.plugins.manager import ENTRY_POINT_GROUP, PluginRegistry, get_manager, register, unregister

__all__ = ["ENTRY_POINT_GROUP", "PluginRegistry", "get_manager", "hookimpl", "hookspec", "register", "unregister"]
