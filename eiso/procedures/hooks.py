"""Listeners told when a procedure gets a new version.

When a TTHC changes, every ISO process (Process, issue 4) that handles it must be reviewed.
The Process models are built later, on top of this app, and this module must not import
them; so the import service calls `procedure_version_changed(...)` and the Process code
subscribes from its AppConfig.ready() with `@on_procedure_version_changed` to flag the
processes that use the procedure. Listeners run inside the import's transaction: if one
raises, nothing of the import is kept.
"""

from collections.abc import Callable

Listener = Callable[..., None]

_listeners: list[Listener] = []


def on_procedure_version_changed(listener: Listener) -> Listener:
    """Register `listener(*, procedure, old_version, new_version, actor)`; usable as a decorator."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def disconnect(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def procedure_version_changed(*, procedure, old_version, new_version, actor) -> None:
    """Tell every listener that `procedure` moved from `old_version` to `new_version`."""
    for listener in list(_listeners):
        listener(procedure=procedure, old_version=old_version, new_version=new_version, actor=actor)
