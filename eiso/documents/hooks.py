"""Listeners told when a document version is submitted or published.

Apps above `documents` (a Process of `procedures` is a Document of kind "procedure") take part in
the workflow without `documents` importing them: they register a callback from their
AppConfig.ready().

- Submission listeners run inside the submitting transaction, before the version changes state:
  they may refuse it (raise DomainError) or prepare its content (return the updated version),
  whichever page or API submits it.
- Publication listeners run after the publishing transaction commits, so a failing listener
  never undoes a publication, and a rolled-back publication never reaches them.
"""

from collections.abc import Callable

from django.db import transaction

Listener = Callable[..., None]

_published: list[Listener] = []
_submitting: list[Listener] = []


def on_version_submitting(listener: Listener) -> Listener:
    """Register `listener(*, version, actor) -> version | None`; usable as a decorator."""
    if listener not in _submitting:
        _submitting.append(listener)
    return listener


def version_submitting(*, version, actor):
    """Run every submission listener in turn; each may return the version it updated."""
    for listener in list(_submitting):
        version = listener(version=version, actor=actor) or version
    return version


def on_version_published(listener: Listener) -> Listener:
    """Register `listener(*, version, previous, actor)`; usable as a decorator."""
    if listener not in _published:
        _published.append(listener)
    return listener


def disconnect(listener: Listener) -> None:
    for listeners in (_published, _submitting):
        if listener in listeners:
            listeners.remove(listener)


def version_published(*, version, previous, actor) -> None:
    """Schedule every listener for when the current transaction commits."""
    for listener in list(_published):
        transaction.on_commit(
            lambda listener=listener: listener(version=version, previous=previous, actor=actor)
        )
