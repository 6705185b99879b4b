"""Demo dossiers: 12 months for the demo agency and the communes that have a published process,
and for the demo agency a half-year archive received before 01/07/2025, whose forms are those of
TT 01/2018/TT-VPCP (the others follow TT 03/2025).

Realistic shape (seeded, so every run gives the same data): most dossiers on time, a share late
at one slow step of one unit, some supplements (a few twice), apologies with extensions, a few
refusals and stops, ratings for a third of the returned ones, and the last days still open.
Rows are built in memory, derived with `services.derive` (the same replay as the counter) and
written with bulk inserts; their forms are then numbered in time order (services.numbering), as
the counter would have. Idempotent: an agency that already has demo dossiers is skipped.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from eiso.core import deadlines
from eiso.core.calendar import Unit
from eiso.core.numbers import number_text
from eiso.dossiers import rollups, services
from eiso.dossiers.models import Channel, Dossier, DossierEvent, DossierStep, EventType, Handover, Rating
from eiso.dossiers.services.numbering import number_events
from eiso.orgs.models import Agency

SOURCE = "demo"
# The archive of the demo agency: the first half of 2025, before NĐ 118/2025 and TT 03/2025.
ARCHIVE = (date(2025, 1, 2), date(2025, 6, 30))
ARCHIVE_PER_MONTH = 30
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Hồ Thị Nga",
    "Ngô Văn Phúc",
    "Dương Thị Quỳnh",
]


def load(say) -> None:
    from eiso.orgs.demo import demo_agency, demo_communes

    agencies = [agency for agency in [demo_agency(), *demo_communes()[:8]] if agency is not None]
    if not agencies:
        say("Chưa có tỉnh mẫu: bỏ qua hồ sơ mẫu.")
        return
    generated, already = [], 0
    for agency in agencies:
        if Dossier.objects.filter(agency=agency, source=SOURCE).exists():
            already += 1
            continue
        pairs = processes_of(agency)
        if not pairs and agency == agencies[0]:
            # Without a published process the demo agency's dossiers are followed on the legal
            # time only (as ingested dossiers are), so its dashboard still shows a year.
            pairs = procedures_without_process(agency)
        if not pairs:
            say(f"{agency.name}: chưa có quy trình ISO nào được ban hành, bỏ qua hồ sơ mẫu.")
            continue
        if agency == agencies[0]:
            # First, so that the forms of 2025 are numbered in the order of their events.
            archived = generate_archive(agency, pairs)
            say(
                f"{agency.name}: {number_text(archived)} hồ sơ mẫu tiếp nhận trước 01/07/2025 "
                "(biểu mẫu TT 01/2018)."
            )
        count = generate(agency, pairs, per_month=250 if agency == agencies[0] else 40, seed=agency.pk)
        generated.append((agency, count))
    if already:
        say(f"{already} cơ quan đã có hồ sơ mẫu từ lần nạp trước.")
    if generated:
        rollups.analyze()  # bulk-loaded: the planner would take the tables for nearly empty
        # One line for all: the demo agency's figure, then the communes' total.
        first, first_count = generated[0]
        rest = sum(count for _, count in generated[1:])
        line = f"{first.name}: {number_text(first_count)} hồ sơ mẫu 12 tháng"
        if len(generated) > 1:
            line += f"; {len(generated) - 1} xã, phường khác: {number_text(rest)} hồ sơ"
        say(line + ".")


def processes_of(agency) -> list[tuple]:
    """(procedure, published process version, its steps) for each procedure the agency handles."""
    from eiso.procedures.models import Process

    pairs = []
    processes = (
        Process.objects.filter(agency=agency, document__current_version__isnull=False)
        .select_related("document__current_version")
        .prefetch_related("procedures__current_version")
    )
    for process in processes:
        version = process.document.current_version
        steps = list(version.process_steps.select_related("unit", "other_agency").order_by("order"))
        for procedure in process.procedures.all():
            if procedure.current_version_id and steps:
                pairs.append((procedure, version, steps))
    return pairs


_components: dict = {}


def components_of(procedure) -> list[dict]:
    if procedure.pk not in _components:
        _components[procedure.pk] = [
            {"order": c.order, "name": c.name, "originals": c.originals, "copies": c.copies}
            for c in procedure.current_version.components.all()
        ]
    return _components[procedure.pk]


def procedures_without_process(agency) -> list[tuple]:
    from eiso.procedures.models import Procedure

    procedures = (
        Procedure.objects.filter(province_id=agency.province_id, current_version__level="province")
        .select_related("current_version")
        .order_by("code")[:12]
    )
    return [(procedure, None, []) for procedure in procedures]


def _moment(rng, cal, day) -> datetime:
    minutes = rng.randint(0, 8 * 60)  # 07:30 to 15:30
    return datetime.combine(day, time(7, 30), tzinfo=cal.tz) + timedelta(minutes=minutes)


def generate_archive(agency, pairs) -> int:
    """The archive half-year, ending before the last 12 months the main demo covers; generated
    before them, as forms are numbered in the order they are stored."""
    first, last = ARCHIVE
    last = min(last, timezone.localdate() - timedelta(days=366))
    if last < first:
        return 0
    return generate(agency, pairs, per_month=ARCHIVE_PER_MONTH, seed=agency.pk + 1, first=first, last=last)


def _commune_names(agency) -> list[str]:
    return list(
        Agency.objects.filter(province_id=agency.province_id, kind=Agency.Kind.COMMUNE)
        .order_by("identifier_code")
        .values_list("name", flat=True)
    )


def applicant_address(rng: random.Random, agency, communes: list[str]) -> str:
    """Where an applicant lives, as Vietnamese writes it since the 2025 reform (no district): a
    village (thôn) or, in a ward, a residential group (tổ dân phố), the commune, the province:
    "Thôn 7, xã Hương Sơn, tỉnh Hà Tĩnh". A commune's applicants live in it; a department's
    anywhere in the province. An address is never the agency itself."""
    name = agency.name if agency.kind == agency.Kind.COMMUNE else (rng.choice(communes) if communes else "")
    commune = name.removeprefix("UBND ").strip()
    commune = commune[:1].lower() + commune[1:]
    group = "Tổ dân phố" if commune.startswith("phường") else "Thôn"
    province = agency.province.name[:1].lower() + agency.province.name[1:]
    parts = [f"{group} {rng.randint(1, 12)}", commune, province]
    return ", ".join(part for part in parts if part)


@transaction.atomic
def generate(
    agency, pairs, *, per_month: int, seed: int, first: date | None = None, last: date | None = None
) -> int:
    """Dossiers received on working days of [first, last] (the last 12 months by default), about
    `per_month` a month."""
    rng = random.Random(seed)
    cal = services.calendar_for(agency)
    now = timezone.now()
    last = last or timezone.localdate()
    first = first or last - timedelta(days=365)
    span = (last - first).days + 1
    days = [first + timedelta(days=n) for n in range(span) if cal.is_working_day(first + timedelta(days=n))]
    total = round(per_month * span / 30.5)
    # The slow step: one step of the first process overruns often (where time is lost).
    slow_key = pairs[0][2][min(1, len(pairs[0][2]) - 1)].key if pairs[0][2] else None
    serials: dict = {}
    communes = _commune_names(agency)
    plans = []
    for _ in range(total):
        day = rng.choice(days)
        procedure, version, steps = pairs[int(rng.random() ** 2 * len(pairs))]
        received_at = _moment(rng, cal, day)
        serials[day] = serials.get(day, 0) + 1
        dossier = Dossier(
            agency=agency,
            code=services.make_code(agency, day, 0),  # numbered below, in order of reception
            code_identifier=agency.identifier_code,
            code_date=day,
            source=SOURCE,
            procedure=procedure,
            procedure_version=procedure.current_version,
            process_version=version,
            applicant_name=rng.choice(NAMES),
            applicant_phone=f"09{rng.randint(10000000, 99999999)}",
            applicant_address=applicant_address(rng, agency, communes),
            channel=rng.choices([Channel.DIRECT, Channel.ONLINE, Channel.POST], [55, 40, 5])[0],
            components=components_of(procedure),
            received_at=received_at,
            received_on=day,
            legal_due=received_at,
            legal_due_on=day,
            appointment=received_at,
        )
        plans.append((dossier, steps))
    plans.sort(key=lambda plan: plan[0].received_at)
    counters: dict = {}
    for dossier, _ in plans:
        counters[dossier.code_date] = counters.get(dossier.code_date, 0) + 1
        dossier.code_serial = counters[dossier.code_date]
        dossier.code = services.make_code(agency, dossier.code_date, dossier.code_serial)

    built = []
    for dossier, steps in plans:
        events, rows, handovers = _story(rng, cal, dossier, steps, slow_key, now)
        step_map = {row.order: row for row in rows}
        services.derive(dossier, events, step_map, cal)
        built.append((dossier, events, rows, handovers))
    Dossier.objects.bulk_create([item[0] for item in built], batch_size=500)
    all_events, all_steps, all_handovers, ratings = [], [], [], []
    for dossier, events, rows, handovers in built:
        for row in (*events, *rows, *handovers):
            row.dossier = dossier
        all_events += events
        all_steps += rows
        all_handovers += handovers
        if dossier.returned_at and rng.random() < 0.33:
            weights = [50, 35, 15] if dossier.outcome == "late" else [85, 13, 2]
            values = {
                name: rng.choices([3, 2, 1], weights)[0]
                for name in ("time_score", "information_score", "conduct_score", "costs_score")
            }
            ratings.append(
                Rating(
                    agency=agency,
                    dossier=dossier,
                    agencies_contacted=1,
                    contacts_needed=1 + dossier.supplement_count,
                    satisfied=min(values.values()) >= 2 and sum(values.values()) >= 10,
                    **values,
                )
            )
    DossierEvent.objects.bulk_create(all_events, batch_size=1000)
    number_events(all_events)
    DossierStep.objects.bulk_create(all_steps, batch_size=1000)
    Handover.objects.bulk_create(all_handovers, batch_size=1000)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    rollups.apply([item[0] for item in built])
    return len(built)


@dataclass(frozen=True)
class Makers:
    """How a story builds its rows: the models by default; the benchmark generator passes
    lighter records with the same fields (it writes them with COPY, not through the ORM)."""

    step: Callable = DossierStep
    event: Callable = DossierEvent
    handover: Callable = Handover


MODELS = Makers()


def _event(make, dossier, kind, at, **values) -> DossierEvent:
    return make.event(
        agency=dossier.agency,
        type=kind,
        at=at,
        source=SOURCE,
        source_id=f"{dossier.code}-{kind}-{values.pop('n', 0)}",
        **values,
    )


def _story(rng, cal, dossier, steps, slow_key, now, make: Makers = MODELS):
    """The events of one dossier, its step snapshot and its handovers, in memory."""
    agency = dossier.agency

    def event(kind, at, **values):
        return _event(make, dossier, kind, at, **values)

    rows = [
        make.step(
            agency=agency,
            order=s.order,
            key=s.key,
            name=s.name,
            unit_id=s.unit_id,
            other_agency_id=s.other_agency_id,
            role=s.role,
            duration_amount=s.duration_amount,
            duration_unit=s.duration_unit,
            allotted_hours=deadlines.step_hours(cal, s.duration_amount, s.duration_unit),
        )
        for s in steps
    ]
    at = dossier.received_at
    events = [event(EventType.RECEIVED, at, actor_name="Công chức một cửa")]
    handovers = [
        make.handover(
            agency=agency,
            at=at,
            given_by=dossier.applicant_name,
            received_by="Công chức một cửa",
            to_place="Bộ phận Một cửa",
        )
    ]
    if dossier.channel == Channel.ONLINE:
        accepted = cal.add_working_hours(at, rng.uniform(0.2, 6))
        if accepted < now:
            events.append(event(EventType.ACCEPTED, accepted))
    version = dossier.procedure_version
    legal_due = services.legal_due_from(cal, version, at)
    roll = rng.random()
    if roll < 0.025:
        refused_at = cal.add_working_hours(at, rng.uniform(1, 12))
        if refused_at < now:
            events.append(
                event(EventType.REFUSED, refused_at, reason="Hồ sơ không thuộc thẩm quyền giải quyết")
            )
        return events, rows, handovers
    if roll < 0.035:
        stopped_at = cal.add_working_hours(at, rng.uniform(2, 10))
        if stopped_at < now:
            events.append(event(EventType.STOPPED, stopped_at, reason="Người nộp đề nghị rút hồ sơ"))
        return events, rows, handovers
    clock = cal.next_working_moment(at)
    if roll < 0.12:
        asked = cal.add_working_hours(clock, rng.uniform(1, 16))
        if asked > now:
            return events, rows, handovers
        events.append(event(EventType.SUPPLEMENT_REQUESTED, asked, reason="Thiếu bản sao giấy tờ tùy thân"))
        if roll < 0.02 + 0.035:
            if asked + timedelta(days=16) < now:
                events.append(
                    event(
                        EventType.CLOSED,
                        asked + timedelta(days=16),
                        reason="Không bổ sung trong 15 ngày",
                    )
                )
            return events, rows, handovers
        back = cal.add_working_hours(asked, rng.uniform(4, 40))
        if back > now:
            return events, rows, handovers
        events.append(event(EventType.SUPPLEMENT_COMPLETED, back))
        legal_due = services.legal_due_from(cal, version, back)
        clock = cal.next_working_moment(back)
        if roll < 0.045 + 0.035 + 0.008:
            again = cal.add_working_hours(clock, 2)
            events.append(
                event(EventType.SUPPLEMENT_REQUESTED, again, n=1, reason="Bổ sung xác nhận của UBND xã")
            )
            clock = cal.add_working_hours(again, rng.uniform(4, 16))
            events.append(event(EventType.SUPPLEMENT_COMPLETED, clock, n=1))
    previous = "Công chức một cửa"
    extended = False
    for row, source in zip(rows, steps, strict=True):
        factor = rng.uniform(0.25, 0.95)
        if row.key == slow_key and rng.random() < 0.18:
            factor = rng.uniform(1.4, 3.2)
        elif rng.random() < 0.03:
            factor = rng.uniform(1.1, 2.0)
        start = clock
        if start > now:
            return events, rows, handovers
        person = rng.choice(NAMES)
        events.append(
            event(EventType.STEP_STARTED, start, step_order=row.order, actor_name=person, n=row.order)
        )
        handovers.append(
            make.handover(
                agency=agency, at=start, given_by=previous, received_by=person, to_place=source.responsible
            )
        )
        finish = cal.add_working_hours(
            start, max(Decimal("0.25"), row.allotted_hours * Decimal(str(round(factor, 2))))
        )
        if not extended and finish > legal_due and rng.random() < 0.5:
            extended = _apologise(rng, cal, event, events, start, legal_due, now)
        if finish > now:
            return events, rows, handovers
        events.append(
            event(EventType.STEP_FINISHED, finish, step_order=row.order, actor_name=person, n=row.order)
        )
        previous, clock = person, finish
    if not rows:
        legal_hours = cal.working_hours_between(clock, legal_due)
        finish = cal.add_working_hours(
            clock,
            legal_hours
            * Decimal(
                str(round(rng.choices([rng.uniform(0.2, 0.95), rng.uniform(1.05, 1.6)], [92, 8])[0], 2))
            ),
        )
        if finish > legal_due and rng.random() < 0.5:
            _apologise(rng, cal, event, events, clock, legal_due, now)
        if finish > now:
            return events, rows, handovers
        clock = finish
    events.append(event(EventType.RESULT_READY, clock))
    returned = cal.add_working_hours(clock, rng.uniform(0.5, 12))
    if returned < now:
        events.append(event(EventType.RETURNED, returned))
        handovers.append(
            make.handover(
                agency=agency,
                at=returned,
                given_by="Công chức một cửa",
                received_by=dossier.applicant_name,
                from_place="Bộ phận Một cửa",
            )
        )
    return events, rows, handovers


def _apologise(rng, cal, event, events, since, legal_due, now) -> bool:
    """An apology with extension (form 04) on the working day before the due date, if possible."""
    day = legal_due.astimezone(cal.tz).date() - timedelta(days=1)
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    moment = datetime.combine(day, time(9, 0), tzinfo=cal.tz)
    if moment < since or moment > now:
        return False
    events.append(
        event(
            EventType.EXTENDED,
            moment,
            due=deadlines.period_end(cal, legal_due, 3, Unit.WORKING_DAYS),
            reason="Cần xác minh thêm thông tin với cơ quan liên quan",
        )
    )
    return True
