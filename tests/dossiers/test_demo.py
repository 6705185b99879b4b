import pytest

from eiso.dossiers import demo
from eiso.dossiers.models import Dossier, Rating
from tests.dossiers.factories import procedure_for, process_for

pytestmark = pytest.mark.django_db


def test_generate_is_realistic_and_consistent(agency_a, unit_a):
    procedure = procedure_for(agency_a)
    process_for(agency_a, procedure, [("Tiếp nhận", 2, unit_a, None), ("Thẩm định", 8, unit_a, None)])
    count = demo.generate(agency_a, demo.processes_of(agency_a), per_month=20, seed=1)
    assert count == 240 == Dossier.objects.count()
    outcomes = list(Dossier.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes.count("late") < outcomes.count("early") + outcomes.count("on_time")
    assert Rating.objects.exists()
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)


def test_load_skips_politely_without_a_demo_province():
    said = []
    demo.load(said.append)
    assert said == ["Chưa có tỉnh mẫu: bỏ qua hồ sơ mẫu."]
