"""Reference data of this app, as its data migration loads it (reloaded by `demo --reset`)."""

ORDER = 50


def load() -> None:
    from .instruments import load_shipped
    from .models import Instrument, Item, Section

    load_shipped(Instrument, Section, Item)
