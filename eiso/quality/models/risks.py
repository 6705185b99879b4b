from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned

DEFAULT_SIZE = 5
MIN_SIZE, MAX_SIZE = 3, 10  # an agency's matrix has 3 to 10 levels on each axis
# Bands of the default 5×5 matrix by score (likelihood × impact): low, medium, high, very high.
DEFAULT_BANDS = [
    {"max": 4, "label": "Thấp", "colour": "success"},
    {"max": 9, "label": "Trung bình", "colour": "warning"},
    {"max": 16, "label": "Cao", "colour": "orange"},
    {"max": 25, "label": "Rất cao", "colour": "danger"},
]
BAND_COLOURS = ["success", "info", "warning", "orange", "danger"]


class RiskMatrix(AgencyOwned):
    """The agency's rating matrix for risks and opportunities (ISO 9001:2015 §6.1): its size and
    the colour bands of the score. An agency without a row uses the default 5×5 matrix."""

    size = models.PositiveSmallIntegerField(
        "số mức", default=DEFAULT_SIZE, validators=[MinValueValidator(MIN_SIZE), MaxValueValidator(MAX_SIZE)]
    )
    bands = models.JSONField("các dải mức độ", default=list)

    class Meta:
        verbose_name = "ma trận đánh giá rủi ro"
        verbose_name_plural = "ma trận đánh giá rủi ro"
        constraints = [models.UniqueConstraint(fields=["agency"], name="risk_matrix_one_per_agency")]

    def __str__(self) -> str:
        return f"Ma trận {self.size}×{self.size}"


class Risk(AgencyOwned):
    """A risk or an opportunity of the agency's QMS, rated on the matrix, with its treatment
    (ISO 9001:2015 §6.1). For opportunities the two axes are benefit and feasibility."""

    class Kind(models.TextChoices):
        RISK = "risk", "Rủi ro"
        OPPORTUNITY = "opportunity", "Cơ hội"

    class Status(models.TextChoices):
        OPEN = "open", "Đang theo dõi"
        TREATING = "treating", "Đang xử lý"
        CLOSED = "closed", "Đã kết thúc"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.RISK)
    title = models.CharField("tên rủi ro/cơ hội", max_length=300)
    description = models.TextField("mô tả, nguyên nhân", blank=True)
    process = models.CharField(
        "quy trình, hoạt động liên quan",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Quy trình tiếp nhận và trả kết quả hồ sơ.",
    )
    objective = models.ForeignKey(
        "quality.QualityObjective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="mục tiêu chất lượng liên quan",
    )
    context_issue = models.ForeignKey(
        "quality.ContextIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="vấn đề bối cảnh liên quan",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người phụ trách",
    )
    likelihood = models.PositiveSmallIntegerField("khả năng xảy ra")
    impact = models.PositiveSmallIntegerField("mức độ ảnh hưởng")
    residual_likelihood = models.PositiveSmallIntegerField("khả năng xảy ra sau xử lý", null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField("mức độ ảnh hưởng sau xử lý", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField("ngày xem xét lại", null=True, blank=True)
    evaluated_on = models.DateField("ngày đánh giá lại gần nhất", null=True, blank=True)
    evaluation_note = models.TextField("nhận xét đánh giá lại", blank=True)

    class Meta:
        ordering = ["kind", "-pk"]
        verbose_name = "rủi ro và cơ hội"
        verbose_name_plural = "rủi ro và cơ hội"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, impact__gte=1), name="risk_rating_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(residual_likelihood__isnull=True, residual_impact__isnull=True)
                | models.Q(residual_likelihood__gte=1, residual_impact__gte=1),
                name="risk_residual_rating_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:risk_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def current_score(self) -> int:
        """The rating that counts now: the residual one once the risk has been re-evaluated."""
        residual = self.residual_score
        return residual if residual is not None else self.score

    @property
    def axis_labels(self) -> tuple[str, str]:
        if self.kind == self.Kind.OPPORTUNITY:
            return ("Lợi ích", "Tính khả thi")
        return ("Khả năng xảy ra", "Mức độ ảnh hưởng")
