"""The rich-text editor and the publish form in the browser (issue 18, items 2 and 3): the secretary
writes a draft in the editor with a bold word and a bulleted list, saves, reads it back, submits it;
the leader approves it; the secretary publishes it, ticking two units with the mouse. The CSP guard
of tests/browser/conftest.py fails these tests if the editor needs an inline script or style."""

import pytest
from playwright.sync_api import expect

from eiso.core.roles import Role
from eiso.documents import services
from eiso.documents.models import Approver, DocumentVersion
from tests.browser.helpers import log_in, rich_text_editor
from tests.documents.factories import DocumentFactory, DocumentVersionFactory
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.browser


def _draft(agency, secretary, body: str = "") -> DocumentVersion:
    """A draft of a new procedure, its agency's chain reduced to the leader's approval."""
    services.approval_chain_set(agency=agency, kind="", approvers=[Approver.LEADER], actor=secretary)
    document = DocumentFactory(agency=agency, code="QT-20", title="Quy trình kiểm soát tài liệu")
    return DocumentVersionFactory(document=document, author=secretary, body=body)


def _switch_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username)


@pytest.mark.django_db(transaction=True)
def test_secretary_drafts_in_the_editor_and_leader_approves(
    page, live_server, agency_a, secretary_a, leader_a
):
    version = _draft(agency_a, secretary_a)

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/versions/{version.pk}/edit/")
    editor = rich_text_editor(page, "Nội dung")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Mục đích: kiểm soát tài liệu ")
    page.get_by_role("button", name="In đậm").click()
    page.keyboard.type("nội bộ")
    page.get_by_role("button", name="In đậm").click()
    page.keyboard.type(" của cơ quan.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Danh sách dấu đầu dòng").click()
    page.keyboard.type("Soạn thảo")
    page.keyboard.press("Enter")
    page.keyboard.type("Phê duyệt")
    page.get_by_label("Tóm tắt nội dung sửa đổi").fill("Ban hành lần đầu")
    page.get_by_role("button", name="Lưu dự thảo").click()

    body = page.get_by_test_id("version-body")
    expect(body.locator("strong")).to_have_text("nội bộ")
    expect(body.locator("ul > li")).to_have_text(["Soạn thảo", "Phê duyệt"])
    expect(body).to_contain_text("Mục đích: kiểm soát tài liệu nội bộ của cơ quan.")

    # Opened again, the editor shows the text as formatted, not as markup.
    page.get_by_role("link", name="Sửa dự thảo").click()
    expect(editor.locator("strong")).to_have_text("nội bộ")
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(editor).not_to_contain_text("<p>")
    page.get_by_role("link", name="Hủy").click()

    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang trình duyệt")

    _switch_user(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    expect(page.get_by_test_id("version-body").locator("strong")).to_have_text("nội bộ")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đã phê duyệt")
    version.refresh_from_db()
    assert "<strong>nội bộ</strong>" in version.body
    assert "<ul><li><p>Soạn thảo</p></li><li><p>Phê duyệt</p></li></ul>" in version.body


@pytest.mark.django_db(transaction=True)
def test_text_pasted_from_word_keeps_only_the_allowed_formatting(page, live_server, agency_a, secretary_a):
    version = _draft(agency_a, secretary_a)
    word_html = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><style>p.MsoNormal{margin:0}</style>"
        "</head><body><p class=MsoNormal style='font-family:\"Times New Roman\"'><b>Điều 1.</b> "
        "<span style='color:red'>Phạm vi</span><o:p></o:p></p>"
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
        "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Tiếp nhận</p>"
        "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
        "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Trả kết quả</p>"
        "<img src='file:///C:/x.png'></body></html>"
    )

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/versions/{version.pk}/edit/")
    editor = rich_text_editor(page, "Nội dung")
    editor.click()
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Điều 1. Phạm vi");
            const init = {clipboardData: data, bubbles: true, cancelable: true};
            element.dispatchEvent(new ClipboardEvent("paste", init));
        }""",
        word_html,
    )
    expect(editor.locator("ul > li")).to_have_text(["Tiếp nhận", "Trả kết quả"])
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("version-body").locator("b, strong")).to_have_text("Điều 1.")

    version.refresh_from_db()
    assert "Mso" not in version.body and "style" not in version.body and "<img" not in version.body
    assert "·" not in version.body
    assert "<ul><li><p>Tiếp nhận</p></li><li><p>Trả kết quả</p></li></ul>" in version.body


@pytest.mark.django_db(transaction=True)
def test_old_plain_text_body_loads_as_paragraphs(page, live_server, agency_a, secretary_a):
    version = _draft(agency_a, secretary_a, body="Bước 1: tiếp nhận\nBước 2: thẩm định")

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    expect(page.get_by_test_id("version-body").locator("p")).to_have_text(
        ["Bước 1: tiếp nhận", "Bước 2: thẩm định"]
    )
    page.get_by_role("link", name="Sửa dự thảo").click()
    expect(rich_text_editor(page, "Nội dung").locator("p")).to_have_text(
        ["Bước 1: tiếp nhận", "Bước 2: thẩm định"]
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_secretary_publishes_ticking_units_with_the_mouse(page, live_server, width, agency_a, secretary_a):
    reception = UnitFactory(agency=agency_a, name="Bộ phận Một cửa")
    office = UnitFactory(agency=agency_a, name="Văn phòng Sở")
    inspectorate = UnitFactory(agency=agency_a, name="Thanh tra Sở")
    for unit in (reception, office, inspectorate):
        MembershipFactory(agency=agency_a, role=Role.STAFF, unit=unit)
    version = _draft(agency_a, secretary_a, body="<p>Nội dung</p>")
    version.status = DocumentVersion.Status.APPROVED
    version.save(update_fields=["status"])

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    card = page.get_by_test_id("document_version-publish-card")
    for unit in (reception, office):
        label = card.locator("label.form-check-label", has_text=unit.name)
        box = label.bounding_box()
        assert box["width"] > 60, f"the label of {unit.name} is squeezed to {box['width']} px"
        label.click()
        expect(card.get_by_role("checkbox", name=unit.name)).to_be_checked()
    expect(card.get_by_role("checkbox", name="Thanh tra Sở")).not_to_be_checked()
    # Each choice sits inside its card, not under the next one.
    list_box = card.locator("#id_publish-units").bounding_box()
    card_box = card.bounding_box()
    assert list_box["y"] + list_box["height"] <= card_box["y"] + card_box["height"]
    assert list_box["width"] > 200

    card.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang hiệu lực")
    expect(page.get_by_test_id("asked-units")).to_have_text("Bộ phận Một cửa, Văn phòng Sở")
    expect(page.get_by_test_id("read-count")).to_contain_text("0/2")
