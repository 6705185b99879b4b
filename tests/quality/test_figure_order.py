"""The figures behind a computed value show in the source's order on every database.

Regression: PostgreSQL's jsonb returns keys sorted by length, so the on-time figures read
"trễ hạn …; trước hạn …; đúng hạn …; đã giải quyết …" there and the other way on SQLite.
"""

from types import SimpleNamespace

from eiso.quality.templatetags.quality_tags import figure_items


def test_figures_follow_the_sources_order_whatever_the_stored_order():
    stored_like_jsonb = {"late": 1, "early": 2, "on_time": 1, "resolved": 4, "extra": 7}
    value = SimpleNamespace(source="dossier_on_time_rate", figures=stored_like_jsonb)
    labels = [label for label, _ in figure_items(value)]
    assert labels == ["đã giải quyết", "trước hạn", "đúng hạn", "trễ hạn", "extra"]
