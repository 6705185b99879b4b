"""Registry of demo-data loaders: each app adds its own part of the demo province.

`manage.py load_demo` runs the loaders in order. Every loader must be idempotent
(look rows up by a natural key before creating them): a second run changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    order: int
    name: str
    load: Callable[[Callable[[str], None]], None]  # receives a `say(message)` function


loaders: list[DemoLoader] = []


def register_demo_loader(order: int, name: str, load: Callable) -> None:
    if all(existing.name != name for existing in loaders):
        loaders.append(DemoLoader(order, name, load))
        loaders.sort(key=lambda loader: loader.order)
