"""What the logs may say about private paths (decision 0034): nothing, except that an error happened."""

import logging
from types import SimpleNamespace

from gunicorn.config import Config

from thaothiam.core.accesslog import AccessLogger, PrivatePathFilter, is_private


class Remember(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def _logger():
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = AccessLogger(cfg)
    errors, access = Remember(), Remember()
    logger.error_log.addHandler(errors)
    logger.access_log.addHandler(access)
    return logger, errors, access


def test_a_private_path_gets_no_access_line_and_its_server_error_no_path():
    logger, errors, access = _logger()
    for path, status in (("/surveys/t/SECRET-TOKEN/", "302 Found"), ("/complaints/RCPT-1/", "200 OK"),
                         ("/surveys/a/3/", "500 Internal Server Error")):
        logger.access(SimpleNamespace(status=status, headers=[]), SimpleNamespace(path=path, headers=[]),
                      {"PATH_INFO": path, "REMOTE_ADDR": "10.1.2.3"}, None)
    assert access.lines == []
    assert errors.lines == ["private request failed: 500"]
    assert not any("SECRET" in line or "10.1.2.3" in line for line in errors.lines)


def test_django_records_name_no_private_path_but_keep_the_error():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                               ("/surveys/t/SECRET-TOKEN/",), None)
    record.request = SimpleNamespace(path="/surveys/t/SECRET-TOKEN/")
    assert PrivatePathFilter().filter(record)
    assert record.getMessage() == "Internal Server Error: [private path]" and record.request is None
    other = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                              ("/plans/",), None)
    PrivatePathFilter().filter(other)
    assert other.getMessage() == "Internal Server Error: /plans/"


def test_the_private_prefixes():
    assert all(is_private(p) for p in ("/surveys/t/x/", "/surveys/a/", "/surveys/o/x/", "/surveys/thanks/",
                                        "/surveys/mine/", "/complaints/", "/complaints/x/y"))
    assert not any(is_private(p) for p in ("/surveys/results/1/", "/surveys/manage/", "/healthz", "/"))
