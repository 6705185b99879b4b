from datetime import date

from django.db import models
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.tenancy import AgencyOwned


class ContextIssue(AgencyOwned):
    """An internal or external issue that bears on the QMS (ISO 9001:2015 §4.1), reviewed at least yearly."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Bên trong"
        EXTERNAL = "external", "Bên ngoài"

    class Category(models.TextChoices):
        LEGAL = "legal", "Chính trị, pháp luật"
        ECONOMIC = "economic", "Kinh tế, tài chính"
        SOCIAL = "social", "Xã hội, văn hóa"
        TECHNOLOGY = "technology", "Công nghệ, chuyển đổi số"
        ORGANISATION = "organisation", "Tổ chức, bộ máy"
        PEOPLE = "people", "Nhân lực"
        INFRASTRUCTURE = "infrastructure", "Cơ sở vật chất"
        CLIMATE = "climate", "Biến đổi khí hậu"
        OTHER = "other", "Khác"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    category = models.CharField("nhóm vấn đề", max_length=20, choices=Category.choices)
    description = models.TextField("vấn đề")
    effect = models.TextField("ảnh hưởng tới hệ thống quản lý chất lượng", blank=True)
    # The decision the climate amendment asks for: is climate change a relevant issue? The reasons
    # are written in `effect`.
    climate_relevant = models.BooleanField(
        "biến đổi khí hậu là vấn đề liên quan",
        null=True,
        blank=True,
        help_text="Chỉ ghi với nhóm “Biến đổi khí hậu”: quyết định của cơ quan; lý do ghi ở ô ảnh hưởng.",
    )
    reviewed_on = models.DateField("ngày xem xét gần nhất")
    is_active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        ordering = ["kind", "category", "pk"]
        verbose_name = "vấn đề nội bộ, bên ngoài"
        verbose_name_plural = "vấn đề nội bộ, bên ngoài"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="climate")
                | (models.Q(climate_relevant__isnull=False) & ~models.Q(effect="")),
                name="context_issue_climate_decided",
                violation_error_message=(
                    "Vấn đề biến đổi khí hậu cần ghi quyết định có liên quan hay không, "
                    "và lý do ở ô ảnh hưởng."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.description[:120]

    def get_absolute_url(self) -> str:
        return reverse("quality:context_issue_update", args=[self.pk])

    def is_review_due(self, today: date) -> bool:
        return review_due(self.reviewed_on, today)


class InterestedParty(AgencyOwned):
    """An interested party and its requirements relevant to the QMS (ISO 9001:2015 §4.2)."""

    class Category(models.TextChoices):
        CITIZENS = "citizens", "Người dân"
        BUSINESSES = "businesses", "Doanh nghiệp, tổ chức"
        SUPERIOR = "superior", "Cơ quan cấp trên"
        COORDINATION = "coordination", "Cơ quan phối hợp"
        STAFF = "staff", "Cán bộ, công chức, viên chức"
        SUPPLIERS = "suppliers", "Nhà cung cấp, đối tác"
        OTHER = "other", "Khác"

    name = models.CharField("bên quan tâm", max_length=300)
    category = models.CharField("nhóm", max_length=20, choices=Category.choices)
    requirements = models.TextField("nhu cầu và mong đợi liên quan")
    climate_requirements = models.TextField("yêu cầu liên quan tới biến đổi khí hậu", blank=True)
    monitoring = models.CharField("cách theo dõi", max_length=500, blank=True)
    reviewed_on = models.DateField("ngày xem xét gần nhất")
    is_active = models.BooleanField("còn hiệu lực", default=True)

    class Meta:
        ordering = ["category", vietnamese("name")]
        verbose_name = "bên quan tâm"
        verbose_name_plural = "bên quan tâm"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quality:party_update", args=[self.pk])

    def is_review_due(self, today: date) -> bool:
        return review_due(self.reviewed_on, today)


def review_due(reviewed_on: date, today: date) -> bool:
    """Context is reviewed at least once a year: due when the last review is a year old."""
    try:
        anniversary = reviewed_on.replace(year=reviewed_on.year + 1)
    except ValueError:  # 29 February
        anniversary = reviewed_on.replace(year=reviewed_on.year + 1, day=28)
    return anniversary <= today
