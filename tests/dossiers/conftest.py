import pytest

from tests.dossiers.factories import procedure_for


@pytest.fixture
def procedure_a(agency_a):
    """A procedure of agency A's province: 3 working days, two required components."""
    return procedure_for(agency_a, code="1.001193")
