"""Listeners told when a document version is published.

Apps above `documents` (a Process of `procedures` is a Document of kind "procedure") react to a
publication without `documents` importing them: they register a callback from their
AppConfig.ready(). Callbacks run after the publishing transaction commits, so a failing
listener never undoes a publication, and a rolled-back publication never reaches them.
"""

from collections.abc import Callable

from django.db import transaction

Listener = Callable[..., None]

_published: list[Listener] = []


def on_version_published(listener: Listener) -> Listener:
    """Register `listener(*, version, previous, actor)`; usable as a decorator."""
    if listener not in _published:
        _published.append(listener)
    return listener


def disconnect(listener: Listener) -> None:
    if listener in _published:
        _published.remove(listener)


def version_published(*, version, previous, actor) -> None:
    """Schedule every listener for when the current transaction commits."""
    for listener in list(_published):
        transaction.on_commit(
            lambda listener=listener: listener(version=version, previous=previous, actor=actor)
        )
