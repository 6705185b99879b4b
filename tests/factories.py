"""One factory per model. Child factories take the agency from their parent, so a factory
cannot build a cross-tenant object by accident."""

import factory
from factory.django import DjangoModelFactory

from eiso.accounts.models import Membership, User
from eiso.core.roles import Role
from eiso.orgs.models import Agency, Province, Unit

DEMO_PASSWORD = "eiso-test-2026"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("division_code",)

    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    division_code = factory.Sequence(lambda n: 900 + n)


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = Agency.Kind.DEPARTMENT
    identifier_code = factory.Sequence(lambda n: f"000.00.{n:02d}.H99")

    @factory.post_generation
    def search(obj, create, extracted, **kwargs):
        obj.refresh_search_text()
        if create:
            obj.save(update_fields=["search_text"])


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.STAFF


class ProvinceMembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = None
    province = factory.SubFactory(ProvinceFactory)
    role = Role.COORDINATOR
