"""Dossiers (hồ sơ TTHC) followed on the working-day clock, and the events they are made of.

One way to count: a dossier's state is derived from its events (DossierEvent), whether the
events were recorded at the counter in eISO or ingested from the province's TTHC system
(the integration contract, version 2). `services.replay` replays the events in time order and
writes the derived columns (legal due, appointment, end of processing or withdrawal,
supplements, extension…) onto the Dossier row, so that statistics are plain database
aggregations (`selectors.stats_aggregates`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.people import person_name
from eiso.core.tenancy import AgencyOwned
from eiso.procedures.timing import duration_text


class Channel(models.TextChoices):
    DIRECT = "direct", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POST = "post", "Bưu chính"


class EventType(models.TextChoices):
    RECEIVED = "received", "Tiếp nhận hồ sơ"
    STEP_STARTED = "step_started", "Bắt đầu bước xử lý"
    STEP_FINISHED = "step_finished", "Hoàn thành bước xử lý"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    SUPPLEMENT_COMPLETED = "supplement_completed", "Đã bổ sung đủ hồ sơ"
    EXTENDED = "extended", "Xin lỗi và gia hạn"
    REFUSED = "refused", "Từ chối giải quyết"
    STOPPED = "stopped", "Dừng giải quyết theo yêu cầu"
    CLOSED = "closed", "Kết thúc do không bổ sung"
    RESULT_READY = "result_ready", "Có kết quả"
    RETURNED = "returned", "Đã trả kết quả"
    ACCEPTED = "accepted", "Tiếp nhận chính thức hồ sơ trực tuyến"
    CORRECTED = "corrected", "Đính chính kết quả"


# Events that end processing with an answer (counting contract v2, "End of processing"); a
# `returned` without either ends it too.
ANSWER_EVENTS = (EventType.RESULT_READY, EventType.REFUSED)
# Events that end a dossier without an answer: it is withdrawn, and never resolved, late,
# pending or overdue.
WITHDRAWAL_EVENTS = (EventType.STOPPED, EventType.CLOSED)


class Status(models.TextChoices):
    RECEIVED = "received", "Mới tiếp nhận"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    SUPPLEMENT = "supplement", "Chờ bổ sung hồ sơ"
    RESULT_READY = "result_ready", "Đã có kết quả, chờ trả"
    RETURNED = "returned", "Đã trả kết quả"
    REFUSED = "refused", "Từ chối giải quyết"
    STOPPED = "stopped", "Dừng giải quyết"
    CLOSED = "closed", "Kết thúc (không bổ sung)"


class FormKind(models.TextChoices):
    """The one-stop forms a dossier's events produce, named by what they are, not by number: the
    number differs between TT 03/2025 and TT 01/2018 (formsets.py)."""

    RECEIPT = "receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    SUPPLEMENT = "supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    REFUSAL = "refusal", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
    APOLOGY = "apology", "Phiếu xin lỗi và đề nghị gia hạn"
    STOP = "stop", "Thông báo dừng giải quyết hồ sơ"
    CONTROL_SLIP = "control_slip", "Phiếu kiểm soát quá trình giải quyết hồ sơ"


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT)
WITHDRAWN_STATUSES = (Status.STOPPED, Status.CLOSED)


class Outcome(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class DailyCounter(AgencyOwned):
    """The last serial issued by an agency on a day: the row is locked (select_for_update) while
    a reception takes the next number, so serials never repeat or skip."""

    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_unique_day")]


class Dossier(AgencyOwned):
    """A dossier of one applicant for one procedure, received by one agency (NĐ 118/2025 Điều 17)."""

    code = models.CharField("mã số hồ sơ", max_length=80)
    # Parsed parts of the code; codes of other systems and the 2018 layout are kept as they are.
    code_identifier = models.CharField("mã định danh trong mã hồ sơ", max_length=60, blank=True)
    code_date = models.DateField("ngày trong mã hồ sơ", null=True, blank=True)
    code_serial = models.PositiveIntegerField("số thứ tự trong ngày", null=True, blank=True)
    source = models.CharField("nguồn", max_length=60, default="eiso")

    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers")
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers"
    )
    process_version = models.ForeignKey(
        "documents.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    receiving_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    applicant_name = models.CharField("người nộp", max_length=200)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_id_number = models.CharField("số định danh", max_length=20, blank=True)
    # Submitted on someone's behalf (nộp thay, được ủy quyền): the principal, whose account and
    # identity the dossier is under (NĐ 118/2025 Điều 17.1.a), printed on the receipt (TT 03/2025 Mẫu 01).
    principal_name = models.CharField("họ tên người ủy quyền", max_length=200, blank=True)
    principal_id_number = models.CharField("số định danh người ủy quyền", max_length=20, blank=True)
    principal_address = models.CharField("địa chỉ người ủy quyền", max_length=300, blank=True)
    principal_phone = models.CharField("số điện thoại người ủy quyền", max_length=20, blank=True)
    principal_email = models.EmailField("thư điện tử người ủy quyền", blank=True)
    authorisation_paper = models.CharField("giấy tờ ủy quyền", max_length=300, blank=True)
    channel = models.CharField("hình thức nộp", max_length=10, choices=Channel.choices)
    components = models.JSONField("thành phần hồ sơ đã nhận", default=list, blank=True)
    sets = models.PositiveSmallIntegerField("số lượng hồ sơ (bộ)", default=1)
    return_place = models.CharField("đăng ký nhận kết quả tại", max_length=200, blank=True)

    # -- derived from the events by services.rebuild --------------------------------------
    received_at = models.DateTimeField("thời điểm tiếp nhận")
    received_on = models.DateField("ngày tiếp nhận")
    legal_due = models.DateTimeField("hạn giải quyết theo quy định")
    legal_due_on = models.DateField("ngày hạn theo quy định")
    appointment = models.DateTimeField("hẹn trả kết quả")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # End of processing with an answer (result or refusal); never set on a withdrawn dossier.
    ended_at = models.DateTimeField("kết thúc xử lý", null=True, blank=True)
    ended_on = models.DateField("ngày kết thúc xử lý", null=True, blank=True)
    # Stopped at the applicant's request or closed without supplement; never set on a resolved one.
    withdrawn_at = models.DateTimeField("rút, dừng hoặc kết thúc hồ sơ lúc", null=True, blank=True)
    withdrawn_on = models.DateField("ngày rút, dừng hoặc kết thúc hồ sơ", null=True, blank=True)
    outcome = models.CharField("kết quả đúng hạn", max_length=10, choices=Outcome.choices, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    supplement_requested_at = models.DateTimeField("yêu cầu bổ sung lúc", null=True, blank=True)
    extended = models.BooleanField("đã xin lỗi, gia hạn", default=False)
    # An extension made at least one day before the due date that stood then: an apology.
    apology_timely = models.BooleanField("xin lỗi, gia hạn đúng quy định", default=False)
    refused = models.BooleanField("bị từ chối", default=False)
    processing_hours = models.DecimalField(
        "thời gian xử lý (giờ làm việc)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    processing_days = models.DecimalField(
        "thời gian xử lý (ngày làm việc)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Online dossiers: accepted or sent back for correction within 8 working hours.
    acceptance_due = models.DateTimeField("hạn tiếp nhận chính thức", null=True, blank=True)
    accepted_at = models.DateTimeField("tiếp nhận chính thức lúc", null=True, blank=True)
    correction_due = models.DateTimeField("hạn đính chính kết quả", null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        constraints = [models.UniqueConstraint(fields=["code"], name="dossier_unique_code")]
        indexes = [
            models.Index(fields=["agency", "received_on"]),
            models.Index(fields=["agency", "ended_on"]),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "withdrawn_on"]),
            # The keyset lists (core.pagination, newest received first): the province's and one
            # agency's, and the open dossiers ("đang giải quyết", "đang quá hạn") in small partial ones.
            models.Index(fields=["received_at", "id"], name="dossier_received_id"),
            models.Index(fields=["agency", "received_at", "id"], name="dossier_agency_received_id"),
            models.Index(
                fields=["received_at", "id"],
                name="dossier_open_received_id",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["agency", "received_at", "id"],
                name="dossier_open_agency_received",
                condition=Q(status__in=OPEN_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("dossiers:dossier_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_withdrawn(self) -> bool:
        return self.status in WITHDRAWN_STATUSES

    @property
    def is_awaiting_supplement(self) -> bool:
        return self.status == Status.SUPPLEMENT

    def is_overdue(self, now) -> bool:
        """Open, its clock running (not waiting for the applicant), past its appointment."""
        return self.is_open and not self.is_awaiting_supplement and self.appointment < now

    @property
    def is_late(self) -> bool:
        return self.outcome == Outcome.LATE

    @property
    def phone4(self) -> str:
        digits = "".join(ch for ch in self.applicant_phone if ch.isdigit())
        return digits[-4:]


class DossierStep(AgencyOwned):
    """A step of the process the dossier follows, copied at reception (later edits of the process
    do not touch it), with its own allotted time, due moment and who carried it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    key = models.CharField(max_length=40, blank=True)
    name = models.CharField("tên bước", max_length=300)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    other_agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField("người thực hiện", max_length=200, blank=True)
    # The step's time as the process states it, copied at reception; the clock budgets it in the
    # procedure's unit (core.deadlines) and `allotted_hours` is its length in office hours.
    duration_amount = models.DecimalField("thời gian", max_digits=6, decimal_places=2, default=0)
    duration_unit = models.CharField("đơn vị thời gian", max_length=20, default="working_hours")
    allotted_hours = models.DecimalField("thời gian cho phép (giờ làm việc)", max_digits=7, decimal_places=2)
    due = models.DateTimeField("hạn của bước", null=True, blank=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("người xử lý", max_length=200, blank=True)
    used_hours = models.DecimalField(
        "thời gian đã dùng (giờ làm việc)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    overrun_hours = models.DecimalField(
        "vượt thời gian (giờ làm việc)", max_digits=9, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["dossier", "order"]
        verbose_name = "bước xử lý hồ sơ"
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_unique_order")]

    def __str__(self) -> str:
        return f"B{self.order}. {self.name}"

    @property
    def responsible(self) -> str:
        if self.other_agency_id:
            return str(self.other_agency)
        if self.unit_id:
            return str(self.unit)
        return self.role or "Chưa phân công"

    @property
    def duration_display(self) -> str:
        return duration_text(self.duration_amount, self.duration_unit) if self.duration_amount else "—"

    @property
    def state(self) -> str:
        if self.finished_at:
            return "done"
        if self.started_at:
            return "running"
        return "waiting"


class DossierEvent(AgencyOwned):
    """One fact of a dossier's life (dossier-events.md), from the counter or from ingest."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    type = models.CharField("loại sự kiện", max_length=30, choices=EventType.choices)
    at = models.DateTimeField("thời điểm")
    source = models.CharField("hệ thống nguồn", max_length=60, default="eiso")
    source_id = models.CharField("mã sự kiện ở nguồn", max_length=100)
    step_order = models.PositiveSmallIntegerField("bước", null=True, blank=True)
    due = models.DateTimeField("hạn mới", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=200, blank=True)
    receiver_name = models.CharField("người nhận", max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "pk"]
        verbose_name = "sự kiện hồ sơ"
        # An id is unique within its source for one agency: a sender of another agency cannot take
        # it first and turn the real event into a "duplicate".
        constraints = [
            models.UniqueConstraint(
                fields=["source", "agency", "source_id"], name="dossier_event_unique_source_agency_id"
            )
        ]
        indexes = [
            models.Index(fields=["dossier", "type"]),
            models.Index(fields=["source", "source_id"]),
            # The events' keyset list in the API (core.pagination): the province's and one agency's.
            models.Index(fields=["at", "id"], name="dossier_event_at_id"),
            models.Index(fields=["agency", "at", "id"], name="dossier_event_agency_at_id"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.type} {self.at:%d/%m/%Y %H:%M}"

    @property
    def person(self) -> str:
        """Who acted, by full name: the user's name for an event recorded in eISO (events recorded
        before names were fixed kept the login), the name the source system sent otherwise."""
        return person_name(self.actor) if self.actor_id else self.actor_name

    @property
    def is_ingested(self) -> bool:
        """Reported by the province's TTHC system rather than recorded at eISO's counter."""
        return self.source != "eiso"


class PendingEvent(AgencyOwned):
    """An ingested event whose dossier has not been received yet: kept until its `received`
    event arrives (the contract: order-independent across batches), and applied then only if
    its sender may ingest for the agency that received the dossier. `agency` is the one the
    dossier code names; a kept event expires after `EISO_INGEST_PENDING_DAYS`."""

    source = models.CharField(max_length=60)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=100)
    dossier_code = models.CharField(max_length=80, db_index=True)
    at = models.DateTimeField()
    payload = models.JSONField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "agency", "source_id"], name="pending_event_unique_source_agency_id"
            )
        ]

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.EISO_INGEST_PENDING_DAYS)

    def is_expired(self, now) -> bool:
        return self.expires_at <= now

    @property
    def type_label(self) -> str:
        kind = self.payload.get("type", "")
        return EventType(kind).label if kind in EventType.values else kind


class Handover(AgencyOwned):
    """Who gave the dossier, who received it, when (the control slip, form 06 / 2018 form 05)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    step = models.ForeignKey(DossierStep, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    at = models.DateTimeField("thời điểm")
    given_by = models.CharField("người giao", max_length=200)
    received_by = models.CharField("người nhận", max_length=200)
    from_place = models.CharField("nơi giao", max_length=300, blank=True)
    to_place = models.CharField("nơi nhận", max_length=300, blank=True)

    class Meta:
        ordering = ["dossier", "at", "pk"]
        verbose_name = "giao nhận hồ sơ"

    def __str__(self) -> str:
        return f"{self.given_by} → {self.received_by}"


class Rating(AgencyOwned):
    """The applicant's evaluation of the handling (NĐ 118/2025 Điều 33), once per dossier.
    Scores are 1 (bad) to 3 (good); counts are as the applicant states them."""

    SCORE_CHOICES = [(3, "Hài lòng"), (2, "Bình thường"), (1, "Không hài lòng")]

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    time_score = models.PositiveSmallIntegerField(
        "thời gian giải quyết so với quy định", choices=SCORE_CHOICES
    )
    agencies_contacted = models.PositiveSmallIntegerField("số cơ quan phải liên hệ", default=1)
    contacts_needed = models.PositiveSmallIntegerField("số lần phải liên hệ để hoàn thiện hồ sơ", default=1)
    information_score = models.PositiveSmallIntegerField(
        "thông tin thủ tục được công khai đầy đủ, chính xác", choices=SCORE_CHOICES
    )
    conduct_score = models.PositiveSmallIntegerField("thái độ, ứng xử của công chức", choices=SCORE_CHOICES)
    costs_score = models.PositiveSmallIntegerField(
        "kết quả đúng quy định, không phát sinh chi phí ngoài quy định", choices=SCORE_CHOICES
    )
    comment = models.TextField("ý kiến khác", blank=True)
    satisfied = models.BooleanField("hài lòng chung")

    class Meta:
        verbose_name = "đánh giá của người dân"
        constraints = [
            models.CheckConstraint(
                condition=Q(time_score__gte=1) & Q(time_score__lte=3), name="rating_time_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Đánh giá {self.dossier}"


class FormCounter(AgencyOwned):
    """The last number an agency gave one one-stop form in a year. Each form has its own series,
    from 01 on 1 January (NĐ 30/2020 Điều 15); the row is locked (select_for_update) while the
    next number is taken, so two officers never get the same one."""

    kind = models.CharField(max_length=20, choices=FormKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year"], name="form_counter_unique_kind_year")
        ]


class IssuedForm(AgencyOwned):
    """A one-stop form issued for one event of a dossier (TT 03/2025/TT-VPCP or TT 01/2018/TT-VPCP,
    Phụ lục), numbered in the agency's yearly series of that form, "Số: 05/PXL-STP" (NĐ 30/2020
    Điều 15). The number is taken in the transaction that records the event (services.numbering)
    and the form is dated on the event's day."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="issued_forms")
    event = models.ForeignKey(DossierEvent, on_delete=models.CASCADE, related_name="issued_forms")
    kind = models.CharField("biểu mẫu", max_length=20, choices=FormKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    serial = models.PositiveIntegerField("số")
    symbol = models.CharField("ký hiệu", max_length=40)

    class Meta:
        ordering = ["dossier", "event__at", "pk"]
        verbose_name = "biểu mẫu đã cấp số"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "serial"], name="issued_form_unique_number"
            ),
            models.UniqueConstraint(fields=["event", "kind"], name="issued_form_unique_event_kind"),
        ]
        indexes = [models.Index(fields=["dossier", "kind"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """ "05/PXL-STP": numbers below 10 padded (NĐ 30/2020 Phụ lục I, ô số 3)."""
        return f"{self.serial:02d}/{self.symbol}"


class DossierCounts(AgencyOwned):
    """Additive counts of the statistics (counting contract v2) per agency, procedure, unit and
    local day (DossierDayCount) or month (DossierMonthCount, `day` the month's first day: a year
    reads twelve dense rows a key rather than 365). Kept by `dossiers.rollups` in the transaction
    that rewrites a dossier's derived columns. `procedure_id` and `unit_id` are 0 for "all" (a
    total row; 0 rather than NULL so the upsert's conflict target matches). A dossier counts under
    every unit that carried one of its steps ("by unit" means the dossiers that passed through
    the unit).

    Flows count on their day (received on `received_on`, resolved on `ended_on`, withdrawn on
    `withdrawn_on`); `pending`, `awaiting` and `overdue` are day deltas: the figure at the end of
    day E is the sum of the deltas of the days up to E."""

    procedure_id = models.IntegerField()
    unit_id = models.IntegerField()
    day = models.DateField()
    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    supplements = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    extended = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    late_without_apology = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    # Processing days of the dossiers resolved that day, in hundredths: integer sums stay exact
    # on both databases (the average is their quotient).
    days_count = models.IntegerField(default=0)
    days_centi = models.BigIntegerField(default=0)
    pending = models.IntegerField(default=0)
    awaiting = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DossierDayCount(DossierCounts):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure_id", "unit_id", "day"], name="dossier_day_count_unique_key"
            )
        ]
        # The edge days of a period, for every procedure or unit of an agency at once.
        indexes = [models.Index(fields=["agency", "day"])]


class DossierMonthCount(DossierCounts):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure_id", "unit_id", "day"], name="dossier_month_count_unique_key"
            )
        ]


class DossierDelayCount(AgencyOwned):
    """Where time is lost: overrun steps of the dossiers resolved late, summed per agency and the
    day the dossier ended (`dossiers.rollups`). `level` says what a row counts: LEVEL_AGENCY (all
    steps of the agency), LEVEL_UNIT (per unit or other agency), LEVEL_PERSON (per unit, other
    agency and person); `dossiers` counts distinct dossiers at its own level only. 0 stands for
    "no unit" / "no other agency"."""

    LEVEL_AGENCY, LEVEL_UNIT, LEVEL_PERSON = 0, 1, 2

    day = models.DateField()
    level = models.SmallIntegerField()
    unit_id = models.IntegerField()
    other_agency_id = models.IntegerField()
    actor_name = models.CharField(max_length=200)
    steps = models.IntegerField(default=0)
    dossiers = models.IntegerField(default=0)
    overrun_centihours = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "level", "unit_id", "other_agency_id", "actor_name"],
                name="dossier_delay_count_unique_key",
            )
        ]


class DossierRollup(models.Model):
    """What a dossier last added to the rollups (DossierDayCount, DossierDelayCount): the next
    rewrite of its derived columns subtracts it and adds the new one. A row of its own rather
    than a column of Dossier, so that saving a dossier loaded earlier can never put back an
    older contribution."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, primary_key=True, related_name="+")
    contribution = models.JSONField()

    def __str__(self) -> str:
        return f"Rollup {self.dossier_id}"
