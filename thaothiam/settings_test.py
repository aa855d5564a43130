"""Settings for the test suite: production's settings with only what must change for tests.

- a fast password hasher (Argon2 would cost ~0.1 s per test user);
- static files found by the finders rather than a collected manifest, so a test run does not depend
  on `collectstatic` having run since the last edit (one smoke test, tests/test_manifest_smoke.py,
  renders every page with production's manifest storage so a missing static file still fails);
- background tasks run immediately, inside the request that queues them;
- SQLite connections are not kept between requests (tests open and close many databases).

Selected by pytest (pyproject.toml) and inherited through DJANGO_SETTINGS_MODULE by the CLI
subprocesses the tests start.
"""

import os

from thaothiam.settings import *  # noqa: F403
from thaothiam.settings import DATABASES, PASSWORD_HASHERS, STORAGES, TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# One pseudonymisation key for every test run, so the cell-key perturbation — and so every perturbed
# figure a test reads — is the same on every machine, CI included (development would otherwise fall
# back to the machine's own generated SECRET_KEY). THAOTHIAM_PSEUDONYM_KEY in the environment runs the
# suite under another key; the attack tests are meant to pass under any.
if not os.environ.get("THAOTHIAM_PSEUDONYM_KEY"):
    PSEUDONYM_KEY = "test-only-pseudonym-key-" + "0" * 24
