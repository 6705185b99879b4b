"""Factories of the quality app. Child rows take their agency from their parent."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from eiso.quality.models import (
    Action,
    ContextIssue,
    CultureRecord,
    Feedback,
    IndicatorValue,
    InterestedParty,
    QualityObjective,
    Risk,
)
from tests.factories import AgencyFactory


class QualityObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = QualityObjective

    agency = factory.SubFactory(AgencyFactory)
    year = 2026
    statement = factory.Sequence(lambda n: f"Mục tiêu chất lượng thử nghiệm số {n}")
    indicator = "Tỷ lệ hồ sơ giải quyết đúng hạn"
    source = "manual"
    target = Decimal("95")
    measure_unit = "%"
    frequency = "quarterly"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    objective = factory.SubFactory(QualityObjectiveFactory)
    agency = factory.SelfAttribute("objective.agency")
    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)
    label = "Quý 1/2026"
    value = Decimal("96")
    source = factory.SelfAttribute("objective.source")


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Rủi ro thử nghiệm số {n}")
    likelihood = 3
    impact = 4


class ActionFactory(DjangoModelFactory):
    """An action treating a risk of the same agency."""

    class Meta:
        model = Action
        exclude = ["risk"]

    risk = factory.SubFactory(RiskFactory)
    agency = factory.SelfAttribute("risk.agency")
    source_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Risk))
    source_id = factory.SelfAttribute("risk.pk")
    title = factory.Sequence(lambda n: f"Hành động số {n}")
    due_on = date(2026, 6, 30)


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"PA26-T{n:07d}")
    channel = Feedback.Channel.PORTAL
    content = "Cán bộ hẹn trả kết quả nhưng đến ngày hẹn chưa có."
    sender_name = "Nguyễn Văn An"
    received_on = date(2026, 3, 2)
    accept_due_on = date(2026, 3, 4)


class ContextIssueFactory(DjangoModelFactory):
    class Meta:
        model = ContextIssue

    agency = factory.SubFactory(AgencyFactory)
    kind = ContextIssue.Kind.EXTERNAL
    category = ContextIssue.Category.LEGAL
    description = factory.Sequence(lambda n: f"Vấn đề bối cảnh số {n}")
    reviewed_on = date(2026, 1, 15)


class InterestedPartyFactory(DjangoModelFactory):
    class Meta:
        model = InterestedParty

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Bên quan tâm số {n}")
    category = InterestedParty.Category.CITIZENS
    requirements = "Giải quyết đúng hạn, công khai, minh bạch."
    reviewed_on = date(2026, 1, 15)


class CultureRecordFactory(DjangoModelFactory):
    class Meta:
        model = CultureRecord

    agency = factory.SubFactory(AgencyFactory)
    kind = CultureRecord.Kind.COMMITMENT
    title = factory.Sequence(lambda n: f"Cam kết về văn hóa chất lượng số {n}")
    recorded_on = date(2026, 3, 2)
