"""The transition forms of the improvement workflows: what the page and the API send becomes what
the service takes."""

from eiso.improvement.forms import AnalyseForm, EffectivenessForm


def test_five_whys_are_the_answers_in_order():
    form = AnalyseForm(
        {
            "cause_method": "five_whys",
            "why_1": "Mẫu cũ còn trong tủ",
            "why_2": " Không thu hồi ",
            "root_cause": "x",
        }
    )
    assert form.is_valid(), form.errors
    assert form.input() == {
        "cause_method": "five_whys",
        "analysis": ["Mẫu cũ còn trong tủ", "Không thu hồi", "", "", ""],
        "root_cause": "x",
        "correction": "",
    }


def test_cause_categories_are_named_by_their_category():
    form = AnalyseForm({"cause_method": "categories", "why_2": "Không có bước thu hồi", "why_5": "Tủ chung"})
    assert form.is_valid(), form.errors
    assert form.input()["analysis"] == ["Phương pháp: Không có bước thu hồi", "Môi trường: Tủ chung"]


def test_effectiveness_reads_the_page_radio_and_a_json_boolean():
    from_page = EffectivenessForm({"is_effective": "false", "result": "Tái diễn"})
    assert from_page.is_valid() and from_page.input()["is_effective"] is False
    from_api = EffectivenessForm(data={"is_effective": True, "result": "Đạt"})
    assert from_api.is_valid() and from_api.input()["is_effective"] is True
    missing = EffectivenessForm({"result": "Đạt"})
    assert not missing.is_valid()
    assert "Hãy chọn kết luận" in missing.errors["is_effective"][0]
