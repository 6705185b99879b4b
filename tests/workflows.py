"""What the generic workflow test (tests/core/test_workflows.py) needs to know of each workflow.

Each app with workflows writes `tests/<app>/workflow_cases.py` defining `CASES`, a list of
`Case` objects, one per declared workflow (core.workflow.REGISTRY). A case builds an object in
any status from which its transitions start, ready for them (their guards pass), and gives the
valid input of each transition; the generic test does the rest.
"""

from dataclasses import dataclass

from django.urls import reverse

from eiso.core.roles import AGENCY_MEMBERS, PROVINCE_MEMBERS
from eiso.core.workflow import Transition, Workflow
from tests.factories import MembershipFactory, ProvinceMembershipFactory

ALL_ROLES = tuple(AGENCY_MEMBERS) + tuple(PROVINCE_MEMBERS)


@dataclass
class Case:
    """Subclass per workflow; `world` is the test's cast (tests/conftest.py fixtures by name)."""

    workflow: Workflow
    # The API route name of the workflow's viewset ("dossier" for api:dossier-…), if it has one.
    api_basename: str = ""

    def build(self, status: str, world) -> object:
        """An object of the workflow in `status`, from which every transition starting there may run."""
        raise NotImplementedError

    def input(self, transition: Transition, obj, world) -> dict:
        """Valid input for `transition` on `obj`; none by default."""
        return {}

    def actor(self, role: str, obj, world):
        """A person holding `role` over `obj` (in its agency, or over its province), and nothing more."""
        name = f"{self.workflow.name}-{role}-{obj.pk}-{world.counter()}"
        if role in PROVINCE_MEMBERS:
            province = obj.province if self.workflow.scope == "province" else obj.agency.province
            return ProvinceMembershipFactory(province=province, role=role, user__username=name).user
        agency = obj.agency
        return MembershipFactory(agency=agency, role=role, user__username=name).user

    def granted_actor(self, transition: Transition, obj, world):
        """Someone a transition grants outside its roles (the owner of an action…), or None."""
        return None

    def api_url(self, transition: Transition, obj) -> str | None:
        """The API action of the transition, when the workflow has an API."""
        if not self.api_basename:
            return None
        return reverse(f"api:{self.api_basename}-{transition.name.replace('_', '-')}", args=[obj.pk])
