"""Every page renders with production's static storage (the hashed manifest that `collectstatic` writes).

The suite otherwise finds static files through the finders (thaothiam/settings_test.py); this test is
what notices a template naming a static file that `collectstatic` does not produce, which would
be a 500 in production only.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from test_url_access import ROUTES

from thaothiam.core.access import rule_of

MANIFEST = {**settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
PAGES = [(path, pattern) for path, pattern in ROUTES if not pattern.pattern.converters]


@pytest.fixture
def manifest_storage():
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    with override_settings(STORAGES=MANIFEST, WHITENOISE_USE_FINDERS=False):
        staticfiles_storage._wrapped = empty  # the lazy storage object re-reads STORAGES
        yield
    staticfiles_storage._wrapped = empty


def test_the_manifest_exists():
    assert (settings.STATIC_ROOT / "staticfiles.json").exists(), "run `make install` (collectstatic)"


@pytest.mark.parametrize(("path", "pattern"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_renders_with_the_manifest(path, pattern, users, client_for, manifest_storage, client):
    rule = rule_of(pattern.callback)
    if rule.public:
        response = client.get(path)
    else:
        holder = next((name for name, user in users.items()
                       if not rule.roles or set(user.grants.values_list("role", flat=True)) & rule.roles), None)
        assert holder, path
        response = client_for(holder).get(path)
    assert response.status_code < 500, (path, response.status_code)  # a missing manifest entry is a 500
