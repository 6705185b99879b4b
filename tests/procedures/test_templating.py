"""Comparing template versions with each other and with an agency's adapted copy, and merging."""

from eiso.procedures.templating import compare, merge, step_dict


def step(key, name, **fields):
    values = {
        "unit_name": "Bộ phận Một cửa",
        "role": "Công chức",
        "duration_amount": "1",
        "duration_unit": "working_days",
        **fields,
    }
    return step_dict(key=key, name=name, **values)


OLD = [step("s1", "Tiếp nhận"), step("s2", "Thẩm định"), step("s3", "Ký duyệt")]


def test_compare_lists_added_removed_and_changed_fields():
    new = [
        step("s1", "Tiếp nhận hồ sơ"),
        step("s2", "Thẩm định", duration_amount="2"),
        step("s4", "Trả kết quả"),
    ]
    changes = compare(OLD, new)
    kinds = [(change.kind, change.name) for change in changes]
    assert ("changed", "Tiếp nhận hồ sơ") in kinds
    assert ("added", "Trả kết quả") in kinds
    assert ("removed", "Ký duyệt") in kinds
    duration = next(change for change in changes if change.name == "Thẩm định").fields[0]
    assert (duration.label, duration.before, duration.after) == (
        "Thời gian",
        "1 ngày làm việc",
        "2 ngày làm việc",
    )


def test_identical_steps_have_no_changes():
    assert compare(OLD, [dict(s) for s in OLD]) == []


def test_merge_keeps_own_deviations_and_takes_the_province_changes():
    own = [
        step("s1", "Tiếp nhận", unit_name="Bộ phận TN&TKQ xã"),  # own unit
        step("s2", "Thẩm định", duration_amount="0.5"),  # own shorter time
        step("own1", "Xác minh thực địa"),  # own extra step after s2
        step("s3", "Ký duyệt"),
    ]
    new = [
        step("s1", "Tiếp nhận hồ sơ"),  # province renamed
        step("s2", "Thẩm định", duration_amount="2"),  # province changed the time too: province wins
        step("s3", "Ký duyệt", role="Chủ tịch UBND xã"),
        step("s4", "Trả kết quả"),
    ]
    merged = merge(old_template=OLD, new_template=new, own=own)
    assert [s["name"] for s in merged] == [
        "Tiếp nhận hồ sơ",
        "Thẩm định",
        "Xác minh thực địa",
        "Ký duyệt",
        "Trả kết quả",
    ]
    assert merged[0]["unit_name"] == "Bộ phận TN&TKQ xã"
    assert merged[1]["duration_amount"] == "2"
    assert merged[3]["role"] == "Chủ tịch UBND xã"


def test_merge_keeps_a_step_the_agency_removed_removed():
    own = [step("s1", "Tiếp nhận"), step("s3", "Ký duyệt")]
    merged = merge(old_template=OLD, new_template=OLD, own=own)
    assert [s["key"] for s in merged] == ["s1", "s3"]
