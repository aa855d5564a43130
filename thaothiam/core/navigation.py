"""The menu, by role. Each app lists its entries in `<app>/nav.py` as `ITEMS`; nothing else
needs editing when a module is added."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

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


# The menu's groups, by the `order` bands the apps already use (nothing in the apps changes): a person who
# sees many entries (central sees over twenty) gets one dropdown per band so the menu fits one row at
# 1366 px; a person with few entries keeps them flat (docs/decisions/0114).
GROUPS = [
    (100, 300, pgettext_lazy("menu", "Reports")),
    (400, 500, pgettext_lazy("menu", "Workforce")),
    (500, 520, pgettext_lazy("menu", "Surveys and learning")),
    (520, 600, pgettext_lazy("menu", "Complaints")),
    (700, 800, pgettext_lazy("menu", "Settings")),
    (800, 900, pgettext_lazy("menu", "Reference data")),
]
FLAT_UP_TO = 7  # this many entries or fewer: no groups


def menu_for(access, current: str = "") -> list[dict]:
    """The menu as shown: entries, or groups {"label", "entries", "active", "is_group"} of two or more."""
    orders = {item.url_name: item.order for item in all_items()}
    visible = items_for(access)
    if len(visible) <= FLAT_UP_TO:
        return visible
    menu: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in visible:
        order = orders[entry["name"]]
        band = next((g for g in GROUPS if g[0] <= order < g[1]), None)
        if band is None:
            menu.append(entry)
            continue
        key = str(band[2])
        if key not in groups:
            groups[key] = {"label": band[2], "entries": [], "name": f"group-{band[0]}", "is_group": True}
            menu.append(groups[key])
        groups[key]["entries"].append(entry)
    shown = []
    for entry in menu:
        if entry.get("is_group") and len(entry["entries"]) == 1:
            entry = entry["entries"][0]  # a group of one is just its entry
        if entry.get("is_group"):
            entry["active"] = any(item["name"] == current for item in entry["entries"])
        shown.append(entry)
    return shown
