from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import working_agency
from eiso.documents import services
from eiso.documents.forms import ApprovalChainForm
from eiso.documents.models import ApprovalChain, Approver, Document


@login_required
def approval_chain_list(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = ApprovalChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_chain_set(
                agency=agency, kind=form.cleaned_data["kind"], approvers=form.approvers(), actor=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Đã lưu quy trình phê duyệt.")
            return redirect("documents:approval_chain_list")
    chains = {
        chain.kind: chain for chain in ApprovalChain.objects.filter(agency=agency).prefetch_related("steps")
    }
    default = chains.get("")
    rows = [
        (
            label,
            [step.get_approver_display() for step in chains[kind].steps.all()] if kind in chains else None,
        )
        for kind, label in [("", "Mọi loại tài liệu (mặc định)"), *Document.Kind.choices]
    ]
    context = {
        "form": form,
        "rows": rows,
        "fallback": [Approver(step).label for step in services.DEFAULT_APPROVAL_STEPS],
        "has_default": default is not None,
    }
    return render(request, "documents/approval_chain_list.html", context)
