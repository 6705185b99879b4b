from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned

# Time limits of the rules on handling citizens' feedback (QĐ 766/QĐ-TTg practice, in working days).
ACCEPT_WORKING_DAYS = 2
HANDLE_WORKING_DAYS = 15


class Feedback(AgencyOwned):
    """A citizen's or business's complaint or suggestion about the agency's service (phản ánh,
    kiến nghị), and how it was handled (ISO 9001:2015 §9.1.2, §8.2.1)."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Phản ánh"
        SUGGESTION = "suggestion", "Kiến nghị"

    class Channel(models.TextChoices):
        PORTAL = "portal", "Cổng thông tin (trực tuyến)"
        COUNTER = "counter", "Tại Bộ phận Một cửa"
        STAFF = "staff", "Cán bộ ghi nhận (điện thoại, thư, hòm thư góp ý)"

    class Category(models.TextChoices):
        ATTITUDE = "attitude", "Thái độ, tác phong phục vụ"
        DELAY = "delay", "Chậm trễ, trễ hẹn"
        REQUIREMENTS = "requirements", "Yêu cầu hồ sơ, giấy tờ"
        FEES = "fees", "Phí, lệ phí"
        REGULATION = "regulation", "Quy định, thủ tục hành chính"
        FACILITIES = "facilities", "Cơ sở vật chất, hệ thống"
        OTHER = "other", "Khác"

    class Status(models.TextChoices):
        RECEIVED = "received", "Mới tiếp nhận"
        ACCEPTED = "accepted", "Đang xử lý"
        REFUSED = "refused", "Không thụ lý"
        ANSWERED = "answered", "Đã trả lời"

    code = models.CharField("mã phản ánh", max_length=20, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField("kênh tiếp nhận", max_length=20, choices=Channel.choices)
    category = models.CharField(
        "nhóm nội dung", max_length=20, choices=Category.choices, default=Category.OTHER
    )
    content = models.TextField("nội dung")
    dossier_code = models.CharField("mã hồ sơ liên quan", max_length=60, blank=True)
    sender_name = models.CharField("họ tên người gửi", max_length=200)
    sender_phone = models.CharField("điện thoại", max_length=30, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    sender_address = models.CharField("địa chỉ", max_length=300, blank=True)
    received_on = models.DateField("ngày tiếp nhận")
    accept_due_on = models.DateField("hạn thụ lý")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xử lý",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phòng/ban xử lý",
    )
    accepted_on = models.DateField("ngày thụ lý", null=True, blank=True)
    handle_due_on = models.DateField("hạn xử lý", null=True, blank=True)
    refusal_reason = models.TextField("lý do không thụ lý", blank=True)
    reply = models.TextField("nội dung trả lời", blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [models.Index(fields=["agency", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="answered") | models.Q(answered_on__isnull=False),
                name="feedback_answered_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("quality:feedback_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def is_refused(self) -> bool:
        return self.status == self.Status.REFUSED

    @property
    def pending_step(self) -> str:
        """What the agency owes the sender now, in the words of the pages: "thụ lý" (accept or
        refuse it), then "xử lý" (answer it); "" once it is closed."""
        if self.status == self.Status.RECEIVED:
            return "thụ lý"
        if self.status == self.Status.ACCEPTED:
            return "xử lý"
        return ""

    def due_on(self) -> date | None:
        """The deadline that applies now: to accept it, then to handle it."""
        if self.status == self.Status.RECEIVED:
            return self.accept_due_on
        if self.status == self.Status.ACCEPTED:
            return self.handle_due_on
        return None

    def is_overdue(self, today: date) -> bool:
        due = self.due_on()
        return due is not None and due < today

    def was_handled_on_time(self) -> bool | None:
        """For a closed case: answered (or refused) within its deadline; None while open."""
        if self.status == self.Status.ANSWERED:
            return self.handle_due_on is None or self.answered_on <= self.handle_due_on
        if self.status == self.Status.REFUSED:
            return self.answered_on is None or self.answered_on <= self.accept_due_on
        return None


# Feedback the agency still owes an answer: received (to accept or refuse) or accepted (to answer).
OPEN = (Feedback.Status.RECEIVED, Feedback.Status.ACCEPTED)
