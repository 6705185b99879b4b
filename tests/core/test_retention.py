"""Records and retention (issue 20, item 3): periods per record type with their source, the day a
record may go, deletion refused before it by every path, and the province's changes audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from eiso.core import retention
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.improvement.models import InternalAudit, Nonconformity
from tests.factories import UserFactory
from tests.improvement.factories import InternalAuditFactory, NonconformityFactory

TODAY = date(2026, 12, 7)


def acknowledged_audit(agency, on: date) -> InternalAudit:
    return InternalAuditFactory(
        programme__agency=agency, status=InternalAudit.Status.ACKNOWLEDGED, acknowledged_on=on
    )


def test_every_app_registers_its_records_with_a_period_a_source_and_an_event():
    keys = set(retention.REGISTRY)
    assert {
        "documents.version",
        "dossiers.dossier",
        "improvement.internal_audit",
        "improvement.nonconformity",
        "improvement.management_review",
        "improvement.announcement",
        "oversight.inspection",
    } <= keys
    for record_type in retention.record_types():
        assert record_type.source and record_type.counts_from and record_type.label


@pytest.mark.django_db
def test_a_period_counts_from_the_year_the_work_ended(province):
    record_type = retention.get_type("improvement.internal_audit")
    rule = retention.rule_for(record_type, province)
    assert retention.kept_until(rule, date(2026, 3, 10)) == date(2031, 12, 31)
    assert retention.kept_until(rule, None) is None
    assert not retention.is_expired(rule, date(2021, 12, 31), date(2026, 12, 31))
    assert retention.is_expired(rule, date(2021, 12, 31), date(2027, 1, 1))


@pytest.mark.django_db
def test_deleting_an_audit_under_retention_is_refused_with_the_rule(secretary_a, agency_a):
    audit = acknowledged_audit(agency_a, date(2026, 3, 10))
    with pytest.raises(DomainError) as refused:
        retention.record_delete(obj=audit, actor=secretary_a, today=TODAY)
    message = refused.value.message
    assert message.startswith("Không xoá được: hồ sơ đánh giá nội bộ")
    assert "phải lưu 05 năm kể từ năm lãnh đạo tiếp nhận báo cáo đánh giá" in message
    assert "— đến 31/12/2031." in message
    assert InternalAudit.objects.filter(pk=audit.pk).exists()


@pytest.mark.django_db
def test_an_open_record_and_a_permanent_one_are_refused_too(secretary_a, agency_a):
    open_nc = NonconformityFactory(agency=agency_a)
    with pytest.raises(DomainError, match="chưa kết thúc nên thời hạn lưu chưa bắt đầu tính"):
        retention.ensure_may_destroy(open_nc, today=TODAY)
    from tests.improvement.factories import AnnouncementFactory

    announcement = AnnouncementFactory(agency=agency_a)
    with pytest.raises(DomainError, match="phải lưu vĩnh viễn"):
        retention.ensure_may_destroy(announcement, today=TODAY)


@pytest.mark.django_db
def test_an_expired_record_goes_only_through_an_approved_disposal_list(secretary_a, agency_a):
    audit = acknowledged_audit(agency_a, date(2019, 6, 1))
    with pytest.raises(DomainError, match="danh mục tài liệu hết giá trị"):
        retention.record_delete(obj=audit, actor=secretary_a, today=TODAY)


@pytest.mark.django_db
def test_any_other_delete_of_a_record_under_retention_is_stopped(agency_a):
    audit = acknowledged_audit(agency_a, date(2026, 3, 10))
    open_nc = NonconformityFactory(agency=agency_a)
    # Django deletes in a transaction without a savepoint: each refusal needs its own block here.
    with pytest.raises(DomainError, match="đến 31/12/2031"), transaction.atomic():
        audit.delete()
    with pytest.raises(DomainError), transaction.atomic():
        Nonconformity.objects.filter(pk=open_nc.pk).delete()
    assert InternalAudit.objects.filter(pk=audit.pk).exists()


@pytest.mark.django_db
def test_staff_may_not_delete_records(staff_a, agency_a):
    audit = acknowledged_audit(agency_a, date(2019, 6, 1))
    with pytest.raises(PermissionDenied):
        retention.record_delete(obj=audit, actor=staff_a, today=TODAY)


@pytest.mark.django_db
def test_the_delete_button_shows_the_refusal(client, secretary_a, agency_a):
    audit = acknowledged_audit(agency_a, date(2026, 3, 10))
    client.force_login(secretary_a)
    url = reverse("core:record_delete", args=["improvement.internal_audit", audit.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Không xoá được: hồ sơ đánh giá nội bộ" in page
    assert "31/12/2031" in page
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_the_records_page_lists_each_type_with_its_rule(client, secretary_a, agency_a):
    acknowledged_audit(agency_a, date(2026, 3, 10))
    client.force_login(secretary_a)
    page = client.get(reverse("core:record_list"), {"loai": "improvement.internal_audit"}).content.decode()
    assert "31/12/2031" in page and "05 năm" in page
    assert client.get(reverse("core:record_list"), {"loai": "khong-co"}).status_code == 404


@pytest.mark.django_db
def test_the_administrator_changes_an_iso_default_and_it_is_audited(sysadmin, province):
    rule = retention.rule_set(
        province=province,
        key="improvement.internal_audit",
        years=10,
        source="QĐ của UBND tỉnh",
        actor=sysadmin,
    )
    assert (rule.years, rule.source, rule.is_changed) == (10, "QĐ của UBND tỉnh", True)
    entry = AuditEntry.objects.filter(action="retention_rule.set").get()
    assert entry.changes["retention"] == ["05 năm", "10 năm"]
    permanent = retention.rule_set(
        province=province, key="improvement.internal_audit", years=None, source="", actor=sysadmin
    )
    assert permanent.is_permanent and permanent.period_text == "vĩnh viễn"


@pytest.mark.django_db
def test_a_legal_period_cannot_be_changed_nor_by_others(sysadmin, secretary_a, province):
    with pytest.raises(DomainError, match="không sửa được"):
        retention.rule_set(province=province, key="oversight.inspection", years=3, source="", actor=sysadmin)
    with pytest.raises(PermissionDenied):
        retention.rule_set(
            province=province, key="improvement.internal_audit", years=3, source="", actor=secretary_a
        )
    with pytest.raises(DomainError, match="từ 01 đến 70 năm"):
        retention.rule_set(
            province=province, key="improvement.internal_audit", years=99, source="", actor=sysadmin
        )


@pytest.mark.django_db
def test_the_rules_page_offers_changes_to_the_administrator_only(client, sysadmin, secretary_a, province):
    client.force_login(sysadmin)
    url = reverse("core:rule_update", args=["improvement.nonconformity"])
    response = client.post(
        url, {"improvement.nonconformity-years": "7", "improvement.nonconformity-source": ""}
    )
    assert response.status_code == 302
    page = client.get(reverse("core:rule_list")).content.decode()
    assert "07 năm" in page and "tỉnh đã điều chỉnh" in page
    client.force_login(secretary_a)
    page = client.get(reverse("core:rule_list")).content.decode()
    assert "07 năm" in page and url not in page
    assert client.post(url, {"improvement.nonconformity-years": "3"}).status_code == 403


@pytest.mark.django_db
def test_the_admin_delete_shows_the_refusal_and_keeps_the_record(client, agency_a):
    audit = acknowledged_audit(agency_a, date(2026, 3, 10))
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    url = reverse("admin:improvement_internalaudit_delete", args=[audit.pk])
    page = client.post(url, {"post": "yes"}, follow=True).content.decode()
    assert "Không xoá được: hồ sơ đánh giá nội bộ" in page and "31/12/2031" in page
    assert InternalAudit.objects.filter(pk=audit.pk).exists()
    assert (
        "delete_selected"
        not in client.get(reverse("admin:improvement_internalaudit_changelist")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_records_page_costs_the_same_queries_for_more_rows(
    count, client, secretary_a, agency_a, django_assert_max_num_queries
):
    for day in range(count):
        acknowledged_audit(agency_a, date(2025, 1, 1 + day))
    client.force_login(secretary_a)
    client.get(reverse("core:record_list"))  # the session and the caches are warm
    with django_assert_max_num_queries(20):
        response = client.get(reverse("core:record_list"), {"loai": "improvement.internal_audit"})
    assert response.content.decode().count('data-testid="record-row"') == count
