"""The dossiers records in the Django admin, read-only; deletion is guarded by core.retention."""

from django.contrib import admin

from eiso.core.admin import RecordAdmin
from eiso.dossiers.models import Dossier

admin.site.register([Dossier], RecordAdmin)
