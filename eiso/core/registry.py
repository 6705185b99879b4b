"""Registries that let each app add itself to shared pages without the page importing the app.

Apps register from their AppConfig.ready(): navigation entries and home-dashboard cards.
A `visible(request)` callable decides, per request, whether the user sees the entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    visible: Callable
    order: int = 100
    section: str = "main"


@dataclass(frozen=True)
class DashboardCard:
    """A card on the home page; `context(request)` returns what `template` needs."""

    key: str
    title: str
    template: str
    visible: Callable
    context: Callable = field(default=lambda request: {})
    order: int = 100


nav_items: list[NavItem] = []
dashboard_cards: list[DashboardCard] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in nav_items):
        nav_items.append(item)
        nav_items.sort(key=lambda entry: entry.order)


def register_card(card: DashboardCard) -> None:
    if all(existing.key != card.key for existing in dashboard_cards):
        dashboard_cards.append(card)
        dashboard_cards.sort(key=lambda entry: entry.order)


def visible_nav(request, section: str = "main") -> list[NavItem]:
    return [item for item in nav_items if item.section == section and item.visible(request)]


def visible_cards(request) -> list[DashboardCard]:
    return [card for card in dashboard_cards if card.visible(request)]
