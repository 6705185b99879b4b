"""Factories of the procedures app. A procedure belongs to a province, not an agency: a
ProcedureFactory() without arguments lives in a province of its own, which nobody of the
fixed cast can see."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from eiso.core.text import fold
from eiso.orgs.models import Agency
from eiso.procedures.models import (
    Competence,
    Procedure,
    ProcedureComponent,
    ProcedureVersion,
    Process,
    ProcessStep,
    Template,
    TemplateVersion,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.documents.factories import DocumentFactory, DocumentVersionFactory
from tests.factories import AgencyFactory, ProvinceFactory


class ProcedureFactory(DjangoModelFactory):
    """A procedure with a current version 1 (pass `current=False` for none)."""

    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"9.{n:06d}")

    @factory.post_generation
    def current(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        version = ProcedureVersionFactory(procedure=obj, number=1, **kwargs)
        obj.current_version = version
        obj.search_text = fold(f"{obj.code} {version.name} {version.field}")
        obj.save(update_fields=["current_version", "search_text"])


class CompetenceFactory(DjangoModelFactory):
    """A procedure on an agency's competence list (the procedure of the agency's province)."""

    class Meta:
        model = Competence

    agency = factory.SubFactory(AgencyFactory)
    procedure = factory.SubFactory(ProcedureFactory, province=factory.SelfAttribute("..agency.province"))
    source = Competence.Source.MANUAL


class ProcedureVersionFactory(DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory, current=False)
    number = 1
    content_hash = factory.Sequence(lambda n: f"{n:064d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = "Hộ tịch"
    level = ProcedureVersion.Level.COMMUNE
    channels = factory.LazyFunction(lambda: ["direct"])
    processing_time_amount = Decimal("3")
    processing_time_unit = ProcedureVersion.TimeUnit.WORKING_DAYS
    result = "Giấy chứng nhận"


class ProcedureComponentFactory(DjangoModelFactory):
    class Meta:
        model = ProcedureComponent

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Giấy tờ số {n}")
    originals = 1
    copies = 0
    form_name = "Tờ khai"


class ProcessFactory(DjangoModelFactory):
    """A process with a draft version 1 (its document is a procedure-kind Document)."""

    class Meta:
        model = Process
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    document = factory.SubFactory(DocumentFactory, agency=factory.SelfAttribute("..agency"))

    @factory.post_generation
    def draft(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            DocumentVersionFactory(document=obj.document, number=1, body="")


class ProcessStepFactory(DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.LazyAttribute(lambda step: ProcessFactory().document.versions.get())
    agency = factory.SelfAttribute("version.agency")
    order = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"k{n}")
    name = factory.Sequence(lambda n: f"Bước {n}")
    role = "Công chức"
    duration_amount = Decimal("0.5")
    duration_unit = ProcessStep.DurationUnit.WORKING_DAYS


class TemplateFactory(DjangoModelFactory):
    """A template of the source process's province with a version 1 of no steps."""

    class Meta:
        model = Template
        skip_postgeneration_save = True

    source_process = factory.SubFactory(ProcessFactory)
    province = factory.SelfAttribute("source_process.agency.province")
    code = factory.Sequence(lambda n: f"QT.M.{n:02d}")
    name = factory.Sequence(lambda n: f"Quy trình mẫu {n}")
    agency_kind = Agency.Kind.COMMUNE

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        if not create:
            return
        source = obj.source_process.document.versions.first()
        obj.current_version = TemplateVersion.objects.create(
            template=obj, number=1, steps=[], source_version=source
        )
        obj.save(update_fields=["current_version"])


class WebhookEndpointFactory(DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    agency = factory.SubFactory(AgencyFactory)
    url = factory.Sequence(lambda n: f"https://motcua{n}.example.vn/hooks")


class WebhookDeliveryFactory(DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    agency = factory.SelfAttribute("endpoint.agency")
    event = WebhookDelivery.Event.PROCESS_PUBLISHED
    payload = factory.LazyFunction(dict)
    status = WebhookDelivery.Status.FAILED
