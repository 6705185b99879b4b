"""Factories of the documents app. Versions take their agency from their document, and
citations and task items from their parent, so no factory builds a cross-tenant row."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from eiso.core.text import fold
from eiso.documents.legal_services import number_key
from eiso.documents.models import (
    Acknowledgement,
    Document,
    DocumentVersion,
    LegalChangeTask,
    LegalChangeTaskItem,
    LegalCitation,
    LegalDocument,
)
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"QT-{n:02d}")
    title = factory.Sequence(lambda n: f"Quy trình thử nghiệm số {n}")
    kind = Document.Kind.PROCEDURE
    search_text = factory.LazyAttribute(lambda doc: fold(f"{doc.code} {doc.title}"))


class DocumentVersionFactory(DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    agency = factory.SelfAttribute("document.agency")
    number = factory.Sequence(lambda n: n + 1)
    status = DocumentVersion.Status.DRAFT
    body = "<p>Nội dung dự thảo</p>"
    author = factory.SubFactory(UserFactory)


def published_version(document=None, **kwargs) -> DocumentVersion:
    """A published version made current on its document."""
    document = document or DocumentFactory()
    version = DocumentVersionFactory(
        document=document,
        status=DocumentVersion.Status.PUBLISHED,
        effective_on=datetime.date(2026, 1, 5),
        published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        **kwargs,
    )
    document.current_version = version
    document.next_review_on = datetime.date(2027, 1, 5)
    document.save(update_fields=["current_version", "next_review_on"])
    return version


class AcknowledgementFactory(DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    version = factory.SubFactory(DocumentVersionFactory)
    agency = factory.SelfAttribute("version.agency")
    user = factory.SubFactory(UserFactory)


class LegalDocumentFactory(DjangoModelFactory):
    class Meta:
        model = LegalDocument

    province = factory.SubFactory(ProvinceFactory)
    number = factory.Sequence(lambda n: f"{n + 1}/2024/NĐ-CP")
    kind = LegalDocument.Kind.DECREE
    issuing_body = "Chính phủ"
    title = factory.Sequence(lambda n: f"Nghị định thử nghiệm số {n}")
    issued_on = datetime.date(2024, 1, 10)
    effective_on = datetime.date(2024, 3, 1)
    number_key = factory.LazyAttribute(lambda doc: number_key(doc.number))
    search_text = factory.LazyAttribute(lambda doc: fold(f"{doc.number} {doc.title}"))


class LegalCitationFactory(DjangoModelFactory):
    """A citation by a document (pass `target=` for another record)."""

    class Meta:
        model = LegalCitation
        exclude = ["target"]

    target = factory.SubFactory(DocumentFactory)
    agency = factory.SelfAttribute("target.agency")
    legal_document = factory.SubFactory(
        LegalDocumentFactory, province=factory.SelfAttribute("..agency.province")
    )
    content_type = factory.LazyAttribute(lambda c: ContentType.objects.get_for_model(c.target))
    object_id = factory.LazyAttribute(lambda c: c.target.pk)


class LegalChangeTaskFactory(DjangoModelFactory):
    class Meta:
        model = LegalChangeTask

    agency = factory.SubFactory(AgencyFactory)
    legal_document = factory.SubFactory(
        LegalDocumentFactory, province=factory.SelfAttribute("..agency.province")
    )
    change = LegalDocument.Status.REPLACED
    due_on = datetime.date(2026, 6, 1)


class LegalChangeTaskItemFactory(DjangoModelFactory):
    class Meta:
        model = LegalChangeTaskItem
        exclude = ["target"]

    task = factory.SubFactory(LegalChangeTaskFactory)
    agency = factory.SelfAttribute("task.agency")
    target = factory.SubFactory(DocumentFactory, agency=factory.SelfAttribute("..task.agency"))
    content_type = factory.LazyAttribute(lambda i: ContentType.objects.get_for_model(i.target))
    object_id = factory.LazyAttribute(lambda i: i.target.pk)
    label = factory.LazyAttribute(lambda i: str(i.target))
