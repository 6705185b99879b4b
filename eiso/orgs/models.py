from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned
from eiso.core.text import fold


class Province(TimeStamped):
    """A province or centrally-run city: the top scope of a deployment and of provincial oversight."""

    name = models.CharField("tên", max_length=200)
    division_code = models.PositiveIntegerField(
        "mã đơn vị hành chính",
        unique=True,
        help_text="Mã tỉnh theo danh mục đơn vị hành chính (sau 01/07/2025).",
    )

    class Meta:
        ordering = [vietnamese("name")]
        verbose_name = "tỉnh/thành phố"
        verbose_name_plural = "tỉnh/thành phố"

    def __str__(self) -> str:
        return self.name

    @property
    def place_name(self) -> str:
        """The place a document is issued at: 'Hà Tĩnh' for 'Tỉnh Hà Tĩnh' (NĐ 30/2020 ô số 4)."""
        return self.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")

    @property
    def in_sentence(self) -> str:
        """'tỉnh Hà Tĩnh' (or 'thành phố Huế') inside a sentence, whether or not the name carries the word."""
        for prefix in ("Tỉnh ", "Thành phố "):
            if self.name.startswith(prefix):
                return prefix.lower() + self.name.removeprefix(prefix)
        return f"tỉnh {self.name}"


class StandardEdition(TimeStamped):
    """An edition of the quality management standard an agency applies (TCVN ISO 9001 and the ISO
    editions it adopts): loaded as data (orgs/data/editions.py), never named in code."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên phiên bản", max_length=100)
    citation = models.CharField(
        "cách trích dẫn", max_length=200, help_text="Cách ghi tên tiêu chuẩn trong văn bản, quyết định."
    )
    amendment = models.CharField("sửa đổi, ghi chú", max_length=300, blank=True)
    year = models.PositiveIntegerField("năm ban hành")
    is_provisional = models.BooleanField(
        "tạm thời", default=False, help_text="Chưa có Tiêu chuẩn quốc gia TCVN tương ứng."
    )
    is_default = models.BooleanField("phiên bản mặc định cho cơ quan mới", default=False)
    predecessor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successors"
    )

    class Meta:
        ordering = ["year"]
        verbose_name = "phiên bản tiêu chuẩn"
        verbose_name_plural = "phiên bản tiêu chuẩn"

    def __str__(self) -> str:
        return f"{self.name} (tạm thời)" if self.is_provisional else self.name


class Clause(TimeStamped):
    """A clause of one edition: its number, title and a short summary in eISO's own words."""

    edition = models.ForeignKey(StandardEdition, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField("điều khoản", max_length=10)
    title = models.CharField("tên điều khoản", max_length=200)
    summary = models.TextField("tóm tắt yêu cầu", blank=True)
    evidence = models.CharField("loại bằng chứng trong eISO", max_length=30, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["edition", "order"]
        verbose_name = "điều khoản"
        verbose_name_plural = "điều khoản"
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="clause_unique_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ClauseCorrespondence(TimeStamped):
    """Where a clause of an older edition lives in the next one, and what changed (bảng tương ứng)."""

    class Change(models.TextChoices):
        SAME = "same", "Không đổi"
        CHANGED = "changed", "Có yêu cầu mới hoặc thay đổi"
        NEW = "new", "Điều khoản mới"

    source = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="successors")
    target = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="predecessors")
    change = models.CharField("thay đổi", max_length=10, choices=Change.choices)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["target__order", "pk"]
        verbose_name = "tương ứng điều khoản"
        verbose_name_plural = "bảng tương ứng điều khoản"
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="clause_correspondence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.number} → {self.target.number}"

    @property
    def is_changed(self) -> bool:
        return self.change != self.Change.SAME


class AgencyQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=user.visible_agency_ids())

    def active(self, on=None):
        qs = self.filter(active_to__isnull=True)
        if on is not None:
            qs = self.filter(models.Q(active_to__isnull=True) | models.Q(active_to__gt=on))
            qs = qs.filter(models.Q(active_from__isnull=True) | models.Q(active_from__lte=on))
        return qs


