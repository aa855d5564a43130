"""The API at /api/v1/ (django-ninja): OpenAPI 3 schema at /api/v1/openapi.json, browsable at /api/v1/docs.

Every operation needs a bearer token of a system account (auth.py) and answers errors as problem
details (problems.py). Version 1 only grows: a change that breaks a client becomes /api/v2/.
"""

from __future__ import annotations

from ninja import NinjaAPI

from . import problems
from .auth import TokenAuth
from .endpoints_data import router as data_router
from .endpoints_workforce import router as workforce_router

DESCRIPTION = """ThaoThiam (เท่าเทียม) for other systems of the Bangkok Metropolitan Administration.

Authenticate with `Authorization: Bearer tt_…`, a token the system administrator issues to a system
account (for one agency or the whole BMA) with scopes. Errors are RFC 9457 problem details
(`application/problem+json`) in Thai, or English with `Accept-Language: en`. Every figure about
people goes through the same disclosure control as the pages: nothing about 1–4 people."""


class ThaoThiamAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Error answers are problem details: say so in the schema, so clients and schemathesis expect it.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = ThaoThiamAPI(title="ThaoThiam API", version="1.0.0", description=DESCRIPTION, auth=TokenAuth(),
                   urls_namespace="api-1", docs_url="/docs", openapi_url="/openapi.json")
problems.install(api)
api.add_router("/", data_router)
api.add_router("/workforce", workforce_router)
