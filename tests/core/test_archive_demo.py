"""The archive package of a demo agency-year verifies: every checksum matches and every record of
the year is present exactly once (issue 20, "What it must show")."""

import io
import json
import zipfile
from collections import Counter

from eiso.core import archive
from eiso.orgs.models import Agency


def test_the_package_of_a_demo_agency_year_verifies(demo_province):
    agency, year, expected = max(
        (
            (agency, year, len(archive.year_records(agency=agency, year=year)))
            for agency in Agency.objects.all()
            for year in (2025, 2026)
        ),
        key=lambda found: found[2],
    )
    assert expected > 0, "the demo has records whose work ended"
    stream = io.BytesIO()
    assert archive.build(agency=agency, year=year, stream=stream) == expected

    result = archive.verify(io.BytesIO(stream.getvalue()))
    assert result.problems == []
    assert result.records == expected
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as package:
        manifest = json.loads(package.read(archive.MANIFEST))
        idents = Counter(record["id"] for record in manifest["records"])
        assert set(idents.values()) == {1}
        assert sum(name.endswith("/metadata.json") for name in package.namelist()) == expected
