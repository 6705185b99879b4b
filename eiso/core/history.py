"""Audit-trail entries as people read them: one renderer for the audit-trail page and every change
history (`{% history obj %}`), driven by model metadata and the workflow declarations.

An entry is stored for machines (`document_version.submit`, `{"status": ["draft", "in_review"]}`,
`owner_id: 7`) and hashed as stored; this module only reads it and says it in Vietnamese:

- the action as a sentence: the transition's own label when the action is a declared workflow
  transition ("Trình duyệt phiên bản 2 của QT-02"), else a verb from `VERBS` (or a whole phrase
  from `ACTIONS`) and the model's verbose name;
- each changed field by its verbose name (`owner_id` is the field `owner`), or by the label an app
  registered for a key that is not a field (`asked_to_read`), or by `LABELS`;
- each value as people write it: a choice by its label, a foreign key by the object's name (a
  person by their full name), dates dd/mm/yyyy, booleans Có/Không, numbers with a decimal comma,
  lists joined.

The target model comes from `target_type` through the app registry; apps add what metadata cannot
say (a phrase naming the object, labels of keys that are not fields) with `register()` from their
`registrations.py`. Related objects and the actors' units are fetched in one query per model for a
whole page of entries.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst

from eiso.core.models import AuditEntry
from eiso.core.numbers import number_text
from eiso.core.people import person_name, unit_names
from eiso.core.workflow import REGISTRY

EMPTY = "—"
# A key nobody described: said as such rather than shown raw (tests/core/test_history.py walks the
# keys services record, so this stays an exception).
UNKNOWN_LABEL = "Thông tin khác"

# The verb of an action that is not a workflow transition: "<entity>.<verb>".
VERBS: dict[str, str] = {
    "create": "Tạo",
    "update": "Cập nhật",
    "delete": "Xóa",
    "add": "Thêm",
    "remove": "Gỡ",
    "set": "Thiết lập",
    "activate": "Mở khóa",
    "deactivate": "Ngừng sử dụng",
    "archive": "Lưu trữ",
    "approve": "Phê duyệt",
    "publish": "Ban hành",
    "receive": "Tiếp nhận",
    "record": "Ghi nhận",
    "register": "Đăng ký",
    "plan": "Lập kế hoạch",
    "prepare": "Chuẩn bị",
    "propose": "Đề xuất",
    "move": "Chuyển thứ tự",
    "enter": "Nhập số liệu",
    "generate": "Lập",
    "generated": "Hoàn tất việc lập",
    "open": "Mở",
    "seed": "Khởi tạo",
    "load": "Nạp",
    "retry": "Gửi lại",
    "rate": "Đánh giá",
    "grant": "Cấp",
    "revoke": "Thu hồi",
    "adopt": "Áp dụng",
    "replace": "Thay thế",
    "complete": "Hoàn thành",
    "compute": "Tính",
    "review": "Xem xét lại",
}

# Whole phrases for actions whose verb alone reads wrong.
ACTIONS: dict[str, str] = {
    "edition_transition.start": "Bắt đầu",
    "user.set_password": "Đặt mật khẩu mới cho",
    "inspection.sign_decision": "Ký số quyết định kiểm tra (Mẫu 20) của",
    "signed_document.sign": "Ký số (chứng thư số của cơ quan)",
    "signing_session.prepare": "Chuẩn bị ký số bằng thiết bị của người ký cho",
    "signing_session.complete": "Ký số (thiết bị ký số của người ký)",
    "internal_audit.add_member": "Thêm thành viên đoàn đánh giá cho",
    "user.activate": "Mở khóa",
    "membership.grant": "Cấp vai trò",
    "membership.revoke": "Thu hồi vai trò",
    "agency.import_people": "Nhập người dùng và phòng/ban từ tệp Excel cho",
    "user.enable_two_factor": "Bật xác thực hai lớp cho",
    "user.reset_two_factor": "Đặt lại xác thực hai lớp của",
    "user.sso_create": "Tạo tài khoản (đăng nhập lần đầu bằng tài khoản của tỉnh, chưa có vai trò) cho",
    "document_version.acknowledge": "Xác nhận đã đọc",
    "document.review_confirm": "Xác nhận rà soát định kỳ",
    "document_version.import": "Nhập từ thư mục HTQLCL hiện có",
    "legal_document.mark_replaced": "Ghi nhận việc thay thế",
    "legal_citation.replace": "Cập nhật căn cứ pháp lý của",
    "legal_change_task.open": "Mở việc rà soát theo",
    "template.publish_version": "Ban hành phiên bản mới của",
    "template.adopt": "Áp dụng quy trình mẫu cho",
    "template.apply_update": "Cập nhật theo quy trình mẫu",
    "template.dismiss_update": "Bỏ qua bản cập nhật quy trình mẫu cho",
    "process.set_procedures": "Gán thủ tục cho",
    "process.flag_review": "Đánh dấu cần rà soát",
    "process.copy_steps": "Sao chép các bước vào",
    "procedure_component.attach_form": "Đính kèm mẫu đơn cho",
    "competence.seed": "Khởi tạo danh mục thẩm quyền của",
    "competence.add": "Thêm thủ tục thuộc thẩm quyền của",
    "competence.remove": "Bỏ thủ tục khỏi thẩm quyền của",
    "agency.lineage_add": "Ghi nhận sáp nhập, chia tách của",
    "approval_chain.set": "Thiết lập",
    "dossier.ingest_expire": "Ghi nhận hết hạn đồng bộ của",
    "dossier.ingest_drop": "Bỏ sự kiện đồng bộ của",
    "dossier.ingest": "Ghi nhận sự kiện đồng bộ cho",
    "follow_up.raise_nonconformity": "Lập điểm không phù hợp từ",
    "qms_lifecycle.flag_reannouncement": "Đánh dấu cần công bố lại",
    "qms_lifecycle.confirm_effectiveness": "Xác nhận hiệu lực",
    "plan_entry.report_progress": "Báo cáo tiến độ",
    "checklist_line.record": "Ghi kết quả",
    "checklist_library.load": "Nạp thư viện câu hỏi",
    "budget_line.record_spent": "Ghi số đã chi của",
    "indicator_value.enter": "Nhập số liệu",
    "report.generated": "Hoàn tất việc lập",
    "indicator_value.recalculate_closed": "Tính lại kỳ đã chốt của",
    "dossier.step_start": "Bắt đầu xử lý một bước của",
    "dossier.step_finish": "Hoàn thành một bước của",
    "record.delete": "Xoá hồ sơ",
}

# Keys services record that are not fields of the target model, with the same meaning everywhere.
LABELS: dict[str, str] = {
    "tasks": "Số nhiệm vụ",
    "signed": "Văn bản ký số",
    "signing_session": "Phiên ký số",
    "signer": "Người, cơ quan ký",
    "method": "Cách ký",
    "expires_at": "Hết hạn lúc",
    "two_factor": "Xác thực hai lớp",
    "comment": "Ý kiến",
    "reason": "Lý do",
    "note": "Ghi chú",
    "version": "Phiên bản",
    "versions": "Phiên bản",
    "step": "Bước",
    "steps": "Các bước",
    "name": "Tên",
    "code": "Mã",
    "title": "Tiêu đề",
    "number": "Số",
    "kind": "Loại",
    "status": "Trạng thái",
    "date": "Ngày",
    "year": "Năm",
    "period": "Kỳ",
    "user": "Người dùng",
    "role": "Vai trò",
    "scope": "Phạm vi",
    "units": "Đơn vị",
    "items": "Các mục",
    "password": "Mật khẩu",
    "source": "Nguồn",
    "procedures": "Thủ tục hành chính",
    "procedure": "Thủ tục hành chính",
    "processes": "Quy trình",
    "template": "Quy trình mẫu",
    "template_version": "Phiên bản quy trình mẫu",
    "legal_bases": "Căn cứ pháp lý",
    "effective_on": "Ngày hiệu lực",
    "due_on": "Hạn",
    "is_active": "Đang sử dụng",
    "session": "Lớp tập huấn",
    "added": "Bổ sung",
    "dossier": "Hồ sơ",
    "event": "Sự kiện",
    "event_id": "Mã sự kiện",
    "at": "Thời điểm",
    "questions": "Số câu hỏi",
    "record_type": "Loại hồ sơ",
    "retention": "Thời hạn lưu",
    "basis": "Căn cứ",
    "records": "Số hồ sơ",
    "sha256": "Mã băm SHA-256",
}

Format = Callable[[object], str]


@dataclass(frozen=True)
class Key:
    """How to say one key an app records that its model cannot describe."""

    label: str
    choices: dict | None = None
    related: type[models.Model] | None = None
    format: Format | None = None


@dataclass
class Subject:
    """What an app registered for one model."""

    phrase: Callable[[models.Model], str] | None = None
    keys: dict[str, Key] = field(default_factory=dict)
    # Relations the phrase reads, fetched with the object.
    select: tuple[str, ...] = ()


_SUBJECTS: dict[type[models.Model], Subject] = {}


def register(
    model: type[models.Model],
    *,
    phrase: Callable[[models.Model], str] | None = None,
    keys: dict[str, Key | str] | None = None,
    select: tuple[str, ...] = (),
) -> None:
    """Tell the renderer how to name `model`'s objects ("phiên bản 2 của QT-02") and what the keys
    its services record beside its fields mean. Called from an app's `registrations.py`."""
    subject = _SUBJECTS.setdefault(model, Subject())
    if phrase is not None:
        subject.phrase = phrase
        subject.select = select
    for name, key in (keys or {}).items():
        subject.keys[name] = key if isinstance(key, Key) else Key(key)


