"""People as records show them: by full name, with their unit where it helps, never by login.

`person_name` is the one helper for every page, paperwork, export and audit-trail entry. The
login (`username`) is an account detail shown only on the account pages; a record that names a
person reads the name the person signs with. `core` may not import `accounts`, so these take any
user object and reach its memberships through the user model's own relation.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model


def person_name(user) -> str:
    """The name a record shows for `user`: the full name; the login only for an account that has
    no name at all (a bare `createsuperuser`), so that the record still says who acted."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _membership_model():
    return get_user_model()._meta.get_field("memberships").related_model


def unit_names(user_ids: Iterable[int]) -> dict[tuple[int, int | None], str]:
    """`{(user_id, agency_id): unit name}` for the active memberships with a unit of these users,
    so that records show a person with their unit where it helps: one query for a whole page."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    rows = (
        _membership_model()
        .objects.filter(user_id__in=ids, is_active=True, unit__isnull=False)
        .values_list("user_id", "agency_id", "unit__name")
    )
    return {(user_id, agency_id): unit for user_id, agency_id, unit in rows}
