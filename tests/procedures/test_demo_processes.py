"""The demo processes: a pilot commune's templates adopted, adapted, behind and missing; idempotent."""

import pytest

from eiso.procedures import demo_processes, selectors
from eiso.procedures.models import Process, ProcessStep, Template, TemplateDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from eiso.accounts import demo as accounts_demo
    from eiso.orgs import demo as orgs_demo
    from eiso.procedures import demo as catalogue_demo

    messages = []
    for loader in (orgs_demo.load, accounts_demo.load, catalogue_demo.load, demo_processes.load):
        loader(messages.append)
    return messages


def test_demo_templates_are_adopted_adapted_behind_or_missing_and_load_idempotently(demo):
    template = Template.objects.get(code="QT.HT.01")
    assert template.current_version.number == 2
    counts = selectors.coverage_counts(selectors.template_coverage(template=template))
    assert counts["source"] == 1
    assert (
        counts["adopted"] >= 10 and counts["adapted"] >= 3 and counts["behind"] >= 2 and counts["none"] >= 5
    )
    assert TemplateDecision.objects.filter(decision="dismissed").exists()
    assert ProcessStep.objects.filter(other_agency__isnull=False, version__status="published").exists()

    count = Process.objects.count()
    demo_processes.load(demo.append)
    assert Process.objects.count() == count
    assert f"{count} quy trình" in demo[-1]


def test_demo_processes_skip_without_the_catalogue(db):
    messages = []
    demo_processes.load(messages.append)
    assert "bỏ qua" in messages[0]
