"""The citizen's feedback (phản ánh, kiến nghị) to an agency, and reading the reply (no login).

The form's spam guards (a signed sum, a honeypot, a limit per client address, the real one from
core.clients, answered with 429) come from `quality.public`; the feedback is received by
`quality.services.feedback_submit`, so it lands in the agency's feedback register with its
working-day deadlines. The reply is read with the
feedback's code, which is random and shows no personal data.
"""

from django import forms
from django.shortcuts import render

from eiso.core.clients import client_address
from eiso.core.collation import vietnamese
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.orgs.models import Agency
from eiso.quality import selectors as quality_selectors
from eiso.quality import services as quality_services
from eiso.quality.public import PublicFeedbackForm, feedback_allowed

TOO_MANY = "Ông/bà đã gửi nhiều phản ánh trong một giờ. Vui lòng thử lại sau."


class AgencyFeedbackForm(PublicFeedbackForm):
    agency = forms.ModelChoiceField(
        label="Cơ quan nhận phản ánh",
        queryset=Agency.objects.filter(active_to__isnull=True)
        .select_related("province")
        .order_by(vietnamese("name")),
        empty_label="— Chọn cơ quan —",
    )

    field_order = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.attrs["class"] = "form-select"


def feedback_submit(request):
    data = request.POST if request.method == "POST" else None
    initial = {}
    chosen = Agency.objects.filter(identifier_code=request.GET.get("co-quan", "")).first()
    if chosen is not None:
        initial["agency"] = chosen.pk
    form = AgencyFeedbackForm(data, initial=initial)
    status = 200
    if data is not None and form.is_valid():
        if not feedback_allowed(client_address(request)):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            try:
                feedback = quality_services.feedback_submit(
                    agency=form.cleaned_data["agency"], **form.submission()
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return render(request, "portal/feedback_sent.html", {"feedback": feedback})
    return render(request, "portal/feedback_form.html", {"form": form}, status=status)


def feedback_lookup(request):
    code = request.GET.get("ma", "").strip()
    feedback = quality_selectors.feedback_lookup(code=code) if code else None
    return render(
        request,
        "portal/feedback_lookup.html",
        {"code": code, "feedback": feedback, "not_found": bool(code) and feedback is None},
    )
