"""State changes of dossiers, by responsibility:

- `codes`: dossier codes and the daily serial;
- `replay`: the dossier's state derived from its events on the one clock (counting contract v2);
- `events`: appending an event, with the rules the counter shares with ingest;
- `reception`: receiving a dossier at the counter (or creating it from an ingested reception);
- `steps`: taking and finishing the steps of the process;
- `workflow`: the counter's transitions, declared once (supplement, extension, refusal…);
- `rating`: the applicant's evaluation.
"""

from eiso.dossiers.services.codes import make_code, next_serial, parse_code
from eiso.dossiers.services.rating import RATING_FIELDS, rating_submit
from eiso.dossiers.services.reception import (
    create_dossier,
    dossier_receive,
    missing_components,
    new_dossier,
    process_for,
    processes_for,
    snapshot_steps,
    step_rows,
)
from eiso.dossiers.services.replay import calendar_for, derive, legal_due_from, rebuild, rebuild_dossiers
from eiso.dossiers.services.steps import can_handle_step, step_finish, step_start
from eiso.dossiers.services.workflow import (
    DOSSIER,
    closure_due,
    dossier_accept,
    dossier_close,
    dossier_correct,
    dossier_extend,
    dossier_refuse,
    dossier_result_ready,
    dossier_return,
    dossier_stop,
    supplement_complete,
    supplement_request,
)

__all__ = [
    "DOSSIER",
    "RATING_FIELDS",
    "calendar_for",
    "can_handle_step",
    "closure_due",
    "create_dossier",
    "derive",
    "dossier_accept",
    "dossier_close",
    "dossier_correct",
    "dossier_extend",
    "dossier_receive",
    "dossier_refuse",
    "dossier_result_ready",
    "dossier_return",
    "dossier_stop",
    "legal_due_from",
    "make_code",
    "missing_components",
    "new_dossier",
    "next_serial",
    "parse_code",
    "process_for",
    "processes_for",
    "rating_submit",
    "rebuild",
    "rebuild_dossiers",
    "snapshot_steps",
    "step_finish",
    "step_rows",
    "step_start",
    "supplement_complete",
    "supplement_request",
]