# --- what one entry becomes ------------------------------------------------------------------------


@dataclass
class Change:
    key: str
    label: str
    before: str
    after: str


@dataclass
class Line:
    """An entry said for people; `entry` keeps the raw row for the administrators' detail."""

    entry: AuditEntry
    sentence: str
    actor: str
    actor_unit: str
    changes: list[Change]


@dataclass(frozen=True)
class _Spec:
    label: str
    kind: str = ""
    choices: dict | None = None
    related: type[models.Model] | None = None
    format: Format | None = None


def model_for(entry: AuditEntry) -> type[models.Model] | None:
    """The model an entry is about: its `target_type` ("documents.documentversion"), or, for an
    entry without a target, the model its action names ("calendar_day" → CalendarDay)."""
    if entry.target_type:
        try:
            return apps.get_model(entry.target_type)
        except (LookupError, ValueError):
            return None
    entity = entry.action.split(".", 1)[0].replace("_", "")
    return next((m for m in apps.get_models() if m._meta.model_name == entity), None)


def _model_field(model, key: str):
    if model is None:
        return None
    for name in (key, key[:-3] if key.endswith("_id") else None):
        if not name:
            continue
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(found, "concrete", False) or found.many_to_many:
            return found
    return None


def _kind(model_field) -> str:
    if model_field.name == "year" or model_field.name.endswith("_year"):
        return "year"
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return "number"
    return ""


