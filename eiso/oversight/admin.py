"""The oversight records in the Django admin, read-only; deletion is guarded by core.retention."""

from django.contrib import admin

from eiso.core.admin import RecordAdmin
from eiso.oversight.models import Inspection

admin.site.register([Inspection], RecordAdmin)
