"""The disposal of records whose retention has ended (danh mục tài liệu hết giá trị, Luật Lưu trữ 2024).

The ISO secretary proposes a list of expired records; the agency's leader approves it, which
destroys the records (their files and rows) and keeps of each only a register entry (code, title,
dates, period, the decision: `DisposalItem`), or rejects it. The lifecycle is declared once
(`DISPOSAL_LIST`, core.workflow), like every workflow of eISO.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from eiso.core import audit, retention
from eiso.core.errors import DomainError
from eiso.core.models import DisposalItem, DisposalList
from eiso.core.permissions import require_role
from eiso.core.roles import Role
from eiso.core.workflow import Transition, TransitionForm, Workflow

Status = DisposalList.Status


@dataclass(frozen=True)
class Candidate:
    """A record whose retention has ended, as the disposal list shows it."""

    record_type: retention.RecordType
    rule: retention.Rule
    obj: object
    ended_on: date
    kept_until: date

    @property
    def key(self) -> str:
        return f"{self.record_type.key}:{self.obj.pk}"

    @property
    def code(self) -> str:
        return self.record_type.code(self.obj)

    @property
    def title(self) -> str:
        return self.record_type.title(self.obj)


def expired_records(*, agency, today: date) -> list[Candidate]:
    """The agency's records whose period ended before `today` and that no pending list names yet."""
    pending = set(
        DisposalItem.objects.filter(agency=agency, disposal__status=Status.PROPOSED).values_list(
            "record_type", "record_id"
        )
    )
    found = []
    for key, rule in retention.rules_for(agency.province).items():
        if rule.years is None:
            continue
        record_type = rule.record_type
        # kept until 31/12 of (year of the event + period): expired when that year is over.
        before = date(today.year - rule.years, 1, 1)
        rows = (
            record_type.model.objects.filter(agency=agency)
            .filter(record_type.ended_before(before))
            .select_related(*record_type.select_related)
            .order_by("pk")
        )
        for obj in rows:
            ended_on = record_type.ended_on(obj)
            if (key, obj.pk) in pending or not retention.is_expired(rule, ended_on, today):
                continue
            found.append(Candidate(record_type, rule, obj, ended_on, retention.kept_until(rule, ended_on)))
    return found


@transaction.atomic
def disposal_propose(*, agency, actor, keys: list[str], reason: str, today: date) -> DisposalList:
    """The ISO secretary proposes the chosen expired records for destruction, in one list."""
    require_role(actor, agency, Role.SECRETARY)
    candidates = {candidate.key: candidate for candidate in expired_records(agency=agency, today=today)}
    chosen = [candidates[key] for key in dict.fromkeys(keys) if key in candidates]
    if not chosen or len(chosen) != len(set(keys)):
        raise DomainError(
            "Hãy chọn ít nhất một hồ sơ đã hết thời hạn lưu và chưa nằm trong danh mục đang chờ duyệt.",
            field="records",
        )
    disposal = DisposalList.objects.create(
        agency=agency, proposed_by=actor, proposed_on=today, reason=reason.strip()
    )
    DisposalItem.objects.bulk_create(
        DisposalItem(
            agency=agency,
            disposal=disposal,
            record_type=candidate.record_type.key,
            record_id=candidate.obj.pk,
            code=candidate.code[:120],
            title=candidate.title[:300],
            ended_on=candidate.ended_on,
            kept_until=candidate.kept_until,
            period=candidate.rule.period_text,
            source=candidate.rule.source[:300],
        )
        for candidate in chosen
    )
    audit.record(
        actor=actor, action="disposal_list.propose", target=disposal, changes={"items": [0, len(chosen)]}
    )
    return disposal


def _destroy(item: DisposalItem, at) -> None:
    """Destroy one record of an approved list: its files once the transaction commits, then its row
    (through the same guard as every deletion)."""
    record_type = retention.get_type(item.record_type)
    obj = record_type.model.objects.filter(agency=item.agency, pk=item.record_id).first()
    if obj is not None:
        retention.ensure_may_destroy(obj, today=timezone.localdate(at))
        names = [(file.storage, file.name) for file in record_type.files(obj)]
        try:
            obj.delete()
        except ProtectedError as error:
            raise DomainError(
                f"Không huỷ được {item.code}: còn dữ liệu khác dẫn chiếu đến hồ sơ này "
                f"({len(error.protected_objects)} mục); hãy bỏ hồ sơ khỏi danh mục."
            ) from None
        for storage, name in names:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    item.destroyed_at = at
    item.save(update_fields=["destroyed_at", "updated_at"])


class ApproveForm(TransitionForm):
    decision_number = forms.CharField(
        label="Số quyết định huỷ tài liệu hết giá trị", max_length=60, required=False
    )
    decision_note = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(TransitionForm):
    decision_note = forms.CharField(label="Lý do không duyệt", widget=forms.Textarea(attrs={"rows": 2}))


def _approve(
    disposal: DisposalList, *, actor, at, decision_number: str = "", decision_note: str = ""
) -> dict:
    # The list is approved first, so that the guard under every deletion sees the approval.
    disposal.status = Status.APPROVED
    disposal.decided_by = actor
    disposal.decided_on = timezone.localdate(at)
    disposal.decision_number = decision_number.strip()
    disposal.decision_note = decision_note.strip()
    disposal.save()
    items = list(disposal.items.select_related("agency__province"))
    for item in items:
        _destroy(item, at)
    return {"items": [len(items), 0], "number": ["", disposal.decision_number]}


def _reject(disposal: DisposalList, *, actor, at, decision_note: str) -> dict:
    if not decision_note.strip():
        raise DomainError("Hãy ghi lý do không duyệt.", field="decision_note")
    disposal.decided_by = actor
    disposal.decided_on = timezone.localdate(at)
    disposal.decision_note = decision_note.strip()
    return {"note": ["", disposal.decision_note]}


DISPOSAL_LIST = Workflow(
    name="disposal_list",
    model=DisposalList,
    label="danh mục tài liệu hết giá trị",
    url_name="core:disposal_transition",
    badges={Status.PROPOSED: "warning", Status.APPROVED: "success", Status.REJECTED: "secondary"},
    transitions=(
        Transition(
            "approve",
            "Duyệt và huỷ hồ sơ",
            (Status.PROPOSED,),
            Status.APPROVED,
            roles=(Role.LEADER,),
            apply=_approve,
            form=ApproveForm,
            style="danger",
            confirm="Các hồ sơ trong danh mục sẽ bị huỷ (xoá tệp và dữ liệu), chỉ giữ lại dòng đăng ký. "
            "Không hoàn tác được. Tiếp tục?",
            success="Đã duyệt danh mục và huỷ các hồ sơ hết giá trị.",
        ),
        Transition(
            "reject",
            "Không duyệt",
            (Status.PROPOSED,),
            Status.REJECTED,
            roles=(Role.LEADER,),
            apply=_reject,
            form=RejectForm,
            style="outline-secondary",
            success="Đã trả lại danh mục, các hồ sơ được giữ nguyên.",
        ),
    ),
)
