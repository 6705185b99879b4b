"""The province's checklist library (ISO 9001:2015 §9.2.2 d): the default questions, referenced to
TCVN ISO 9001:2015 and TT 26/2014 Điều 36, and the coordinator's edits."""

import json
from pathlib import Path

from django.db import transaction

from eiso.core import audit as audit_trail
from eiso.core.errors import DomainError
from eiso.core.permissions import require_province_role
from eiso.core.roles import PROVINCE_LIBRARIANS
from eiso.improvement.models import ChecklistQuestion

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "checklist_library.json"


def _library_rows() -> list[dict]:
    return json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))


def ensure_library(*, province, actor=None) -> int:
    """Copy the default question library into a province that has none yet; the number of questions
    added. Planning the province's first audit calls it, so its checklist is never empty."""
    if ChecklistQuestion.objects.filter(province=province).exists():
        return 0
    questions = [
        ChecklistQuestion(province=province, order=index, **row)
        for index, row in enumerate(_library_rows(), start=1)
    ]
    ChecklistQuestion.objects.bulk_create(questions)
    audit_trail.record(
        actor=actor,
        action="checklist_library.load",
        province=province,
        changes={"questions": [0, len(questions)]},
    )
    return len(questions)


@transaction.atomic
def library_load_defaults(*, province, actor) -> int:
    """The provincial coordinator loads the default questions into the province's empty library."""
    require_province_role(actor, province, *PROVINCE_LIBRARIANS)
    return ensure_library(province=province, actor=actor)


@transaction.atomic
def question_save(
    *, actor, province, question: ChecklistQuestion | None = None, **fields
) -> ChecklistQuestion:
    """The provincial coordinator adds or edits a question of the province's library."""
    require_province_role(actor, province, *PROVINCE_LIBRARIANS)
    if question is not None and question.province_id != province.pk:
        raise DomainError("Câu hỏi không thuộc thư viện của tỉnh.")
    if not str(fields.get("text", "")).strip():
        raise DomainError("Hãy nhập nội dung câu hỏi.", field="text")
    is_new = question is None
    question = question or ChecklistQuestion(province=province)
    before = {} if is_new else audit_trail.snapshot(question, list(fields))
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    audit_trail.record(
        actor=actor,
        action="checklist_question.create" if is_new else "checklist_question.update",
        target=question,
        province=province,
        changes=audit_trail.diff(before, audit_trail.snapshot(question, list(fields))),
    )
    return question
