"""Which database serves heavy reads.

With `DATABASE_REPLICA_URL` set, statistics and provincial reports read from a PostgreSQL
streaming replica (`selectors` call `.using(reporting_alias())`), so their scans do not compete
with the counters' writes. Pages that show what the user has just changed keep reading the primary.
"""

from django.conf import settings

REPLICA = "replica"


def reporting_alias() -> str:
    return REPLICA if REPLICA in settings.DATABASES else "default"
