"""REST API of document control and the legal register, calling the same services as the pages:
/api/v1/documents/, /api/v1/documents/{id}/versions/, /api/v1/document-versions/{id}/submit|approve|
request-changes|publish/, /api/v1/legal-documents/."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.documents import legal_services, services
from eiso.documents.filters import DocumentFilterSet, LegalDocumentFilterSet
from eiso.documents.models import Document, DocumentVersion, LegalDocument
from eiso.orgs.models import Agency, Unit


class VersionSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField()
    waiting_for = serializers.CharField(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "number",
            "status",
            "body",
            "change_summary",
            "author",
            "revision",
            "approval_steps",
            "waiting_for",
            "submitted_at",
            "approved_by",
            "approved_at",
            "published_at",
            "effective_on",
            "next_review_on",
            "actions",
        ]

    def get_actions(self, version) -> list[str]:
        request = self.context.get("request")
        return services.available_actions(version, request.user) if request else []


class DocumentSerializer(serializers.ModelSerializer):
    current_version = serializers.IntegerField(source="current_version.number", read_only=True, default=None)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False)
    owner_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    legal_documents = serializers.PrimaryKeyRelatedField(
        queryset=LegalDocument.objects.all(), many=True, required=False, write_only=True
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "agency",
            "code",
            "title",
            "kind",
            "owner_unit",
            "review_period_months",
            "status",
            "current_version",
            "next_review_on",
            "legal_documents",
        ]
        read_only_fields = ["status", "next_review_on"]
        # Uniqueness is the service's rule, with its own Vietnamese message.
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["agency"].queryset = Agency.objects.for_user(user)
            self.fields["owner_unit"].queryset = Unit.objects.for_user(user)
            self.fields["legal_documents"].child_relation.queryset = LegalDocument.objects.for_user(user)


class DraftSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True)
    change_summary = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PublishSerializer(serializers.Serializer):
    effective_on = serializers.DateField(required=False)
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)


class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AgencyScopedViewSet
):
    """Controlled documents. Filters: `q` (code, title, content; diacritics optional), `kind`, `status`,
    `owner_unit`, `version_status`. POST creates a document (ISO secretary or leader)."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("current_version", "owner_unit")
            .order_by("agency_id", "code")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.document_create(
            agency=agency_for_write(
                self.request, getattr(data.get("agency"), "pk", None), roles=QMS_MANAGERS
            ),
            code=data["code"],
            title=data["title"],
            kind=data["kind"],
            owner_unit=data.get("owner_unit"),
            review_period_months=data.get("review_period_months", 12),
            legal_documents=data.get("legal_documents", []),
            actor=self.request.user,
        )

    @extend_schema(request=DraftSerializer, responses=VersionSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def versions(self, request, pk=None):
        """GET: every version, newest first. POST: open a new draft (body defaults to the current text)."""
        document = self.get_object()
        if request.method == "POST":
            serializer = DraftSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            version = services.version_create_draft(
                document=document,
                body=serializer.validated_data.get("body"),
                change_summary=serializer.validated_data["change_summary"],
                actor=request.user,
            )
            return Response(
                VersionSerializer(version, context={"request": request}).data, status.HTTP_201_CREATED
            )
        versions = document.versions.select_related("author", "approved_by").order_by("-number")
        return Response(VersionSerializer(versions, many=True, context={"request": request}).data)


class DocumentVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """Document versions and their workflow steps; each step calls the same service as the page."""

    queryset = DocumentVersion.objects.all()
    serializer_class = VersionSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("document", "author", "approved_by").order_by("-id")

    def _done(self, version):
        return Response(VersionSerializer(version, context={"request": self.request}).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(services.version_submit(version=self.get_object(), actor=request.user))

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.version_approve(
            version=self.get_object(), comment=serializer.validated_data["comment"], actor=request.user
        )
        return self._done(version)

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes", url_name="request-changes")
    def request_changes(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.version_request_changes(
            version=self.get_object(), comment=serializer.validated_data["comment"], actor=request.user
        )
        return self._done(version)

    @extend_schema(request=PublishSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        serializer = PublishSerializer(data=request.data)
        serializer.fields["units"].child_relation.queryset = Unit.objects.for_user(request.user)
        serializer.is_valid(raise_exception=True)
        version = services.version_publish(
            version=self.get_object(),
            effective_on=serializer.validated_data.get("effective_on") or timezone.localdate(),
            units=serializer.validated_data.get("units", []),
            actor=request.user,
        )
        return self._done(version)


class LegalDocumentSerializer(serializers.ModelSerializer):
    amended_by = serializers.StringRelatedField()
    replaced_by = serializers.StringRelatedField()

    class Meta:
        model = LegalDocument
        fields = [
            "id",
            "number",
            "kind",
            "issuing_body",
            "title",
            "issued_on",
            "effective_on",
            "status",
            "amended_by",
            "replaced_by",
        ]
        read_only_fields = ["status", "amended_by", "replaced_by"]
        validators: list = []


class LegalDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AgencyScopedViewSet
):
    """The province's register of legal documents. Filters: `q`, `kind`, `status`. POST adds a
    document to the register of the user's province (coordinators and ISO secretaries)."""

    queryset = LegalDocument.objects.all()
    serializer_class = LegalDocumentSerializer
    filterset_class = LegalDocumentFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("amended_by", "replaced_by")
            .order_by("-issued_on", "number")
        )

    def perform_create(self, serializer):
        user = self.request.user
        provinces = {m.province for m in user.active_memberships() if m.province} | {
            m.agency.province for m in user.active_memberships() if m.agency
        }
        keeps = [province for province in provinces if legal_services.may_keep_register(user, province)]
        if len(keeps) != 1:
            raise PermissionDenied("Bạn không quản lý danh mục văn bản pháp luật của tỉnh nào.")
        serializer.instance = legal_services.legal_document_create(
            province=keeps[0], actor=user, **serializer.validated_data
        )


ROUTES = [
    ("documents", DocumentViewSet, "document"),
    ("document-versions", DocumentVersionViewSet, "document-version"),
    ("legal-documents", LegalDocumentViewSet, "legal-document"),
]
URLS: list = []
