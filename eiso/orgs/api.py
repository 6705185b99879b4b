"""API of signing (orgs.signing): signed documents, signed on the server, and external signing for
signers with their own device (USB token).

External signing, for a client signer (a desktop plug-in):
1. `POST /signing-sessions/` with the document (`kind`, `target_id`): eISO prepares the PDF with the
   signature field in the signature block and answers the session `id`, the `digest` (base64) and its
   `algorithm`; the session expires after `expires_at`.
2. The client signs the digest and builds a detached CMS SignedData (PAdES: its signed attributes
   carry the digest as messageDigest) with the signer's certificate.
3. `POST /signing-sessions/{id}/complete/` with `cms` (DER, base64): eISO embeds it and accepts it
   only when the signature verifies over the prepared document; the signed document is answered.
A refusal (400) says why in Vietnamese in `message`, and leaves the session open for another try.
"""

import base64
import binascii

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.core import signatures
from eiso.core.serializers import ModelSerializer, Serializer
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.orgs import signables, signing
from eiso.orgs.models import SignedDocument, SigningSession


class SignableSerializer(Serializer):
    kind = serializers.ChoiceField(
        choices=[],
        help_text="Loại văn bản: inspection_decision (Mẫu 20), announcement_decision (quyết định công bố).",
        error_messages={"invalid_choice": "Loại văn bản (kind) không ký số được."},
    )
    target_id = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="Mã của cuộc kiểm tra, của quyết định công bố…"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry fills in as the apps load (from their app configs): read when used.
        self.fields["kind"].choices = {kind: signable.label for kind, signable in signables.REGISTRY.items()}

    def target(self, user):
        data = self.validated_data
        target = signables.target_of(data["kind"], data["target_id"], user)
        if target is None:
            raise Http404
        return target


class SignedDocumentSerializer(ModelSerializer):
    verdict = serializers.SerializerMethodField(help_text="Kết quả kiểm tra chữ ký số của tệp đã ký.")

    class Meta:
        model = SignedDocument
        fields = ["id", "kind", "target_id", "method", "signer", "signed_at", "printed", "verdict"]

    def get_verdict(self, signed: SignedDocument) -> str:
        result = signatures.check_file(signed.file)
        return result.verdict if result else ""


class SigningSessionSerializer(ModelSerializer):
    digest = serializers.SerializerMethodField(help_text="Giá trị băm cần ký, dạng base64.")

    class Meta:
        model = SigningSession
        fields = ["id", "kind", "target_id", "state", "algorithm", "digest", "expires_at", "completed_at"]

    def get_digest(self, session: SigningSession) -> str:
        return signing.digest_base64(session)


class CmsSerializer(Serializer):
    cms = serializers.CharField(
        help_text="Chữ ký CMS (PKCS#7 SignedData tách rời) dạng DER, mã hóa base64.",
        error_messages={"required": "Thiếu chữ ký số (cms).", "blank": "Thiếu chữ ký số (cms)."},
    )

    def validate_cms(self, value: str) -> bytes:
        try:
            data = base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError("Chữ ký số (cms) phải được mã hóa base64.") from None
        if not data or len(data) > signing.MAX_CMS_BYTES:
            raise serializers.ValidationError("Chữ ký số (cms) rỗng hoặc quá lớn.")
        return data


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


class SignedDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """Documents eISO produced that are signed; `POST` signs one on the server with the certificate
    of the agency that issues it."""

    queryset = SignedDocument.objects.all()
    serializer_class = SignedDocumentSerializer

    @extend_schema(request=SignableSerializer, responses={201: SignedDocumentSerializer})
    def create(self, request, *args, **kwargs):
        document = _valid(SignableSerializer, request)
        target = document.target(request.user)
        signed = signing.document_sign(
            kind=document.validated_data["kind"], target=target, actor=request.user
        )
        return Response(SignedDocumentSerializer(signed).data, status=201)


class SigningSessionViewSet(mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """External signing: prepare a document and get the digest to sign, then return the CMS."""

    queryset = SigningSession.objects.all()
    serializer_class = SigningSessionSerializer

    @extend_schema(request=SignableSerializer, responses={201: SigningSessionSerializer})
    def create(self, request, *args, **kwargs):
        document = _valid(SignableSerializer, request)
        target = document.target(request.user)
        session = signing.session_start(
            kind=document.validated_data["kind"], target=target, actor=request.user
        )
        return Response(SigningSessionSerializer(session).data, status=201)

    @extend_schema(request=CmsSerializer, responses={201: SignedDocumentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        session = self.get_object()
        cms = _valid(CmsSerializer, request).validated_data["cms"]
        signed = signing.session_complete(session=session, cms_der=cms, actor=request.user)
        return Response(SignedDocumentSerializer(signed).data, status=201)


ROUTES = [
    ("signed-documents", SignedDocumentViewSet, "signed-document"),
    ("signing-sessions", SigningSessionViewSet, "signing-session"),
]
URLS: list = []
