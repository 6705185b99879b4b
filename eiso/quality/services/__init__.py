"""Every change of state of the quality app, one function per business action.

Split by sub-domain: objectives and indicator values, actions, context, risks, feedback. The
lifecycles of actions, feedback and risks are declared workflows (core.workflow): ACTION, FEEDBACK
and RISK, registered when this package is imported (at start-up, through the app's registrations).
`actor=None` means the system itself (the `recalculate_indicators` command, the demo loader, and
the citizen's public feedback form, which has no login).
"""

from eiso.quality.services.actions import (
    ACTION,
    action_cancel,
    action_complete,
    action_create,
    action_start,
    action_update,
    action_verify,
)
from eiso.quality.services.context import (
    context_issue_create,
    context_issue_review,
    context_issue_update,
    party_create,
    party_review,
    party_update,
)
from eiso.quality.services.culture import culture_record_create, culture_record_update
from eiso.quality.services.feedback import (
    FEEDBACK,
    feedback_accept,
    feedback_record,
    feedback_refuse,
    feedback_reply,
    feedback_submit,
)
from eiso.quality.services.index766 import index_entry_delete, index_entry_set, may_enter_766
from eiso.quality.services.objectives import (
    indicator_recalculate,
    indicator_value_enter,
    indicators_recalculate_all,
    objective_create,
    objective_recalculate,
    objective_update,
)
from eiso.quality.services.risks import (
    RISK,
    risk_add_treatment,
    risk_close,
    risk_create,
    risk_evaluate,
    risk_matrix_update,
    risk_update,
)

__all__ = [
    "ACTION",
    "FEEDBACK",
    "RISK",
    "action_cancel",
    "action_complete",
    "action_create",
    "action_start",
    "action_update",
    "action_verify",
    "context_issue_create",
    "context_issue_review",
    "context_issue_update",
    "culture_record_create",
    "culture_record_update",
    "feedback_accept",
    "feedback_record",
    "feedback_refuse",
    "feedback_reply",
    "feedback_submit",
    "index_entry_delete",
    "index_entry_set",
    "may_enter_766",
    "indicator_recalculate",
    "indicator_value_enter",
    "indicators_recalculate_all",
    "objective_create",
    "objective_recalculate",
    "objective_update",
    "party_create",
    "party_review",
    "party_update",
    "risk_add_treatment",
    "risk_close",
    "risk_create",
    "risk_evaluate",
    "risk_matrix_update",
    "risk_update",
]
