"""Find a module of the same name in every ThaoThiam app (nav.py, demo.py, reference.py, datasets.py).

Modules join the menu, the demo, the reference data or the explorer by existing; nothing central
lists them. A module that exists but fails to import is an error, not "absent".
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[ModuleType]:
    """`thaothiam.<app>.<name>` for every installed ThaoThiam app that has one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thaothiam."):
            continue
        dotted = f"{config.name}.{name}"
        try:
            found.append(import_module(dotted))
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise
    return found
