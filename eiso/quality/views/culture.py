from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from eiso.core.permissions import is_manager, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.quality import selectors, services
from eiso.quality.forms import CultureRecordForm
from eiso.quality.models import CultureRecord
from eiso.quality.views.common import form_page, list_agency


@login_required
def culture_list(request):
    agency = list_agency(request)
    context = {
        "records": selectors.culture_record_list(user=request.user, agency=agency),
        "can_manage": agency is not None and is_manager(request.user, agency),
    }
    return render(request, "quality/culture_list.html", context)


def _form_page(request, **kwargs):
    done = reverse("quality:culture_list")
    return form_page(request, template="quality/culture_form.html", done_url=done, **kwargs)


@login_required
def culture_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = CultureRecordForm(
        request.POST or None, agency=agency, initial={"recorded_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form=form,
        title="Thêm hồ sơ văn hóa chất lượng, đạo đức",
        success="Đã ghi hồ sơ.",
        save=lambda data: services.culture_record_create(agency=agency, actor=request.user, **data),
    )


@login_required
def culture_update(request, pk: int):
    record = get_for_user_or_404(CultureRecord, request.user, pk=pk)
    require_manager(request.user, record.agency)
    form = CultureRecordForm(request.POST or None, instance=record, agency=record.agency)
    return _form_page(
        request,
        form=form,
        title="Sửa hồ sơ văn hóa chất lượng, đạo đức",
        success="Đã cập nhật hồ sơ.",
        save=lambda data: services.culture_record_update(record=record, actor=request.user, **data),
    )
