"""Which database serves heavy reads: the primary, or a PostgreSQL streaming replica.

With `DATABASE_REPLICA_URL` set, settings add the "replica" alias and `ReplicaRouter`. Reads go to
the replica only inside `reading_from_replica()`, a scope that the statistics pages, their exports,
the statistics API and report generation open around their computation; everything else (logins,
sessions, the pages that show what a user has just changed, every service) reads and writes the
primary. Without the variable the scope changes nothing but its guard against writes.

A replica is seconds behind the primary (docs/operations.md), so its rows must never feed a write.
Three guards see to it:
- inside the scope every write is refused (`ReplicaWriteRefused`), whichever database serves the
  reads: a view, a task or a report that saved something there is a bug the test suite sees on
  SQLite as well as in production;
- a row read from the replica can never be saved or deleted, on any database, even after the scope
  has ended (`db_for_write` looks at the instance's own database);
- the replica itself is a hot standby: PostgreSQL refuses any write it is sent.

The scope reads the primary instead of the replica when the primary's connection is inside a
transaction (its own uncommitted rows are not on the replica) and when the replica cannot be
reached (statistics keep working from the primary; the failure is logged).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
logger = logging.getLogger(__name__)

# The alias reads go to inside the current scope; None outside any scope. A context variable, so
# each thread (gunicorn, Celery) and each asyncio task has its own.
_scope_alias: ContextVar[str | None] = ContextVar("eiso_reading_from_replica", default=None)


class ReplicaWriteRefused(RuntimeError):
    """A write inside `reading_from_replica()`, or of a row read from the replica."""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _scope_target() -> str:
    if not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("The read replica cannot be reached: statistics read the primary.", exc_info=True)
        return DEFAULT_DB_ALIAS
    return REPLICA


@contextmanager
def reading_from_replica() -> Iterator[str]:
    """Read from the replica (when there is one) until the block ends; refuse every write meanwhile.
    Usable as `with reading_from_replica():` or as a view decorator `@reading_from_replica()` placed
    under `@login_required`, so that the session and the user are read from the primary first."""
    alias = _scope_alias.get() or _scope_target()
    token = _scope_alias.set(alias)
    try:
        yield alias
    finally:
        _scope_alias.reset(token)


def in_replica_scope() -> bool:
    return _scope_alias.get() is not None


class ReplicaRouter:
    """Routes reads inside `reading_from_replica()` to its alias; every write to the primary."""

    def db_for_read(self, model, **hints):
        return _scope_alias.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if in_replica_scope():
            raise ReplicaWriteRefused(
                f"Write of {model._meta.label} refused: statistics read from the replica never write."
            )
        instance = hints.get("instance")
        if isinstance(instance, model) and instance._state.db == REPLICA:
            raise ReplicaWriteRefused(
                f"{model._meta.label} {instance.pk} was read from the replica: reload it from the primary "
                "before changing it."
            )
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row of either may point to a row of the other.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA
