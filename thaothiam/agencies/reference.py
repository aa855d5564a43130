"""Reference data of this app, as its data migration loads it (reloaded by `demo --reset`)."""

ORDER = 10


def load() -> None:
    from .models import Agency
    from .registry import load_registry

    load_registry(Agency)
