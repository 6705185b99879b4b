"""Replaying every dossier on the current clock: after a rule of time or counting changes (a data
migration), and to check that what is stored is what the rules give today (`check_rules`)."""

import copy
from dataclasses import dataclass, field

from eiso.dossiers.models import Dossier
from eiso.dossiers.services.replay import calendar_for, derive, rebuild

# The stored due moments, and what the statistics count.
DUE_FIELDS = ("legal_due", "appointment", "acceptance_due", "correction_due")
COUNTED_FIELDS = ("status", "ended_on", "withdrawn_on", "outcome", "apology_timely", "processing_days")


@dataclass
class Report:
    dossiers: int = 0
    changed: int = 0  # open dossiers whose due moments (or steps' dues) changed
    changed_closed: int = 0  # finished dossiers whose counted figures changed
    differences: list[str] = field(default_factory=list)


def differences(dossier: Dossier, cal) -> tuple[list[str], list[str]]:
    """(due moments that differ, counted fields that differ) between the stored dossier and a
    fresh replay of its events; nothing is saved."""
    fresh = copy.copy(dossier)
    steps = {step.order: copy.copy(step) for step in dossier.steps.all()}
    stored_steps = {step.order: step.due for step in steps.values()}
    derive(fresh, list(dossier.events.all()), steps, cal)
    dues = [name for name in DUE_FIELDS if getattr(fresh, name) != getattr(dossier, name)]
    dues += [f"bước {order}" for order, step in sorted(steps.items()) if stored_steps.get(order) != step.due]
    counted = [name for name in COUNTED_FIELDS if getattr(fresh, name) != getattr(dossier, name)]
    return dues, counted


def recompute_all(*, save: bool = True, dossiers=None) -> Report:
    """Compare every dossier (or those of the queryset `dossiers`: a sample of a large database)
    with its replay; with `save`, store the replay."""
    report = Report()
    calendars: dict[int, object] = {}
    queryset = (
        (Dossier.objects.all() if dossiers is None else dossiers)
        .select_related("agency", "procedure_version")
        .prefetch_related("steps", "events")
    )
    for dossier in queryset.order_by("pk").iterator(chunk_size=500):
        province = dossier.agency.province_id
        cal = calendars.setdefault(province, calendar_for(dossier.agency))
        report.dossiers += 1
        dues, counted = differences(dossier, cal)
        if dues and dossier.is_open:
            report.changed += 1
        elif counted and not dossier.is_open:
            report.changed_closed += 1
        if dues or counted:
            report.differences.append(f"{dossier.code}: {', '.join(dues + counted)}")
            if save:
                rebuild(dossier, cal)
    return report
