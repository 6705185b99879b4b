"""Core's workflows for the generic workflow test (tests/core/test_workflows.py): a disposal list
of agency A, proposed for an expired internal audit, brought to the status asked for."""

from django.utils import timezone

from eiso.core import disposal
from eiso.core.models import DisposalList
from tests.core.records_helpers import proposed_list
from tests.factories import MembershipFactory
from tests.workflows import Case


class DisposalListCase(Case):
    def build(self, status, world):
        secretary = MembershipFactory(
            agency=world.agency_a, role="secretary", user__username=f"disposal-secretary-{world.counter()}"
        ).user
        disposal_list = proposed_list(world.agency_a, secretary, today=timezone.localdate())
        if status != DisposalList.Status.PROPOSED:
            disposal_list.status = status
            disposal_list.save(update_fields=["status"])
        return disposal_list

    def input(self, transition, obj, world):
        if transition.name == "reject":
            return {"decision_note": "Còn cần tra cứu"}
        return {"decision_number": "01/QĐ-HUY"}


CASES = [DisposalListCase(disposal.DISPOSAL_LIST)]
