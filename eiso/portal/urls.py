from django.urls import path

from eiso.portal import views

app_name = "portal"

# Public pages: no login. Object URLs here use the TTHC code, not database ids.
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:code>/", views.procedure_page, name="procedure_page"),
    path("<str:code>/bieu-mau/<int:order>/", views.form_download, name="form_download"),
]

# The citizen's dossier lookup and rating (eiso/portal/dossier_views.py); two path segments, so
# the one-segment procedure pages above never catch them.
from eiso.portal import dossier_views  # noqa: E402

urlpatterns += [
    path("ho-so/tra-cuu/", dossier_views.dossier_lookup, name="dossier_lookup"),
    path("ho-so/danh-gia/", dossier_views.dossier_rate, name="dossier_rate"),
]

# The citizen's feedback to an agency and its reply (eiso/portal/feedback_views.py).
from eiso.portal import feedback_views  # noqa: E402

urlpatterns += [
    path("phan-anh/gui/", feedback_views.feedback_submit, name="feedback_submit"),
    path("phan-anh/tra-cuu/", feedback_views.feedback_lookup, name="feedback_lookup"),
]
