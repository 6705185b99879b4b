"""The demo, trimmed for the tests that load it."""

from eiso.dossiers import demo as dossiers_demo
from eiso.procedures import demo_processes


def trim_demo(monkeypatch) -> None:
    """Makes the demo's loaders build less of the same: 4 dossiers a month per process instead of
    hundreds, and 12 communes adopting the province's templates instead of 24."""
    generate = dossiers_demo.generate
    monkeypatch.setattr(
        dossiers_demo,
        "generate",
        lambda agency, pairs, **kw: generate(agency, pairs, **{**kw, "per_month": 4}),
    )
    monkeypatch.setattr(demo_processes, "LAND_ADOPTERS", range(10, 12))
    monkeypatch.setattr(demo_processes, "DRAFTING", range(11, 13))
    monkeypatch.setattr(demo_processes, "LAST_ADOPTER", 12)
