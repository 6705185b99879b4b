"""Demo figures of the Bộ chỉ số 766 that eISO cannot measure, for the demo department (Sở Tư pháp),
entered by its ISO secretary for the current year as the national portal would show them: shares
of the same order as a provincial department's in 2025–2026 (most TTHC announced and published on
time, dossiers synchronised, online payment and digitisation still partial). Denominators follow the
agency's own dossiers, so the page reads consistently. Idempotent: an indicator already entered for
the year is left as it is.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from eiso.accounts.models import User
from eiso.dossiers import selectors as dossiers
from eiso.orgs.demo import demo_agency
from eiso.quality import services
from eiso.quality.models import Feedback, Index766Entry

# indicator: (share of the denominator, denominator kind) — "dossiers": dossiers received this year;
# "procedures": the two procedures of Sở Tư pháp; "feedback": feedback received this year; a fixed
# pair otherwise.
SHARES = {
    "1.1": (14, 15),
    "1.2": (15, 15),
    "1.4": (Decimal("0.995"), "dossiers"),
    "3.5": (2, 2),
    "3.5b": (1, 2),
    "3.6": (Decimal("0.42"), "dossiers"),
    "4.1": (Decimal("0.78"), "dossiers"),
    "4.2": (Decimal("0.86"), "dossiers"),
    "4.3": (Decimal("0.47"), "dossiers"),
    "4.4": (Decimal("0.58"), "dossiers"),
    "4.5a": (2, 2),
    "4.5b": (Decimal("0.66"), "dossiers"),
    "4.6": (0, 0),  # no certification procedure at this department: does not arise
    "5.3": (Decimal("0.8"), "feedback"),
}
SOURCE = "Cổng Dịch vụ công quốc gia, trang Bộ chỉ số 766 của cơ quan (số liệu mẫu)"


def _pair(share, kind, counts: dict[str, int]) -> tuple[int, int]:
    if not isinstance(kind, str):
        return share, kind
    whole = counts[kind]
    return int((share * whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)), whole


def load(say) -> None:
    agency = demo_agency()
    secretary = User.objects.filter(username="secretary").first()
    if agency is None or secretary is None:
        say("  Chưa có cơ quan và người dùng mẫu: bỏ qua số liệu Bộ chỉ số 766.")
        return
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    counts = {
        "dossiers": dossiers.dossier_stats(agencies=agency, start=start, end=today)["received"],
        "feedback": Feedback.objects.filter(agency=agency, received_on__range=(start, today)).count(),
    }
    entered = 0
    for code, (share, kind) in SHARES.items():
        if Index766Entry.objects.filter(agency=agency, indicator=code, starts_on=start, ends_on=end).exists():
            continue
        numerator, denominator = _pair(share, kind, counts)
        services.index_entry_set(
            agency=agency,
            indicator=code,
            starts_on=start,
            ends_on=end,
            numerator=numerator,
            denominator=denominator,
            source=SOURCE,
            actor=secretary,
        )
        entered += 1
    say(f"  Bộ chỉ số 766: {entered} chỉ số nhập tay cho {agency.name}.")
