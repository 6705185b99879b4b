"""Comparing and merging the steps of province templates and of the processes adopted from them.

Steps are compared as plain dicts (`step_dict`), matched by `key`: a template step keeps its
key across template versions, and an agency's copy of it carries the same key, so a renamed or
moved step is still the same step. Steps an agency added itself have no key.

When the province publishes a new template version, an agency that adopted the old one may
apply the change. The merge is three-way, field by field: a field the agency changed (its
deviation) is kept unless the province changed the same field, in which case the province's
new value wins and the page has shown the agency both beforehand. Steps the agency added
(keys the template never had) stay after the step they followed.
"""

from dataclasses import dataclass, field

from eiso.procedures.timing import duration_text

# The fields a template fixes, with the labels pages show; `duration` stands for amount + unit.
FIELD_LABELS: dict[str, str] = {
    "name": "Tên bước",
    "description": "Nội dung công việc",
    "unit_name": "Đơn vị thực hiện",
    "other_agency": "Cơ quan liên thông",
    "role": "Người thực hiện",
    "duration": "Thời gian",
    "forms": "Biểu mẫu",
    "outputs": "Kết quả",
    "records": "Hồ sơ lưu",
}
STEP_FIELDS = [
    "key",
    "name",
    "description",
    "unit_name",
    "other_agency_id",
    "other_agency_name",
    "role",
    "duration_amount",
    "duration_unit",
    "forms",
    "outputs",
    "records",
    "record_location",
    "record_retention_years",
]


def step_dict(**values) -> dict:
    """A step in the canonical form (missing fields empty); amounts as strings for JSON."""
    data = {name: values.get(name, "") for name in STEP_FIELDS}
    data["duration_amount"] = str(data["duration_amount"] or "0")
    data["record_retention_years"] = data["record_retention_years"] or None
    data["other_agency_id"] = data["other_agency_id"] or None
    return data


def _value(step: dict, name: str) -> str:
    if name == "duration":
        return duration_text(step["duration_amount"], step["duration_unit"])
    if name == "other_agency":
        return step.get("other_agency_name") or ""
    if name == "records":
        parts = [step.get("records", "")]
        if step.get("record_location"):
            parts.append(f"lưu tại {step['record_location']}")
        if step.get("record_retention_years"):
            parts.append(f"{step['record_retention_years']} năm")
        return ", ".join(part for part in parts if part)
    return str(step.get(name) or "")


def _raw(step: dict, name: str):
    """The stored value(s) behind a compared field, for the merge."""
    if name == "duration":
        return (str(step["duration_amount"]), step["duration_unit"])
    if name == "records":
        return (step.get("records", ""), step.get("record_location", ""), step.get("record_retention_years"))
    if name == "other_agency":
        return step.get("other_agency_id")
    return step.get(name, "")


def _assign(target: dict, name: str, source: dict) -> None:
    if name == "duration":
        target["duration_amount"], target["duration_unit"] = (
            source["duration_amount"],
            source["duration_unit"],
        )
    elif name == "records":
        for part in ("records", "record_location", "record_retention_years"):
            target[part] = source.get(part)
    elif name == "other_agency":
        target["other_agency_id"], target["other_agency_name"] = (
            source.get("other_agency_id"),
            source.get("other_agency_name"),
        )
    else:
        target[name] = source.get(name, "")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class StepChange:
    kind: str  # "added", "removed" or "changed"
    name: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"added": "Thêm bước", "removed": "Bỏ bước", "changed": "Sửa bước"}[self.kind]


def compare(before: list[dict], after: list[dict]) -> list[StepChange]:
    """What changed from `before` to `after`, step by step (steps matched by key)."""
    old = {step["key"]: step for step in before}
    new_keys = {step["key"] for step in after}
    changes: list[StepChange] = []
    for step in after:
        if step["key"] not in old:
            changes.append(StepChange("added", step["name"]))
            continue
        fields = [
            FieldChange(label, _value(old[step["key"]], name), _value(step, name))
            for name, label in FIELD_LABELS.items()
            if _raw(old[step["key"]], name) != _raw(step, name)
        ]
        if fields:
            changes.append(StepChange("changed", step["name"], fields))
    changes += [
        StepChange("removed", step["name"]) for step in before if step["key"] and step["key"] not in new_keys
    ]
    changes += [
        StepChange("removed", step["name"]) for step in before if not step["key"] and step not in after
    ]
    return changes


def merge(*, old_template: list[dict], new_template: list[dict], own: list[dict]) -> list[dict]:
    """The agency's steps moved onto the new template version, keeping its own deviations."""
    old = {step["key"]: step for step in old_template}
    mine = {step["key"]: step for step in own if step["key"] in old}
    extras: dict[str | None, list[dict]] = {}
    anchor = None
    for step in own:
        if step["key"] in old:
            anchor = step["key"]
        else:
            extras.setdefault(anchor, []).append(dict(step))
    result = list(extras.pop(None, []))
    for step in new_template:
        key = step["key"]
        if key in old and key not in mine:
            continue  # the agency removed this step and the province kept it: stay removed
        merged = dict(step)
        if key in mine:
            for name in FIELD_LABELS:
                agency_changed = _raw(mine[key], name) != _raw(old[key], name)
                province_changed = _raw(step, name) != _raw(old[key], name)
                if agency_changed and not province_changed:
                    _assign(merged, name, mine[key])
        result.append(merged)
        result += extras.pop(key, [])
    for leftover in extras.values():
        result += leftover
    return result
