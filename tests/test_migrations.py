from django.core.management import call_command


def test_models_and_migrations_agree(db):
    """A model change without its migration fails here (and nondeterministic constraint order too)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
