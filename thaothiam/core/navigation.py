"""The menu, by role. Each app lists its entries in `<app>/nav.py` as `ITEMS`; nothing else
needs editing when a module is added."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch, reverse

from .discovery import app_modules


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty = any signed-in user
    order: int = 100
    public: bool = False  # shown to visitors who are not signed in as well


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for module in app_modules("nav"):
        items.extend(module.ITEMS)
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(access) -> list[dict]:
    visible = []
    signed_in = access.user.is_authenticated
    for item in all_items():
        if item.public or (signed_in and (not item.roles or access.roles & item.roles)):
            try:
                visible.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
            except NoReverseMatch:
                continue
    return visible