class Agency(TimeStamped):
    """A state administrative agency: the tenant whose QMS eISO keeps (QĐ 19/2014/QĐ-TTg, Điều 2)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Sở, ban, ngành cấp tỉnh"
        COMMUNE = "commune", "UBND cấp xã (xã, phường, đặc khu)"
        PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"
        VERTICAL_BRANCH = "vertical_branch", "Cơ quan ngành dọc"

    class Obligation(models.TextChoices):
        MANDATORY = "mandatory", "Bắt buộc áp dụng"
        ENCOURAGED = "encouraged", "Khuyến khích áp dụng"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name="tỉnh"
    )
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    kind = models.CharField("loại cơ quan", max_length=20, choices=Kind.choices)
    obligation = models.CharField(
        "nghĩa vụ áp dụng ISO", max_length=20, choices=Obligation.choices, default=Obligation.MANDATORY
    )
    identifier_code = models.CharField(
        "mã định danh điện tử",
        max_length=40,
        unique=True,
        help_text=(
            "Mã định danh của cơ quan (QĐ 20/2020/QĐ-TTg), dùng trong mã số hồ sơ, ví dụ 000.00.12.H42."
        ),
    )
    division_code = models.PositiveIntegerField(
        "mã đơn vị hành chính", null=True, blank=True, help_text="Mã xã/phường nơi cơ quan đặt trụ sở."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cơ quan cấp trên",
    )
    active_from = models.DateField("hoạt động từ", null=True, blank=True)
    active_to = models.DateField("ngừng hoạt động từ", null=True, blank=True)
    # The edition the agency's QMS applies today; empty reads as the default edition (editions.of).
    edition = models.ForeignKey(
        StandardEdition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản tiêu chuẩn áp dụng",
    )
    search_text = models.TextField(editable=False, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = [vietnamese("name")]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gt=models.F("active_from")),
                name="agency_active_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:agency_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.active_to is None

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.name} {self.short_name} {self.identifier_code}")


class Unit(AgencyOwned):
    """A part of an agency (phòng, ban, bộ phận) that owns process steps and documents."""

    name = models.CharField("tên phòng/ban/bộ phận", max_length=255)
    code = models.CharField("mã", max_length=30, blank=True)
    is_one_stop = models.BooleanField("là bộ phận một cửa", default=False)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        ordering = ["agency", vietnamese("name")]
        verbose_name = "phòng/ban"
        verbose_name_plural = "phòng/ban"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_in_agency")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:unit_update", args=[self.pk])


class AgencyLineage(TimeStamped):
    """One link of an agency's history: a predecessor became (part of) a successor on a date.

    Merges, splits and renames of the 2025 reform are chains of these links; the
    successor's pages follow them back so no history is lost.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", "Hợp nhất/sáp nhập"
        SPLIT = "split", "Chia tách"
        REPARENT = "reparent", "Chuyển cơ quan chủ quản"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    predecessor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="predecessor_links")
    kind = models.CharField("hình thức", max_length=20, choices=Kind.choices)
    effective_on = models.DateField("có hiệu lực từ")
    decision = models.CharField("quyết định", max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_on"]
        verbose_name = "lịch sử sắp xếp cơ quan"
        verbose_name_plural = "lịch sử sắp xếp cơ quan"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind"], name="agency_lineage_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="agency_lineage_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class EditionTransition(AgencyOwned):
    """An agency's move of its QMS from one edition of the standard to the next (chuyển đổi), with
    its dates; while it runs the agency stays on the older edition."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Đang chuyển đổi"
        COMPLETED = "completed", "Đã chuyển đổi"

    from_edition = models.ForeignKey(
        StandardEdition, on_delete=models.PROTECT, related_name="+", verbose_name="từ phiên bản"
    )
    to_edition = models.ForeignKey(
        StandardEdition, on_delete=models.PROTECT, related_name="+", verbose_name="sang phiên bản"
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField("ngày bắt đầu")
    target_on = models.DateField("hạn hoàn thành")
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "chuyển đổi phiên bản tiêu chuẩn"
        verbose_name_plural = "chuyển đổi phiên bản tiêu chuẩn"
        constraints = [
            models.UniqueConstraint(fields=["agency", "to_edition"], name="edition_transition_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
                name="edition_transition_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.from_edition.name} → {self.to_edition.name}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:transition_gap", args=[self.agency_id])


class SigningCertificate(AgencyOwned):
    """The agency's digital signing certificate (PKCS#12), with which eISO signs the documents it
    produces for that agency. The file and its password are kept encrypted (orgs.certificates);
    neither is ever shown again once set."""

    # One certificate an agency: the tenant's own field, narrowed to one row.
    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="signing_certificate", verbose_name="cơ quan"
    )
    encrypted_pkcs12 = models.BinaryField()
    encrypted_password = models.BinaryField()
    subject = models.CharField("chủ thể", max_length=500)
    issuer = models.CharField("tổ chức cấp", max_length=500)
    valid_until = models.DateTimeField("hiệu lực đến")

    class Meta:
        verbose_name = "chứng thư số của cơ quan"
        verbose_name_plural = "chứng thư số của cơ quan"

    def __str__(self) -> str:
        return f"Chứng thư số của {self.agency}"


class SignedDocument(AgencyOwned):
    """A document eISO produced and that was then digitally signed (orgs.signing): from then on the
    signed PDF is the record, served as it is and never rendered again. `kind` names the document in
    the registry of signable documents (orgs.signables); `printed` keeps what it printed, so a later
    change of those data is shown and a new document proposed."""

    class Method(models.TextChoices):
        SERVER = "server", "Ký bằng chứng thư số của cơ quan trên máy chủ"
        EXTERNAL = "external", "Ký bằng thiết bị ký số của người ký (USB token)"

    kind = models.CharField("loại văn bản", max_length=60)
    target_id = models.PositiveBigIntegerField("mã đối tượng")
    file = models.FileField("tệp đã ký số", upload_to="signed/%Y/")
    method = models.CharField("cách ký", max_length=20, choices=Method.choices)
    signer = models.CharField("người, cơ quan ký", max_length=300)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    signed_at = models.DateTimeField("ký lúc")
    printed = models.JSONField("nội dung đã in", default=dict)

    class Meta:
        verbose_name = "văn bản đã ký số"
        verbose_name_plural = "văn bản đã ký số"
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_id"], name="signed_document_one_per_target")
        ]

    def __str__(self) -> str:
        return f"Văn bản đã ký số ({self.signer})"


class SigningSession(AgencyOwned):
    """An external signing under way (orgs.signing): the PDF prepared with its signature field, and
    the digest of its byte range that the signer's device signs. The CMS that comes back is
    embedded in exactly these bytes; the session is then completed, or it expires unused."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ chữ ký"
        COMPLETED = "completed", "Đã ký"

    kind = models.CharField("loại văn bản", max_length=60)
    target_id = models.PositiveBigIntegerField("mã đối tượng")
    state = models.CharField("trạng thái", max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người yêu cầu"
    )
    prepared = models.FileField("tệp đã chuẩn bị", upload_to="signing/%Y/")
    digest = models.BinaryField("giá trị băm")
    algorithm = models.CharField("thuật toán băm", max_length=20, default="sha256")
    reserved_start = models.PositiveIntegerField()
    reserved_end = models.PositiveIntegerField()
    printed = models.JSONField("nội dung đã in", default=dict)
    expires_at = models.DateTimeField("hết hạn lúc")
    completed_at = models.DateTimeField("hoàn tất lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phiên ký số"
        verbose_name_plural = "phiên ký số"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Phiên ký số {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:signing_session", args=[self.pk])
