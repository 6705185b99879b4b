"""The audit trail: append-only, hash-chained record of every change to controlled records.

Services call `record()` inside their own transaction, so an entry exists exactly when
the change it describes was committed. Each agency has its own chain (province-wide
actions chain per province, the rest on one global chain): contention stays local and a
broken link points at the first tampered entry.
"""

import contextvars
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from eiso.core import bulk
from eiso.core.models import AuditChain, AuditEntry
from eiso.core.people import person_name

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("current_request_id", default="")


def chain_key(*, agency_id: int | None, province_id: int | None) -> str:
    if agency_id:
        return f"agency:{agency_id}"
    if province_id:
        return f"province:{province_id}"
    return "global"


def _normalise(changes: dict) -> dict:
    """The JSON form the database will give back, so that verification hashes the same bytes."""
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder))


def compute_hash(entry: AuditEntry) -> str:
    payload = {
        "chain": entry.chain,
        "sequence": entry.sequence,
        "agency": entry.agency_id,
        "province": entry.province_id,
        "actor": entry.actor_id,
        "actor_repr": entry.actor_repr,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "changes": entry.changes,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "request_id": entry.request_id,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _now_in_milliseconds():
    """Now, to the millisecond: the precision Django's JSON serializer keeps, so that an entry
    restored from a backup (`manage.py backup`/`restore`) still matches its hash."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _target_type(target: models.Model | None) -> str:
    if target is None:
        return ""
    return f"{target._meta.app_label}.{target._meta.model_name}"


@transaction.atomic(savepoint=False)
def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    agency=None,
    province=None,
) -> AuditEntry:
    """Append one entry. The agency defaults to the target's own `agency`, if it has one."""
    return record_many(
        [
            {
                "actor": actor,
                "action": action,
                "target": target,
                "changes": changes,
                "agency": agency,
                "province": province,
            }
        ]
    )[0]


@transaction.atomic(savepoint=False)
def record_many(entries: list[dict]) -> list[AuditEntry]:
    """Append entries (each a dict of `record`'s arguments) in the order given, each chained after
    the previous entry of its chain; one lock per chain and one insert for them all, so a service
    changing many records at once keeps the chains in the order of its changes."""
    rows = []
    for spec in entries:
        target, agency, province = spec.get("target"), spec.get("agency"), spec.get("province")
        if agency is None and target is not None:
            agency = getattr(target, "agency", None)
        if province is None and agency is not None:
            province_id = agency.province_id
        else:
            province_id = province.pk if province is not None else None
        actor = spec["actor"]
        if actor is None or not actor.is_authenticated:
            actor = None
        rows.append(
            AuditEntry(
                chain=chain_key(agency_id=agency.pk if agency else None, province_id=province_id),
                agency=agency,
                province_id=province_id,
                actor=actor,
                actor_repr=person_name(actor) if actor is not None else "hệ thống",
                action=spec["action"],
                target_type=_target_type(target),
                target_id=str(target.pk) if target is not None else "",
                target_repr=str(target)[:300] if target is not None else "",
                changes=_normalise(spec.get("changes") or {}),
                at=_now_in_milliseconds(),
                request_id=current_request_id.get(),
            )
        )
    heads = _locked_heads({entry.chain for entry in rows})
    for entry in rows:
        head = heads[entry.chain]
        entry.sequence = head.last_sequence + 1
        entry.prev_hash = head.last_hash
        entry.hash = compute_hash(entry)
        head.last_sequence = entry.sequence
        head.last_hash = entry.hash
    AuditEntry.objects.bulk_create(rows)
    bulk.update(AuditChain, list(heads.values()), ["last_sequence", "last_hash"])
    return rows


def _locked_heads(keys: set[str]) -> dict[str, AuditChain]:
    """The heads of these chains, created when missing, locked until the transaction ends in one
    fixed order, so two services never wait for each other in a cycle."""
    locked = AuditChain.objects.select_for_update().filter(key__in=keys).order_by("key")
    heads = {head.key: head for head in locked}
    if len(heads) < len(keys):
        AuditChain.objects.bulk_create(
            [AuditChain(key=key) for key in keys - set(heads)], ignore_conflicts=True
        )
        heads = {head.key: head for head in locked.all()}
    return heads


def diff(before: dict, after: dict) -> dict:
    """`{field: [before, after]}` for the fields whose value changed."""
    return {
        name: [before.get(name), after.get(name)] for name in after if before.get(name) != after.get(name)
    }


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    return _normalise({name: getattr(instance, name) for name in fields})


@dataclass
class ChainProblem:
    chain: str
    sequence: int
    entry_id: int | None
    reason: str


def verify_chain(key: str) -> ChainProblem | None:
    """The first broken entry of a chain, or None when every link and hash checks out."""
    expected_prev = ""
    expected_sequence = 1
    for entry in AuditEntry.objects.filter(chain=key).order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainProblem(key, expected_sequence, entry.pk, "thiếu bản ghi (chuỗi bị đứt)")
        if entry.prev_hash != expected_prev:
            return ChainProblem(key, entry.sequence, entry.pk, "liên kết tới bản ghi trước không khớp")
        if compute_hash(entry) != entry.hash:
            return ChainProblem(key, entry.sequence, entry.pk, "nội dung đã bị sửa (mã băm không khớp)")
        expected_prev = entry.hash
        expected_sequence += 1
    head = AuditChain.objects.filter(key=key).first()
    if head is not None and (head.last_sequence != expected_sequence - 1 or head.last_hash != expected_prev):
        return ChainProblem(key, expected_sequence, None, "bản ghi cuối của chuỗi đã bị xóa")
    return None


def verify_all() -> list[ChainProblem]:
    keys = set(AuditChain.objects.values_list("key", flat=True))
    keys |= set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    return [problem for key in sorted(keys) if (problem := verify_chain(key)) is not None]
