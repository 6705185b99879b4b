"""Factories of the procedures app. A procedure belongs to a province, not an agency: a
ProcedureFactory() without arguments lives in a province of its own, which nobody of the
fixed cast can see."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from eiso.core.text import fold
from eiso.procedures.models import Procedure, ProcedureComponent, ProcedureVersion
from tests.factories import ProvinceFactory


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