def spec_for(model, key: str) -> _Spec:
    """Label and formatting of one key of `model`'s entries: registered, model field, or common."""
    subject = _SUBJECTS.get(model)
    if subject is not None and key in subject.keys:
        registered = subject.keys[key]
        return _Spec(registered.label, "", registered.choices, registered.related, registered.format)
    model_field = _model_field(model, key)
    if model_field is not None:
        return _Spec(
            capfirst(str(model_field.verbose_name)),
            _kind(model_field),
            dict(model_field.flatchoices) if model_field.choices else None,
            model_field.related_model if model_field.is_relation else None,
        )
    if key in LABELS:
        return _Spec(LABELS[key], "year" if key == "year" else "")
    return _Spec(UNKNOWN_LABEL)


def action_phrase(action: str) -> str:
    """The verb of an action: a workflow transition's label, a registered phrase, or a verb."""
    entity, _, verb = action.partition(".")
    workflow = REGISTRY.get(entity)
    if workflow is not None and verb in workflow.by_name:
        return workflow.by_name[verb].label
    if action in ACTIONS:
        return ACTIONS[action]
    if verb in VERBS:
        return VERBS[verb]
    return "Thay đổi"


# --- values -----------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _date_text(value) -> str:
    parsed = value if isinstance(value, date) else parse_date(str(value)[:10])
    return parsed.strftime("%d/%m/%Y") if parsed else str(value)


def _datetime_text(value) -> str:
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    if parsed is None:
        return str(value)
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.strftime("%d/%m/%Y %H:%M")


