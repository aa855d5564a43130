"""Errors as RFC 9457 problem details, in Thai and English.

Every error the API answers is `application/problem+json` with `type`, `title`, `status`, `detail`
and `instance`; `title` and `detail` follow Accept-Language (Thai unless English is asked for) and
the extension members `title_th`, `title_en`, `detail_th` and `detail_en` carry both languages.
"""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)

TYPE_BASE = "https://thaothiam.bangkok.go.th/problems/"
CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Bad request"),
    401: _("Not authenticated"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    413: _("Too large"),
    422: _("Invalid input"),
    429: _("Too many requests"),
    500: _("Server error"),
}
SLUGS = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         413: "too-large", 422: "invalid-input", 429: "rate-limited", 500: "server-error"}
DETAILS = {
    401: _("Send a valid, unexpired API token: 'Authorization: Bearer tt_…'."),
    403: _("This token may not do this."),
    404: _("There is no such object, or it belongs to another agency."),
    429: _("This token has sent too many requests this minute. Wait and try again."),
    500: _("Something went wrong on our side. Nothing was changed."),
}


class Problem(Exception):
    """Raise from an endpoint to answer with problem details (detail is a lazy translatable string)."""

    def __init__(self, status: int, detail=None, *, errors: list | None = None, headers: dict | None = None):
        super().__init__(status)
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers or {}


def both_languages(text) -> tuple[str, str]:
    with translation.override("th"):
        thai = str(text)
    with translation.override("en"):
        english = str(text)
    return thai, english


def problem_response(request, status: int, detail=None, *, errors: list | None = None,
                     headers: dict | None = None) -> HttpResponse:
    title_th, title_en = both_languages(TITLES.get(status, TITLES[400]))
    detail_th, detail_en = both_languages(detail if detail is not None else DETAILS.get(status, TITLES.get(status, "")))
    english = get_language_from_request(request) == "en" if "HTTP_ACCEPT_LANGUAGE" in request.META else False
    body = {
        "type": TYPE_BASE + SLUGS.get(status, "bad-request"),
        "title": title_en if english else title_th,
        "status": status,
        "detail": detail_en if english else detail_th,
        "instance": request.path,
        "title_th": title_th, "title_en": title_en, "detail_th": detail_th, "detail_en": detail_en,
    }
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    response["Content-Language"] = "en" if english else "th"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_errors(exc: ValidationError) -> list[dict]:
    out = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        out.append({"location": location, "message": str(error.get("msg", "")), "code": str(error.get("type", ""))})
    return out


def install(api) -> None:
    """Replace django-ninja's error answers with problem details."""

    @api.exception_handler(Problem)
    def _problem(request, exc: Problem):
        return problem_response(request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        return problem_response(request, 422, _("Some of the input is missing or not valid; see errors."),
                                errors=_validation_errors(exc))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(request, 401, headers={"WWW-Authenticate": 'Bearer realm="thaothiam"'})

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        return problem_response(request, exc.status_code)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, 404)

    @api.exception_handler(Exception)
    def _server_error(request, exc):
        logger.exception("API error on %s", request.path)
        return problem_response(request, 500)
