from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


class CultureRecord(AgencyOwned):
    """A record of the agency's quality culture and ethical behaviour: a leader's commitment, the code
    of conduct it keeps as a controlled document, or an activity that made people aware of them
    (the culture and ethics requirements of the newer edition of ISO 9001, clauses 5.1.1 and 7.3)."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Cam kết của lãnh đạo"
        CODE_OF_CONDUCT = "code_of_conduct", "Quy tắc ứng xử, chuẩn mực đạo đức"
        AWARENESS = "awareness", "Phổ biến, nâng cao nhận thức"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    title = models.CharField("nội dung", max_length=300)
    description = models.TextField("mô tả", blank=True)
    recorded_on = models.DateField("ngày")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lãnh đạo cam kết, chủ trì",
    )
    participants = models.PositiveIntegerField("số người tham gia", null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tài liệu kiểm soát (quy tắc ứng xử)",
    )

    class Meta:
        ordering = ["kind", "-recorded_on", "pk"]
        verbose_name = "hồ sơ văn hóa chất lượng, đạo đức"
        verbose_name_plural = "hồ sơ văn hóa chất lượng, đạo đức"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:culture_update", args=[self.pk])