def _is_pk(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


class _Related:
    """Objects that values point to, fetched in one query per model for a whole page."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], models.Model] = {}

    def want(self, model, value) -> None:
        if isinstance(value, list | tuple):  # a pair, or the ids of a many-to-many field
            for item in value:
                self.want(model, item)
        elif _is_pk(value):
            self.wanted[model].add(int(value))

    def load(self) -> None:
        for model, pks in self.wanted.items():
            queryset = model._base_manager.filter(pk__in=pks)
            subject = _SUBJECTS.get(model)
            if subject is not None and subject.select:
                queryset = queryset.select_related(*subject.select)
            for obj in queryset:
                self.found[(model, str(obj.pk))] = obj

    def name(self, model, pk) -> str:
        obj = self.found.get((model, str(pk)))
        if obj is None:
            return f"#{pk} (không còn)"
        return person_name(obj) if isinstance(obj, get_user_model()) else str(obj)


def value_text(spec: _Spec, value, related: _Related | None = None) -> str:
    """One stored value as people read it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if spec.format is not None:
        return spec.format(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(spec, item, related) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {value_text(_Spec(''), item, related)}" for name, item in value.items())
    if spec.choices is not None and value in spec.choices:
        return str(spec.choices[value])
    if spec.related is not None and related is not None and _is_pk(value):
        return related.name(spec.related, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if spec.kind == "bool" and value in ("true", "false"):
        return "Có" if value == "true" else "Không"
    if spec.kind == "date" or (isinstance(value, str) and _ISO_DATE.match(value)):
        return _date_text(value)
    if spec.kind == "datetime" or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        return _datetime_text(value)
    if spec.kind == "year":
        return str(value)  # 2026, not 2.026
    if isinstance(value, int | float | Decimal) or spec.kind == "number":
        return number_text(value) or str(value)
    return str(value)


# --- entries ----------------------------------------------------------------------------------------


def _object_phrase(entry: AuditEntry, model, target) -> str:
    subject = _SUBJECTS.get(model)
    if target is not None and subject is not None and subject.phrase is not None:
        return subject.phrase(target)
    noun = str(model._meta.verbose_name) if model is not None else ""
    if entry.target_repr:
        return f"{noun} “{entry.target_repr}”".strip()
    return noun or "hệ thống"


def _join(verb: str, phrase: str) -> str:
    """ "Phê duyệt chương trình" + "chương trình đánh giá nội bộ “…”" says the shared words once:
    "Phê duyệt chương trình đánh giá nội bộ “…”"."""
    verb_words, phrase_words = verb.split(), phrase.split()
    for size in range(min(len(verb_words), len(phrase_words)), 0, -1):
        if [w.lower() for w in verb_words[-size:]] == [w.lower() for w in phrase_words[:size]]:
            return " ".join(verb_words + phrase_words[size:])
    return f"{verb} {phrase}"


def render(entries: Iterable[AuditEntry]) -> list[Line]:
    """The entries said in Vietnamese, in the order given; a few queries for the whole lot."""
    entries = list(entries)
    related = _Related()
    plans = []
    for entry in entries:
        model = model_for(entry)
        specs = {key: spec_for(model, key) for key in entry.changes or {}}
        for key, spec in specs.items():
            if spec.related is not None:
                related.want(spec.related, list(entry.changes[key]))
        subject = _SUBJECTS.get(model)
        if subject is not None and subject.phrase is not None and entry.target_id:
            related.want(model, entry.target_id)
        plans.append((entry, model, specs))
    related.load()
    units = unit_names(entry.actor_id for entry in entries)

    lines = []
    for entry, model, specs in plans:
        target = related.found.get((model, entry.target_id)) if model is not None else None
        changes = []
        for key, pair in (entry.changes or {}).items():
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            spec = specs[key]
            before, after = value_text(spec, before, related), value_text(spec, after, related)
            if before == after == EMPTY:
                continue  # "nothing was superseded": no change to tell
            changes.append(Change(key, spec.label, before, after))
        lines.append(
            Line(
                entry=entry,
                sentence=_join(action_phrase(entry.action), _object_phrase(entry, model, target)),
                actor=person_name(entry.actor) if entry.actor_id and entry.actor else entry.actor_repr,
                actor_unit=units.get((entry.actor_id, entry.agency_id), "") if entry.actor_id else "",
                changes=changes,
            )
        )
    return lines
