"""The pages of signing (orgs.signing): sign on the server, prepare for the signer's own device, the
session page that shows the digest and takes the CMS (.p7s) back, and the signed file."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import BootstrapFormMixin
from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs import signables, signing
from eiso.orgs.models import SignedDocument, SigningSession

MAX_CMS_BYTES = 64 * 1024


class CmsForm(BootstrapFormMixin, forms.Form):
    cms = forms.FileField(
        label="Tệp chữ ký số (.p7s)",
        help_text="Chữ ký CMS (PKCS#7) dạng DER mà thiết bị ký số tạo trên giá trị băm ở trên.",
    )

    def clean_cms(self) -> bytes:
        upload = self.cleaned_data["cms"]
        if upload.size > MAX_CMS_BYTES:
            raise forms.ValidationError("Tệp chữ ký số quá lớn.")
        return upload.read()


def _target(request, kind: str, pk: int):
    if kind not in signables.REGISTRY:
        raise Http404
    target = signables.target_of(kind, pk, request.user)
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def document_sign(request, kind: str, pk: int):
    target = _target(request, kind, pk)
    label = signables.get(kind).label
    return run_action(
        request,
        target,
        lambda: signing.document_sign(kind=kind, target=target, actor=request.user),
        f"Đã ký số {label[0].lower()}{label[1:]} bằng chứng thư số của cơ quan.",
    )


@login_required
@require_POST
def session_start(request, kind: str, pk: int):
    target = _target(request, kind, pk)
    try:
        session = signing.session_start(kind=kind, target=target, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(target)
    return redirect(session)


@login_required
def session_detail(request, pk: int):
    session = get_for_user_or_404(SigningSession, request.user, pk=pk)
    target = _target(request, session.kind, session.target_id)
    form = CmsForm()
    if request.method == "POST":
        form = CmsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signing.session_complete(
                    session=session, cms_der=form.cleaned_data["cms"], actor=request.user
                )
            except DomainError as error:
                form.add_error("cms", error.message)
            else:
                messages.success(request, "Đã gắn chữ ký số vào văn bản.")
                return redirect(target)
    context = {
        "session": session,
        "target": target,
        "label": signables.get(session.kind).label,
        "digest": signing.digest_base64(session),
        "is_expired": session.expires_at <= timezone.now(),
        "form": form,
    }
    return render(request, "orgs/signing_session.html", context, status=400 if form.errors else 200)


@login_required
def session_digest(request, pk: int):
    """The digest as a file a signing tool reads: base64, one line."""
    session = get_for_user_or_404(SigningSession, request.user, pk=pk)
    response = HttpResponse(signing.digest_base64(session) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phien-ky-{session.pk}-{session.algorithm}.txt"'
    return response


@login_required
def signed_file(request, pk: int):
    signed = get_for_user_or_404(SignedDocument, request.user, pk=pk)
    return FileResponse(
        signed.file.open("rb"),
        as_attachment=True,
        filename=signed.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
