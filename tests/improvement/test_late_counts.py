"""The late-dossier rule counts late dossiers per procedure and per unit that carried a step.

Regressions: the unit rows of `dossiers.selectors.stats_by(by="unit")` are keyed `unit_id` and
`unit__name`; the rule read other keys and crashed as soon as dossiers had steps. The procedure
rows carry the name as `procedure__current_version__name`; the rule read another key and the
proposal's subject lost the procedure's name.
"""

from datetime import date

import pytest

from eiso.dossiers import services
from eiso.dossiers.models import Channel
from eiso.improvement import selectors
from tests.dossiers.factories import at, procedure_for, process_for

pytestmark = pytest.mark.django_db


def test_late_counts_name_the_procedure_and_the_unit(officer_a, staff_a, agency_a, unit_a):
    procedure = procedure_for(agency_a, amount="1", code="9.123456")
    process_for(agency_a, procedure, [("Thẩm định", 8, unit_a, None)])
    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure,
        actor=officer_a,
        received_at=at(2026, 3, 2, 9),
        applicant_name="Lê Văn Cường",
        applicant_phone="0987654321",
        channel=Channel.DIRECT,
        components=[1, 2],
    )
    step = dossier.steps.get(order=1)
    services.step_start(step=step, actor=staff_a, at=at(2026, 3, 2, 10))
    step.refresh_from_db()
    services.step_finish(step=step, actor=staff_a, at=at(2026, 3, 9, 16))
    dossier.refresh_from_db()
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 10, 9))

    counts = selectors.late_counts(
        agency=agency_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )

    by_label = {count.subject: count for count in counts}
    assert by_label[unit_a.name].late_count == 1 and by_label[unit_a.name].unit_id == unit_a.pk
    name = procedure.current_version.name
    assert name
    assert by_label[f"Thủ tục 9.123456 {name}"].procedure_id == procedure.pk
