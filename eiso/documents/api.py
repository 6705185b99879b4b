"""REST API of document control and the legal register, calling the same services as the pages:
/api/v1/documents/ (and /{id}/withdraw/), /api/v1/documents/{id}/versions/,
/api/v1/document-versions/{id}/submit|approve|request-changes|publish/, /api/v1/legal-documents/
(and /{id}/mark-amended|mark-replaced|mark-expired/). The workflow actions are generated from the
declared transitions (core.workflow_api): each one's request body is the transition's own form."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.core.roles import QMS_MANAGERS
from eiso.core.serializers import ModelSerializer, MultilineCharField, Serializer
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.documents import legal_services, services
from eiso.documents.filters import DocumentFilterSet, LegalDocumentFilterSet
from eiso.documents.models import Document, DocumentVersion, LegalDocument
from eiso.orgs.models import Agency, Unit


class VersionSerializer(ModelSerializer):
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
        """The transitions the requesting user may run on the version now."""
        request = self.context.get("request")
        if request is None:
            return []
        choices = services.DOCUMENT_VERSION.choices(version, request.user)
        return [choice.transition.name for choice in choices if not choice.blocked]


class DocumentSerializer(ModelSerializer):
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


class DraftSerializer(Serializer):
    body = MultilineCharField(required=False, allow_blank=True)
    change_summary = MultilineCharField(required=False, allow_blank=True, default="")


# The actions of a version's transitions, shared with the process API (a process acts on its
# open version): one set of generated actions, one request schema per transition.
VersionTransitionActions = transition_actions(services.DOCUMENT_VERSION, VersionSerializer)


class DocumentViewSet(
    transition_actions(services.DOCUMENT, DocumentSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AgencyScopedViewSet,
):
    """Controlled documents. Filters: `q` (code, title, content; diacritics optional), `kind`, `status`,
    `owner_unit`, `version_status`. POST creates a document (ISO secretary or leader); POST
    `/{id}/withdraw/` withdraws it from use."""

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


class DocumentVersionViewSet(
    VersionTransitionActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet
):
    """Document versions and their workflow: POST `/{id}/<transition>/` runs one declared transition
    (submit, approve, request-changes, publish) with the same rules and messages as the page."""

    queryset = DocumentVersion.objects.all()
    serializer_class = VersionSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("document", "author", "approved_by").order_by("-id")


class LegalDocumentSerializer(ModelSerializer):
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
    transition_actions(legal_services.LEGAL_DOCUMENT, LegalDocumentSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AgencyScopedViewSet,
):
    """The province's register of legal documents. Filters: `q`, `kind`, `status`. POST adds a
    document to the register of the user's province (coordinators and ISO secretaries); POST
    `/{id}/mark-amended|mark-replaced|mark-expired/` records a change and opens the agencies' tasks."""

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
