"""Scoping of the province-owned rows of oversight (plans, criteria sets, reports).

These rows belong to a province, not to one agency, so they are not AgencyOwned: like the
procedures catalogue they are scoped by province. Provincial roles see their province's rows;
agency users see only the rollout plan headers of their province (to register their entry).
"""

from django.db import models
from django.db.models import Q


class ProvinceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows of the provinces in which the user holds a provincial role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(province_id__in=user.visible_province_ids())


class ProvinceOrAgencyQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows of the provinces the user oversees or whose agencies the user belongs to."""
        if not user.is_authenticated:
            return self.none()
        from eiso.orgs.models import Agency

        agency_provinces = Agency.objects.filter(pk__in=user.visible_agency_ids()).values("province_id")
        return self.filter(
            Q(province_id__in=user.visible_province_ids()) | Q(province_id__in=agency_provinces)
        )
