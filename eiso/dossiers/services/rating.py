"""The applicant's evaluation of the handling (NĐ 118/2025 Điều 33)."""

from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.dossiers.models import Dossier, Rating

RATING_FIELDS = (
    "time_score",
    "agencies_contacted",
    "contacts_needed",
    "information_score",
    "conduct_score",
    "costs_score",
)


@transaction.atomic
def rating_submit(*, dossier: Dossier, values: dict, comment: str = "") -> Rating:
    """The applicant's rating (NĐ 118/2025 Điều 33), once per dossier, after the result."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.ended_at is None:
        raise DomainError("Hồ sơ chưa giải quyết xong: chưa thể đánh giá.")
    if Rating.objects.filter(dossier=dossier).exists():
        raise DomainError("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.")
    scores = [values[name] for name in ("time_score", "information_score", "conduct_score", "costs_score")]
    rating = Rating(
        agency=dossier.agency,
        dossier=dossier,
        comment=comment,
        satisfied=min(scores) >= 2 and sum(scores) >= 10,
        **{name: values[name] for name in RATING_FIELDS},
    )
    rating.full_clean()
    rating.save()
    audit.record(
        actor=None, action="dossier.rate", target=dossier, changes={"satisfied": [None, rating.satisfied]}
    )
    return rating
