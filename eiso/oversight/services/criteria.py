"""Criteria sets: the coordinator edits a set until it has scored a concluded inspection; after
that a new version is made, so past rankings stay as they were scored."""

from decimal import Decimal

from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.oversight import scoring
from eiso.oversight.models import DEFAULT_BANDS, CriteriaSet, Criterion, Inspection, Score
from eiso.oversight.services.common import require_coordinator

CRITERION_FIELDS = ["code", "title", "max_points", "rule", "order"]


def _require_editable(criteria_set: CriteriaSet) -> None:
    used = Inspection.objects.filter(criteria_set=criteria_set, status=Inspection.Status.CONCLUDED).exists()
    if used:
        raise DomainError(
            "Bộ tiêu chí đã dùng để chấm các cuộc kiểm tra đã kết luận: hãy tạo phiên bản mới để sửa."
        )


@transaction.atomic
def criteria_set_create(*, province, name: str, actor, bands: list | None = None) -> CriteriaSet:
    require_coordinator(actor, province)
    version = CriteriaSet.objects.filter(province=province, name=name).order_by("-version").first()
    criteria_set = CriteriaSet(
        province=province,
        name=name,
        version=version.version + 1 if version else 1,
        bands=bands or DEFAULT_BANDS,
    )
    criteria_set.full_clean()
    criteria_set.save()
    audit.record(
        actor=actor,
        action="criteria_set.create",
        target=criteria_set,
        province=province,
        changes={"name": [None, name], "version": [None, criteria_set.version]},
    )
    return criteria_set


@transaction.atomic
def criteria_set_install_default(*, province, actor) -> CriteriaSet:
    """The set eISO ships, from TT 26/2014 Điều 36 and the obligations of QĐ 19/2014."""
    criteria_set = criteria_set_create(province=province, name=scoring.DEFAULT_SET_NAME, actor=actor)
    order = 0
    for code, title, _, rule, children in scoring.DEFAULT_CRITERIA:
        order += 1
        group = Criterion.objects.create(
            criteria_set=criteria_set, code=code, title=title, rule=rule, order=order
        )
        for child_code, child_title, points, child_rule in children:
            order += 1
            Criterion.objects.create(
                criteria_set=criteria_set,
                parent=group,
                code=child_code,
                title=child_title,
                max_points=Decimal(points),
                rule=child_rule,
                order=order,
            )
    return criteria_set


@transaction.atomic
def criteria_set_new_version(*, criteria_set: CriteriaSet, actor) -> CriteriaSet:
    """Copy a set, criteria included, as its next version; the old one stays for past scores."""
    new = criteria_set_create(
        province=criteria_set.province, name=criteria_set.name, actor=actor, bands=criteria_set.bands
    )
    copies: dict[int, Criterion] = {}
    for criterion in criteria_set.criteria.order_by("parent_id", "order"):
        copies[criterion.pk] = Criterion.objects.create(
            criteria_set=new,
            parent=copies.get(criterion.parent_id),
            code=criterion.code,
            title=criterion.title,
            max_points=criterion.max_points,
            rule=criterion.rule,
            order=criterion.order,
        )
    criteria_set.is_active = False
    criteria_set.save(update_fields=["is_active", "updated_at"])
    return new


def _check_rule(rule: str) -> None:
    if rule and rule not in scoring.RULES:
        raise DomainError("Cách chấm tự động không có trong danh sách.", field="rule")


@transaction.atomic
def criterion_add(
    *,
    criteria_set: CriteriaSet,
    code: str,
    title: str,
    max_points: Decimal,
    actor,
    parent: Criterion | None = None,
    rule: str = "",
    order: int = 0,
) -> Criterion:
    require_coordinator(actor, criteria_set.province)
    _require_editable(criteria_set)
    _check_rule(rule)
    if parent is not None and parent.criteria_set_id != criteria_set.pk:
        raise DomainError("Nhóm tiêu chí thuộc bộ khác.", field="parent")
    if max_points < 0:
        raise DomainError("Điểm tối đa không được âm.", field="max_points")
    if criteria_set.criteria.filter(code=code).exists():
        raise DomainError(f"Mã tiêu chí {code} đã có trong bộ.", field="code")
    criterion = Criterion(
        criteria_set=criteria_set,
        parent=parent,
        code=code,
        title=title,
        max_points=max_points,
        rule=rule,
        order=order,
    )
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=actor,
        action="criterion.create",
        target=criterion,
        province=criteria_set.province,
        changes=audit.diff({}, audit.snapshot(criterion, CRITERION_FIELDS)),
    )
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor, **fields) -> Criterion:
    criteria_set = criterion.criteria_set
    require_coordinator(actor, criteria_set.province)
    _require_editable(criteria_set)
    _check_rule(fields.get("rule", criterion.rule))
    if fields.get("max_points", criterion.max_points) < 0:
        raise DomainError("Điểm tối đa không được âm.", field="max_points")
    before = audit.snapshot(criterion, CRITERION_FIELDS)
    for name in CRITERION_FIELDS:
        if name in fields:
            setattr(criterion, name, fields[name])
    criterion.full_clean()
    criterion.save(update_fields=[*CRITERION_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="criterion.update",
        target=criterion,
        province=criteria_set.province,
        changes=audit.diff(before, audit.snapshot(criterion, CRITERION_FIELDS)),
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor) -> None:
    criteria_set = criterion.criteria_set
    require_coordinator(actor, criteria_set.province)
    _require_editable(criteria_set)
    if criterion.children.exists():
        raise DomainError("Hãy xóa các tiêu chí con trước khi xóa nhóm.")
    audit.record(
        actor=actor,
        action="criterion.delete",
        target=criterion,
        province=criteria_set.province,
        changes={"code": [criterion.code, None]},
    )
    # Only inspections still open can hold scores of an editable set; their scores go with it.
    Score.objects.filter(criterion=criterion).delete()
    criterion.delete()
