"""Records and their retention (ISO 9001:2015 §7.5.3.2; Luật Lưu trữ 2024; TT 10/2022/TT-BNV).

Each app registers its kinds of records from its `registrations.py` (`register(RecordType(...))`),
as it registers navigation entries and cards: core never imports the apps above it. A record type
says what its records are (model, code, title, files, author), the event its retention counts
from (the document withdrawn, the dossier closed, the audit report acknowledged…) and its default
period with the rule it comes from. Periods that come from the Ministry of Home Affairs' rules are
fixed; the others are ISO or provincial defaults that the province's administrator may change
(`RetentionRule` rows, set through `rule_set`, audited).

Archival practice counts a period from the year the work ended, so a record is kept until
31/12 of (year of the event + period): an audit closed on 10/03/2026 and kept 05 years is kept
until 31/12/2031. The date arithmetic is `core.dates`, as every period of eISO.

Deletion goes through `ensure_may_destroy` from every path: the records page, the Django admin,
the approval of a disposal list, and, as a last net, a `pre_delete` receiver for the registered
models (connected in `CoreConfig.ready`) that catches any other code calling `.delete()`. A
record under retention is refused with a message naming the rule; an expired one may only be
destroyed through an approved disposal list (danh mục tài liệu hết giá trị).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models, transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.dates import month_end
from eiso.core.errors import DomainError
from eiso.core.models import DisposalItem, DisposalList, RetentionRule
from eiso.core.permissions import require_manager, require_province_role
from eiso.core.roles import Role

HOME_AFFAIRS = "TT 10/2022/TT-BNV"
PERMANENT_TEXT = "vĩnh viễn"
MAX_YEARS = 70


def years_text(years: int | None) -> str:
    """ "05 năm", "20 năm", "vĩnh viễn": periods are written with two digits in official texts."""
    return PERMANENT_TEXT if years is None else f"{years:02d} năm"


@dataclass(frozen=True)
class RecordType:
    """A kind of record eISO keeps, and how long: registered by the app that owns the model."""

    key: str
    label: str
    model: type[models.Model]
    # The default period in years; None is permanent (vĩnh viễn).
    years: int | None
    source: str
    # The event the period counts from, said after "kể từ": "ngày đóng điểm không phù hợp".
    counts_from: str
    # The day of that event for one record; None while it has not happened (kept as long as open).
    ended_on: Callable[[models.Model], date | None]
    code: Callable[[models.Model], str]
    title: Callable[[models.Model], str]
    # The records whose event happened before a day, in one query (a year's records, the expired).
    ended_before: Callable[[date], models.Q] = lambda day: models.Q(pk__in=[])
    files: Callable[[models.Model], list] = lambda obj: []
    author: Callable[[models.Model], str] = lambda obj: ""
    # (label, value) lines that describe the record in its PDF/A rendition.
    describe: Callable[[models.Model], list[tuple[str, str]]] = lambda obj: []
    select_related: tuple[str, ...] = ()
    # True when the period comes from a legal text (fixed); False for an ISO or provincial default
    # that the province's administrator may change.
    is_legal: bool = False

    @property
    def is_editable(self) -> bool:
        return not self.is_legal


REGISTRY: dict[str, RecordType] = {}


def register(record_type: RecordType) -> None:
    REGISTRY.setdefault(record_type.key, record_type)


def record_types() -> list[RecordType]:
    return list(REGISTRY.values())


def get_type(key: str) -> RecordType:
    try:
        return REGISTRY[key]
    except KeyError:
        raise DomainError("Loại hồ sơ không hợp lệ.") from None


def type_of(obj) -> RecordType | None:
    return next((rt for rt in REGISTRY.values() if type(obj) is rt.model), None)


@dataclass(frozen=True)
class Rule:
    """The period in force for one record type in one province, and where it comes from."""

    record_type: RecordType
    years: int | None
    source: str
    is_changed: bool = False

    @property
    def period_text(self) -> str:
        return years_text(self.years)

    @property
    def is_permanent(self) -> bool:
        return self.years is None


def rules_for(province) -> dict[str, Rule]:
    """Every record type's rule in `province`: the administrator's change, else the default."""
    changed = {row.key: row for row in RetentionRule.objects.filter(province=province)}
    rules = {}
    for key, record_type in REGISTRY.items():
        row = changed.get(key) if record_type.is_editable else None
        if row is None:
            rules[key] = Rule(record_type, record_type.years, record_type.source)
        else:
            rules[key] = Rule(record_type, None if row.is_permanent else row.years, row.source, True)
    return rules


def rule_for(record_type: RecordType, province) -> Rule:
    return rules_for(province)[record_type.key]


def kept_until(rule: Rule, ended_on: date | None) -> date | None:
    """The last day a record must be kept: 31/12 of the event's year plus the period; None while
    the event has not happened or when the period is permanent."""
    if ended_on is None or rule.years is None:
        return None
    return month_end(ended_on.year + rule.years, 12)


def is_expired(rule: Rule, ended_on: date | None, today: date) -> bool:
    until = kept_until(rule, ended_on)
    return until is not None and until < today


def refusal(rule: Rule, ended_on: date | None) -> str:
    """Why a record under retention cannot be deleted, naming the rule and the date."""
    record_type = rule.record_type
    head = f"Không xoá được: {record_type.label.lower()}"
    if rule.years is None:
        return f"{head} phải lưu vĩnh viễn ({rule.source})."
    if ended_on is None:
        return (
            f"{head} phải lưu {rule.period_text} kể từ {record_type.counts_from} ({rule.source}); "
            "việc này chưa kết thúc nên thời hạn lưu chưa bắt đầu tính."
        )
    return (
        f"{head} phải lưu {rule.period_text} kể từ {record_type.counts_from} ({rule.source}) "
        f"— đến {kept_until(rule, ended_on):%d/%m/%Y}."
    )


ONLY_BY_DISPOSAL = (
    "Hồ sơ đã hết thời hạn lưu nhưng chỉ được huỷ theo danh mục tài liệu hết giá trị đã được lãnh đạo "
    "cơ quan phê duyệt: hãy đưa hồ sơ vào danh mục tài liệu hết giá trị."
)


def ensure_may_destroy(obj, *, today: date | None = None) -> None:
    """Refuse (DomainError) the deletion of a registered record unless its period has ended and an
    approved disposal list names it. Records of unregistered models pass."""
    record_type = type_of(obj)
    if record_type is None:
        return
    rule = rule_for(record_type, obj.agency.province)
    ended_on = record_type.ended_on(obj)
    if not is_expired(rule, ended_on, today or timezone.localdate()):
        raise DomainError(refusal(rule, ended_on))
    if not _approved_for_disposal(record_type, obj):
        raise DomainError(ONLY_BY_DISPOSAL)


def _approved_for_disposal(record_type: RecordType, obj) -> bool:
    return DisposalItem.objects.filter(
        agency=obj.agency,
        record_type=record_type.key,
        record_id=obj.pk,
        disposal__status=DisposalList.Status.APPROVED,
    ).exists()


def guard_delete(sender, instance, **kwargs) -> None:
    """`pre_delete` receiver: the last net under every `.delete()` of a registered record."""
    if type_of(instance) is not None:
        ensure_may_destroy(instance)


@transaction.atomic
def record_delete(*, obj, actor, today: date | None = None) -> None:
    """Delete one record from a page or the admin: only the QMS managers, only when the period has
    ended and an approved disposal list names it (ensure_may_destroy), in one audited transaction."""
    record_type = type_of(obj)
    if record_type is None:
        raise DomainError("Loại hồ sơ không hợp lệ.")
    require_manager(actor, obj.agency)
    ensure_may_destroy(obj, today=today)
    audit.record(
        actor=actor,
        action="record.delete",
        agency=obj.agency,
        changes={"record_type": [record_type.key, None], "code": [record_type.code(obj), None]},
    )
    obj.delete()


@transaction.atomic
def rule_set(*, province, key: str, years: int | None, source: str, actor) -> Rule:
    """The province's administrator changes an ISO or provincial default period (not a legal one)."""
    require_province_role(actor, province, Role.ADMIN)
    record_type = get_type(key)
    if not record_type.is_editable:
        raise DomainError(
            f"Thời hạn lưu của {record_type.label.lower()} theo {record_type.source}, không sửa được."
        )
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise DomainError(f"Thời hạn lưu phải từ 01 đến {MAX_YEARS} năm, hoặc vĩnh viễn.", field="years")
    source = source.strip() or record_type.source
    before = rule_for(record_type, province)
    RetentionRule.objects.update_or_create(
        province=province,
        key=key,
        defaults={"years": years or 0, "is_permanent": years is None, "source": source},
    )
    audit.record(
        actor=actor,
        action="retention_rule.set",
        province=province,
        changes={
            "record_type": [key, key],
            "retention": [before.period_text, years_text(years)],
            "basis": [before.source, source],
        },
    )
    return rule_for(record_type, province)
