"""Helpers shared by the API tests that cannot live in a fixture."""


def ensure_reference_data_here() -> None:
    from thaothiam.agencies.models import Agency
    from thaothiam.core.demodata import load_reference_data

    if not Agency.objects.exists():
        load_reference_data()
