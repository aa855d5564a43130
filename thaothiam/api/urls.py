"""The API's URLs, included at /api/v1/ by the root URLconf. Its views are public to the access
middleware: each operation authenticates its bearer token itself (auth.py), and the schema and the
docs are public on purpose. A wrong method gets problem details too (django-ninja answers it itself)."""

import functools

from django.urls import path

from thaothiam.core.access import public

from .api import api
from .problems import CONTENT_TYPE, problem_response


def _method_problem(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(CONTENT_TYPE):
            problem = problem_response(request, 405)
            problem["Allow"] = response.get("Allow", "")
            return problem
        return response

    return wrapped


_patterns, _app_name, _namespace = api.urls
api_urls = ([path(str(p.pattern), public(_method_problem(p.callback)), name=p.name) for p in _patterns],
            _app_name, _namespace)
