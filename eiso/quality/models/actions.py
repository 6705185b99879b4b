from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


def action_evidence_path(action: "Action", filename: str) -> str:
    return f"quality/actions/{action.agency_id}/{filename}"


class Action(AgencyOwned):
    """An action with an owner, a due date and closure evidence (ISO 9001:2015 §6.1.2, §6.2.2, §10.2).

    One model for every kind of action: risk treatments and objective plans here, corrective
    actions and management-review outputs in `improvement`. The source is a generic link, so
    apps above `quality` attach actions to their own rows without `quality` importing them.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Đã hoàn thành, chờ kiểm tra"
        VERIFIED = "verified", "Đã kiểm tra, có hiệu lực"
        CANCELLED = "cancelled", "Đã hủy"

    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")

    title = models.CharField("nội dung hành động", max_length=500)
    description = models.TextField("mô tả", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    resources = models.CharField("nguồn lực", max_length=500, blank=True)
    due_on = models.DateField("hạn hoàn thành")
    evaluation_method = models.CharField("cách đánh giá kết quả", max_length=500, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    completion_note = models.TextField("kết quả thực hiện", blank=True)
    evidence = models.FileField("bằng chứng", upload_to=action_evidence_path, blank=True, max_length=300)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kiểm tra",
    )
    verified_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    verification_note = models.TextField("nhận xét khi kiểm tra", blank=True)
    reminded_on = models.DateField("nhắc hạn lần cuối", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "hành động"
        verbose_name_plural = "hành động"
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "verified"]) | models.Q(completed_on__isnull=False),
                name="action_completed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:action_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        """Nothing is left for the owner to do: done (waiting for its check), verified or cancelled."""
        return self.status not in TO_DO

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_overdue(self, today: date) -> bool:
        """Still to be done after its due date: the "quá hạn" badge of the lists and the reminders."""
        return not self.is_closed and self.due_on < today

    @classmethod
    def source_filter(cls, source) -> dict:
        return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}


# An action still to be done by its owner: what lists, reminders and the closing of a risk look for.
TO_DO = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
