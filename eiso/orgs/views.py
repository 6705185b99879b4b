from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs import selectors
from eiso.orgs.models import Agency


@login_required
def agency_list(request):
    agencies = selectors.agency_list(user=request.user, search=request.GET.get("q", ""))
    return render(request, "orgs/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request, pk: int):
    agency = get_for_user_or_404(Agency, request.user, pk=pk)
    return render(request, "orgs/agency_detail.html", {"agency": agency})
