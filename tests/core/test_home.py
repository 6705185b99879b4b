import pytest
from django.urls import reverse


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("user_fixture", "role_label"),
    [
        ("secretary_a", "Thư ký ISO"),
        ("leader_a", "Lãnh đạo cơ quan"),
        ("staff_a", "Cán bộ, công chức"),
        ("officer_a", "Cán bộ một cửa"),
        ("auditor_a", "Đánh giá viên nội bộ"),
        ("coordinator", "Sở KH&amp;CN (điều phối ISO)"),
        ("steering", "Thành viên Ban chỉ đạo ISO"),
        ("sysadmin", "Quản trị hệ thống"),
    ],
)
def test_dashboard_shows_the_guide_of_the_users_role(request, client, user_fixture, role_label):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert f'data-testid="role-label">{role_label}<' in response.content.decode()


def test_user_without_membership_is_told_to_ask_the_administrator(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("core:home"))
    assert "chưa được gán vai trò" in response.content.decode()


def test_switching_agency_changes_the_working_context(client, agency_a, agency_b, secretary_a):
    from eiso.core.roles import Role
    from tests.factories import MembershipFactory

    second = MembershipFactory(user=secretary_a, agency=agency_b, role=Role.LEADER)
    client.force_login(secretary_a)
    response = client.post(reverse("accounts:switch_context"), {"membership": second.pk, "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="role-label">Lãnh đạo cơ quan<' in page


def test_switching_to_someone_elses_membership_is_refused(client, secretary_a, staff_b):
    foreign = staff_b.memberships.get()
    client.force_login(secretary_a)
    client.post(reverse("accounts:switch_context"), {"membership": foreign.pk})
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="role-label">Thư ký ISO<' in page
