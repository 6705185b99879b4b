"""The agency ↔ procedure competence list (danh mục thủ tục hành chính thuộc thẩm quyền).

Which procedures of the province's catalogue an agency performs. The list is what the one-stop
counter may receive (NĐ 118/2025 Điều 17: the Bộ phận Một cửa receives the dossiers of the TTHC
within the agency's competence), what the scope of its QMS announcement must cover (QĐ 19/2014
Điều 3, TT 26/2014 Điều 36.1.a) and what it owes an ISO process for. It is seeded from the
catalogue (the `level` and `implementing_agency` of each procedure, and the agency's own
processes) and kept by hand by the agency's ISO secretary or the province's coordinator.
"""

from django.db import models

from eiso.core.tenancy import AgencyOwned

__all__ = ["Competence"]


class Competence(AgencyOwned):
    """One procedure of the catalogue and whether the agency is competent to perform it (QĐ 19/2014
    Điều 3; NĐ 118/2025 Điều 17). A row excluded by hand stays, so that seeding never adds it back."""

    class Source(models.TextChoices):
        CATALOGUE = "catalogue", "Theo danh mục TTHC (cấp thực hiện, cơ quan thực hiện)"
        PROCESS = "process", "Theo quy trình ISO của cơ quan"
        MANUAL = "manual", "Bổ sung thủ công"

    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name="thủ tục hành chính",
    )
    source = models.CharField("căn cứ đưa vào danh mục", max_length=20, choices=Source.choices)
    # False: taken off the list by hand (with a note); the seed leaves it off.
    is_competent = models.BooleanField("thuộc thẩm quyền", default=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["agency", "procedure__code"]
        verbose_name = "thủ tục thuộc thẩm quyền"
        verbose_name_plural = "danh mục thủ tục thuộc thẩm quyền"
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure"], name="competence_unique_procedure")
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.procedure.code}"
