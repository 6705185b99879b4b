"""Flag 're-announcement required' for agencies whose QMS scope changed since their announcement
in force: procedures added or removed, or a merger or split after the decision (QĐ 19/2014 Điều 4.4 c)."""

from django.core.management.base import BaseCommand

from eiso.improvement import services
from eiso.improvement.models import Announcement
from eiso.orgs.models import AgencyLineage


class Command(BaseCommand):
    help = "Đánh dấu các cơ quan cần công bố lại HTQLCL do phạm vi thay đổi hoặc do sáp nhập, chia tách."

    def handle(self, *args, **options):
        flagged = 0
        announced = Announcement.objects.filter(status=Announcement.Status.ANNOUNCED).select_related("agency")
        for announcement in announced:
            reason = _reorganisation(announcement)
            lifecycle = services.lifecycle_check_scope(agency=announcement.agency, reason=reason)
            flagged += lifecycle.needs_reannouncement
        self.stdout.write(f"{flagged} cơ quan cần công bố lại HTQLCL.")


def _reorganisation(announcement: Announcement) -> str:
    """The merger or split that took effect after the decision, described for the lifecycle page."""
    lineage = (
        AgencyLineage.objects.filter(successor=announcement.agency, effective_on__gt=announcement.decided_on)
        .select_related("predecessor")
        .order_by("effective_on")
        .first()
    )
    if lineage is None:
        return ""
    return (
        f"{lineage.get_kind_display()} với {lineage.predecessor.name} từ {lineage.effective_on:%d/%m/%Y}"
        f"{f' ({lineage.decision})' if lineage.decision else ''}: phạm vi HTQLCL thay đổi."
    )
