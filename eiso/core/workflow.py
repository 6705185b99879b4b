"""Workflows as data (STYLE.md §8): every object with a lifecycle declares its transitions once.

A `Workflow` lists its `Transition`s: name, Vietnamese label, source statuses, target status,
the roles that may run it, an optional guard (a business precondition that needs no input) and
an optional input form. Everything else reads the declaration:

- services call `workflow.run(obj, name, actor=…, **input)`, which checks role, source status and
  guard, applies the change, saves, and writes exactly one audit-trail entry, in one transaction;
- pages POST to one generic view per workflow (`views.transition_view`) and render the allowed
  transitions as buttons and forms through one partial (`{% transitions obj %}`), so no template
  compares status strings;
- the API gets one POST action per transition (`api.transition_actions`), whose request body is
  the transition's own form, documented in the OpenAPI schema;
- ingest and demo loaders go through the same `run`;
- one generic test (tests/core/test_workflows.py) walks every declaration.

Every transition happens at a moment `at` (now, unless a loader or test replays the past): the
guard is asked `guard(obj, actor, at)` and raises DomainError to refuse; `apply(obj, actor=…,
at=…, **input)` makes the change and returns the changes to record.

Permission: a user may run a transition when they hold one of its `roles` over the object (in its
agency, or over its province for province-scoped workflows), or when `grants(obj, user)` says so
(the owner of an action, the unit of a dossier step). Anyone else gets PermissionDenied (403).
A wrong source status, or a failing guard, is a DomainError with a Vietnamese message (400).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.forms import AgencyFieldsMixin, BootstrapFormMixin
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role

Guard = Callable[[Any, Any, datetime], None]
Grant = Callable[[Any, Any], bool]


class TransitionForm(AgencyFieldsMixin, BootstrapFormMixin, forms.Form):
    """The input of one transition. Built with `target=` the object it acts on (None when only
    its fields are read, for the API schema); people, units and other rows offered are those of
    the target's agency (core.forms.AgencyFieldsMixin); `input()` is what the service receives."""

    def __init__(self, *args, target=None, **kwargs):
        self.target = target
        super().__init__(*args, agency=getattr(target, "agency", None), **kwargs)

    def input(self) -> dict:
        return dict(self.cleaned_data)


@dataclass(frozen=True)
class Transition:
    """One allowed move of an object, and everything needed to offer it and to check it."""

    name: str
    label: str
    sources: tuple[str, ...]
    # None: the status does not change, or `apply` decides it (approval chains, derived statuses).
    target: str | None = None
    roles: tuple[str, ...] = ()
    # apply(obj, *, actor, at, **input) -> changes for the audit trail ({field: [before, after]}).
    apply: Callable[..., dict | None] | None = None
    guard: Guard | None = None
    grants: Grant | None = None
    # Whether the transition exists at all for this object (an online dossier's acceptance): when
    # not, no button is shown, where a failing guard shows a disabled one with its reason.
    applies: Callable[[Any], bool] | None = None
    form: type[TransitionForm] | None = None
    # A template that lays out the form's fields, when the generic field list does not suit it.
    form_template: str = ""
    style: str = "primary"
    confirm: str = ""
    success: str = ""
    help: str = ""
    # The event an external system reports for this transition (dossier ingest maps by it).
    event: str = ""


@dataclass(frozen=True)
class Choice:
    """A transition a user may run on an object now, or the reason it is blocked."""

    transition: Transition
    blocked: str = ""


REGISTRY: dict[str, "Workflow"] = {}


