"""Indicator sources, navigation entries, dashboard cards and the demo loader of the quality app."""

from django.utils import timezone

from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.numbers import number_text
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.quality import demo, dossier_sources, indicators, selectors, sources
from eiso.quality.index766 import demo as index766_demo
from eiso.quality.models import Action, IndicatorValue, QualityObjective

sources.register()
dossier_sources.register()


def _has_agency(request) -> bool:
    return request.user.is_authenticated and getattr(request, "agency", None) is not None


def _summary(request) -> dict:
    agency = request.agency
    return {
        "summary": selectors.quality_summary(agency=agency, today=timezone.localdate()),
        "top_risks": selectors.top_risks(agency=agency, limit=3),
        "year": timezone.localdate().year,
    }


register_nav(
    NavItem(
        label="Chất lượng",
        url_name="quality:objective_list",
        icon="bullseye",
        visible=lambda request: request.user.is_authenticated,
        order=50,
    )
)

register_card(
    DashboardCard(
        key="quality_summary",
        title="Chất lượng của cơ quan",
        template="quality/cards/summary.html",
        visible=_has_agency,
        context=_summary,
        order=50,
    )
)

register_card(
    DashboardCard(
        key="quality_policy",
        title="Chính sách chất lượng",
        template="quality/cards/policy.html",
        visible=_has_agency,
        context=lambda request: {"policy": selectors.quality_policy(agency=request.agency)},
        order=45,
    )
)

register_demo_loader(60, "Mục tiêu chất lượng, rủi ro và phản ánh mẫu", demo.load)
register_demo_loader(61, "Số liệu Bộ chỉ số 766 nhập tay của cơ quan mẫu", index766_demo.load)


def _figures_text(figures) -> str:
    """The figures an indicator value came from, by their labels ("đúng hạn: 10; trễ hạn: 2")."""
    if not isinstance(figures, dict):
        return str(figures)
    labels = {
        key: label for source in indicators.sources.values() for key, label in source.figure_labels.items()
    }
    return "; ".join(f"{labels.get(key, key)}: {number_text(value)}" for key, value in figures.items())


# What change histories cannot read from the models' fields (core.history).
history.register(
    QualityObjective,
    keys={
        "source": history.Key(
            "Nguồn số liệu", format=lambda key: dict(indicators.source_choices()).get(key, key)
        )
    },
)
history.register(IndicatorValue, keys={"figures": history.Key("Số liệu gốc", format=_figures_text)})
history.register(Action, keys={"is_effective": "Có hiệu lực", "verification_note": "Ghi chú kiểm tra"})
