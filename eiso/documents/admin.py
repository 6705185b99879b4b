"""The documents records in the Django admin, read-only; deletion is guarded by core.retention."""

from django.contrib import admin

from eiso.core.admin import RecordAdmin
from eiso.documents.models import DocumentVersion

admin.site.register([DocumentVersion], RecordAdmin)