@dataclass
class Workflow:
    """The lifecycle of one model: its transitions, in the order buttons are shown."""

    name: str
    model: type[models.Model]
    label: str
    transitions: tuple[Transition, ...]
    url_name: str = ""
    scope: str = "agency"
    status_field: str = "status"
    # Dossiers derive their status from their events: `apply` sets it, the engine never does.
    derived_status: bool = False
    badges: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.transitions}
        if len(self.by_name) != len(self.transitions):
            raise ValueError(f"Workflow {self.name}: two transitions share a name.")
        statuses = set(self.statuses())
        for t in self.transitions:
            unknown = (set(t.sources) | ({t.target} if t.target else set())) - statuses
            if unknown:
                raise ValueError(f"Workflow {self.name}.{t.name}: unknown statuses {sorted(unknown)}.")
        if self.scope not in ("agency", "province"):
            raise ValueError(f"Workflow {self.name}: scope must be 'agency' or 'province'.")
        REGISTRY[self.name] = self

    # -- reading the declaration ----------------------------------------------------------------

    def statuses(self) -> list[str]:
        return [value for value, _ in self.model._meta.get_field(self.status_field).choices]

    def status_label(self, status: str) -> str:
        return dict(self.model._meta.get_field(self.status_field).choices).get(status, status)

    def for_event(self, event: str) -> Transition | None:
        return next((t for t in self.transitions if t.event and t.event == event), None)

    def get(self, name: str) -> Transition:
        try:
            return self.by_name[name]
        except KeyError:
            raise DomainError("Thao tác không hợp lệ.") from None

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def holds_role(self, obj, user, roles) -> bool:
        if not roles:
            return False
        if self.scope == "province":
            return has_province_role(user, obj.province, *roles)
        return has_role(user, obj.agency, *roles)

    def may(self, obj, user, transition: Transition) -> bool:
        """Whether `user` is someone who may run `transition` on `obj` (whatever its status)."""
        if user is None or not user.is_authenticated:
            return False
        if self.holds_role(obj, user, transition.roles):
            return True
        return transition.grants is not None and bool(transition.grants(obj, user))

    def blocked(self, obj, transition: Transition, actor=None, at: datetime | None = None) -> str:
        """Why `transition` cannot run on `obj` at `at` (now by default; "" when it can): it does
        not apply to the object, wrong status, or failed guard."""
        status = self.status_of(obj)
        if status not in transition.sources:
            return (
                f"Không thể “{transition.label.lower()}”: {self.label} đang ở trạng thái "
                f"“{self.status_label(status).lower()}”."
            )
        if transition.guard is not None:
            try:
                transition.guard(obj, actor, at or timezone.now())
            except DomainError as error:
                return error.message
        if transition.applies is not None and not transition.applies(obj):
            return f"Thao tác “{transition.label.lower()}” không áp dụng cho {self.label} này."
        return ""

    def choices(self, obj, user) -> list[Choice]:
        """The transitions `user` may run from the object's status, each with the reason its guard
        blocks it, if any: the buttons a page shows."""
        return [
            Choice(t, self.blocked(obj, t, user))
            for t in self.transitions
            if self.status_of(obj) in t.sources
            and (t.applies is None or t.applies(obj))
            and self.may(obj, user, t)
        ]

    def url(self, obj, transition: Transition) -> str:
        return reverse(self.url_name, args=[obj.pk, transition.name])

    # -- running ----------------------------------------------------------------------------------

    def run(self, obj, name: str, *, actor, at: datetime | None = None, **input):
        """Run one transition at `at` (now by default): role, source status and guard are checked,
        the change is applied and saved, and one audit-trail entry is written, in one transaction."""
        transition = self.get(name)
        at = at or timezone.now()
        with transaction.atomic():
            if not self.may(obj, actor, transition):
                raise PermissionDenied(DENIED_MESSAGE)
            self._lock(obj)
            reason = self.blocked(obj, transition, actor, at)
            if reason:
                raise DomainError(reason)
            before = self.status_of(obj)
            changes = {}
            if transition.apply is not None:
                changes = transition.apply(obj, actor=actor, at=at, **input) or {}
            if not self.derived_status:
                if transition.target is not None:
                    setattr(obj, self.status_field, transition.target)
                obj.save()
            after = self.status_of(obj)
            if before != after:
                changes = {"status": [before, after], **changes}
            audit.record(
                actor=actor,
                action=f"{self.name}.{transition.name}",
                target=obj,
                changes=changes,
                **({"province": obj.province} if self.scope == "province" else {}),
            )
        return obj

    def _lock(self, obj) -> None:
        """Lock the row and reload it, so two people acting at once act one after the other."""
        type(obj).objects.select_for_update().filter(pk=obj.pk).exists()
        obj.refresh_from_db()


def workflow_for(obj) -> Workflow | None:
    for workflow in REGISTRY.values():
        if isinstance(obj, workflow.model):
            return workflow
    return None
