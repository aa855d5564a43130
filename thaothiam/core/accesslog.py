"""What `thaothiam serve` writes about requests: nothing about the paths where people answer anonymously.

A survey invitation link (``/surveys/t/<token>/``), an agency's open link, the answering pages and
every complaint page (``/complaints/…``) would, in an access log, tie a token or a path to a time to
the second, an address and a browser — exactly what lets an insider line submissions up with rows
(docs/decisions/0034-survey-anonymity-against-an-insider.md). So:

* gunicorn's access log (``AccessLogger``, passed by ``serve`` as ``--logger-class``) writes no line
  for a private path; a server error on one is still logged, as one line that names neither the
  path nor the client (``private request failed: 500``);
* Django's own records (``django.request`` "Internal Server Error: /path", and anything else that
  puts a private path in its message) go through ``PrivatePathFilter``, which replaces the path by
  ``[private path]`` and keeps the rest, traceback included.

The same prefixes are what a reverse proxy in front must not log (README, "Running behind a proxy").
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

PRIVATE_PREFIXES = (
    "/surveys/t/",  # personal invitation links (the token is in the path)
    "/surveys/a/",  # answering pages after the token has left the URL
    "/surveys/o/",  # an agency's open link
    "/surveys/thanks/",
    "/surveys/mine/",  # a signed-in person starting their own survey
    "/complaints/",  # the complaints app: every page
)
_PATTERN = re.compile("(" + "|".join(re.escape(p) for p in PRIVATE_PREFIXES) + r")[^\s\"']*")


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


def redact(text: str) -> str:
    return _PATTERN.sub("[private path]", text)


class PrivatePathFilter(logging.Filter):
    """Rewrites a log record so that no private path (nor its token) is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a broken record is logged as it is
            return True
        if _PATTERN.search(message):
            record.msg, record.args = redact(message), None
        request = getattr(record, "request", None)
        if request is not None and is_private(getattr(request, "path", "")):
            record.request = None  # formatters that print the request would print the path
        return True


class AccessLogger(Logger):
    """gunicorn's logger, minus access lines for private paths; their server errors stay, without the path."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(PrivatePathFilter())

    def access(self, resp, req, environ, request_time):
        if is_private(environ.get("PATH_INFO", "") or getattr(req, "path", "") or ""):
            status = resp.status
            code = int(str(status).split(None, 1)[0]) if status else 0
            if code >= 500:
                self.error_log.error("private request failed: %s", code)
            return
        super().access(resp, req, environ, request_time)
