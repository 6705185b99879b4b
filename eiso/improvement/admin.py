"""The improvement records in the Django admin, read-only; deletion is guarded by core.retention."""

from django.contrib import admin

from eiso.core.admin import RecordAdmin
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview, Nonconformity

admin.site.register([Announcement, InternalAudit, ManagementReview, Nonconformity], RecordAdmin)
