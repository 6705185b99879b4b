"""The server-drawn flowchart: one lane per responsible unit or agency, every step shown."""

import xml.etree.ElementTree as ET

from eiso.procedures.flowchart import Box, render

SVG = "{http://www.w3.org/2000/svg}"


def boxes():
    return [
        Box("B1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5 ngày làm việc"),
        Box("B2", "Thẩm định <hồ sơ> & dự thảo kết quả", "Phòng Hành chính tư pháp", "2 ngày làm việc"),
        Box("B3", "Xác minh nơi cư trú", "Công an xã", "1 ngày làm việc", is_inter_agency=True),
        Box("B4", "Trả kết quả", "Bộ phận Một cửa", ""),
    ]


def test_flowchart_is_valid_svg_with_a_lane_per_unit_and_a_box_per_step():
    svg = str(render(boxes(), title="Quy trình QT.HT.01"))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}g")) == 4
    lanes = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "lane"]
    assert len(lanes) == 3
    assert len(root.findall(f"{SVG}path")) == 3  # one arrow between each pair of steps


def test_flowchart_escapes_text_and_marks_inter_agency_steps():
    svg = str(render(boxes(), title="QT"))
    assert "&lt;hồ sơ&gt; &amp;" in svg
    assert 'class="step inter-agency"' in svg
    assert "2 ngày làm việc" in svg


def test_no_steps_no_chart():
    assert str(render([], title="QT")) == ""
