"""The API's URLs, included at /api/v1/ by the root URLconf. Its views are public to the access
middleware: each operation authenticates its bearer token itself (auth.py), and the schema and the
docs are public on purpose."""

from thaothiam.core.access import public

from .api import api

api_urls = api.urls
for _pattern in api_urls[0]:
    public(_pattern.callback)
