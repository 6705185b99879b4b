"""The quality workflows for the generic workflow test (tests/core/test_workflows.py): an action
treating a risk of agency A and owned by staff_a, a citizen's feedback to agency A handled by
staff_a, and a risk of agency A, each brought to the status asked for."""

from datetime import date

from eiso.quality import services
from eiso.quality.models import Action, Feedback
from tests.quality.factories import ActionFactory, FeedbackFactory, RiskFactory
from tests.workflows import Case


class ActionCase(Case):
    def build(self, status, world):
        completed = status in (Action.Status.DONE, Action.Status.VERIFIED)
        return ActionFactory(
            risk=RiskFactory(agency=world.agency_a),
            owner=world.staff_a,
            status=status,
            completed_on=date(2026, 5, 4) if completed else None,
        )

    def input(self, transition, action, world):
        if transition.name == "complete":
            return {"completion_note": "Đã bố trí thêm cán bộ"}
        if transition.name == "verify":
            return {"is_effective": True}
        if transition.name == "cancel":
            return {"reason": "Không còn cần thiết"}
        return {}

    def granted_actor(self, transition, action, world):
        # The owner may start and complete the action without being a QMS manager.
        return action.owner if transition.grants is not None else None


class FeedbackCase(Case):
    def build(self, status, world):
        accepted = status in (Feedback.Status.ACCEPTED, Feedback.Status.ANSWERED)
        closed = status in (Feedback.Status.ANSWERED, Feedback.Status.REFUSED)
        return FeedbackFactory(
            agency=world.agency_a,
            status=status,
            handler=world.staff_a if accepted else None,
            accepted_on=date(2026, 3, 3) if accepted else None,
            handle_due_on=date(2026, 3, 24) if accepted else None,
            answered_on=date(2026, 3, 10) if closed else None,
        )

    def input(self, transition, feedback, world):
        if transition.name == "accept":
            return {"handler": world.staff_a, "unit": world.unit_a}
        if transition.name == "refuse":
            return {"reason": "Không thuộc thẩm quyền của cơ quan."}
        if transition.name == "reply":
            return {"reply": "Cơ quan đã trả kết quả và xin lỗi ông."}
        return {}

    def granted_actor(self, transition, feedback, world):
        # The handler named at acceptance may answer it.
        return feedback.handler if transition.grants is not None else None


class RiskCase(Case):
    def build(self, status, world):
        # No treatment still to be done: the risk may be closed.
        return RiskFactory(agency=world.agency_a, status=status, likelihood=4, impact=5)

    def input(self, transition, risk, world):
        if transition.name == "evaluate":
            return {"residual_likelihood": 2, "residual_impact": 2, "note": "Đã bổ sung cán bộ"}
        if transition.name == "close":
            return {"note": "Rủi ro đã được kiểm soát"}
        return {}


CASES = [
    ActionCase(services.ACTION, api_basename="quality-action"),
    FeedbackCase(services.FEEDBACK, api_basename="quality-feedback"),
    RiskCase(services.RISK, api_basename="quality-risk"),
]
