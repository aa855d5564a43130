"""Print PDFs with headless Chromium (Debian's ``chromium``) driven by Playwright for Python.

A report's PDF is its own HTML print view, printed by the browser that also draws its
vega-embed charts, so the PDF looks like the web page and its Thai text reads back exactly
(see docs/decisions/0003-pdf-by-chromium.md).

``html_to_pdf(html)`` prints an HTML string. With no ``base_url`` (the default, and what the CLI
and background tasks use) the page is loaded at a private origin, ``http://thaothiam.local/``,
and every request under ``STATIC_URL`` is answered from disk: through Django's staticfiles finders
(then ``STATIC_ROOT``, for the hashed names of manifest storage) when Django is configured, else
from ``thaothiam/static/``. No server needs to run, and any other request is refused, so a report
cannot make the renderer fetch anything from the network. With ``base_url`` the HTML is served at
that address and its other requests go to the server there.

Before printing, it waits for the network to go idle, for ``document.fonts.ready``, for an
optional JavaScript condition, and for charts: a page that draws charts sets
``window.__chartsReady = false`` early and ``true`` once every ``vegaEmbed(...)`` promise has
resolved; when that flag exists the PDF is printed only after it becomes true.

Each call starts its own browser (about a second): simple and safe across processes and threads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import mimetypes
import os
import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # thaothiam/
DEFAULT_STATIC_DIR = PACKAGE_DIR / "static"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
PRIVATE_ORIGIN = "http://thaothiam.local"
DOCUMENT_PATH = "/__print__/"
DEFAULT_TIMEOUT_MS = 30_000

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Used only when the page's CSS sets no @page margin (CSS wins), so nothing prints edge to edge.
DEFAULT_MARGIN = {"top": "15mm", "right": "15mm", "bottom": "15mm", "left": "15mm"}

# A4 at 96 CSS px per inch: charts sized to their container get the printed page's width.
A4_PORTRAIT = {"width": 794, "height": 1123}
A4_LANDSCAPE = {"width": 1123, "height": 794}

_CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}

T = TypeVar("T")


class PdfError(RuntimeError):
    """A PDF could not be printed (Chromium missing, page failed, timeout)."""


# --- configuration -------------------------------------------------------------------------


def _django_settings() -> Any | None:
    try:
        from django.conf import settings
    except ImportError:
        return None
    return settings if settings.configured else None


def chromium_path() -> str:
    """The Chromium binary: setting or env ``THAOTHIAM_CHROMIUM``, else /usr/bin/chromium."""
    settings = _django_settings()
    configured = getattr(settings, "THAOTHIAM_CHROMIUM", None) if settings else None
    path = configured or os.environ.get("THAOTHIAM_CHROMIUM") or DEFAULT_CHROMIUM
    if os.sep not in path:  # a bare command name: look it up on PATH
        path = shutil.which(path) or path
    return path


def check_chromium() -> str:
    """Return the Chromium path, or raise PdfError saying how to install it."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise PdfError(
            f"Chromium was not found at {path}. PDFs are printed by headless Chromium: on Debian "
            "or Ubuntu install the package 'chromium' (apt-get install chromium), or set "
            "THAOTHIAM_CHROMIUM to the path of a Chromium or Chrome binary."
        )
    return path


def _static_url() -> str:
    settings = _django_settings()
    static_url = (getattr(settings, "STATIC_URL", None) if settings else None) or "/static/"
    # An absolute STATIC_URL (a CDN) is answered locally too; a relative one sits on our origin.
    prefix = urljoin(PRIVATE_ORIGIN + "/", static_url)
    return prefix if prefix.endswith("/") else prefix + "/"


def find_static_file(relative: str) -> Path | None:
    """Locate a static file by its path under STATIC_URL, never outside the static folders."""
    relative = unquote(relative)
    normalized = posixpath.normpath(relative)
    if (
        not relative
        or normalized.startswith(("/", "../"))
        or normalized in {".", ".."}
        or "\\" in relative
        or "\0" in relative
    ):
        return None
    settings = _django_settings()
    roots: list[Path] = []
    if settings is not None:
        from django.contrib.staticfiles import finders

        found = finders.find(normalized)
        if found:
            return Path(found)
        if getattr(settings, "STATIC_ROOT", None):
            roots.append(Path(settings.STATIC_ROOT))
    else:
        roots.append(DEFAULT_STATIC_DIR)
    for root in roots:
        candidate = (root / normalized).resolve()
        if candidate.is_file() and candidate.is_relative_to(root.resolve()):
            return candidate
    return None


def _content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


# --- running Playwright ----------------------------------------------------------------------


def _off_event_loop(fn: Callable[[], T]) -> T:
    """Playwright's sync API refuses to run inside an asyncio loop: use a thread there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def _print(
    load: Callable[[Any], None],
    *,
    landscape: bool,
    wait_for: str | None,
    wait_for_charts: bool | None,
    timeout_ms: int,
) -> bytes:
    """Start Chromium, let ``load(page)`` open the page, wait until it is ready, print it."""
    executable = check_chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise PdfError("The Python package 'playwright' is not installed (pip install playwright).") from exc

    def run() -> bytes:
        step = "starting Chromium"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=timeout_ms
                )
                try:
                    context = browser.new_context(
                        viewport=A4_LANDSCAPE if landscape else A4_PORTRAIT,
                        locale="th-TH",
                        timezone_id="Asia/Bangkok",
                    )
                    context.set_default_timeout(timeout_ms)
                    page = context.new_page()
                    step = "loading the page"
                    load(page)
                    step = "waiting for fonts"
                    page.evaluate("document.fonts.ready.then(() => true)")
                    if wait_for:
                        step = f"waiting for {wait_for!r}"
                        page.wait_for_function(wait_for, timeout=timeout_ms)
                    charts = wait_for_charts
                    if charts is None:
                        charts = page.evaluate("typeof window.__chartsReady !== 'undefined'")
                    if charts:
                        step = "waiting for charts (window.__chartsReady === true)"
                        page.wait_for_function("() => window.__chartsReady === true", timeout=timeout_ms)  # CSP: no eval
                        # Charts may bring text in new weights: let those fonts load too.
                        page.evaluate("document.fonts.ready.then(() => true)")
                    step = "printing"
                    pdf = page.pdf(
                        format="A4",
                        landscape=landscape,
                        print_background=True,
                        prefer_css_page_size=True,
                        margin=DEFAULT_MARGIN,  # a CSS @page margin wins over this
                    )
                finally:
                    browser.close()
        except PdfError:
            raise
        except PlaywrightError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise PdfError(f"PDF printing failed while {step}: {message}") from exc
        return pdf

    return _off_event_loop(run)


def html_to_pdf(
    html: str,
    *,
    base_url: str | None = None,
    landscape: bool = False,
    wait_for: str | None = None,
    wait_for_charts: bool | None = None,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> bytes:
    """Print an HTML document to A4 PDF bytes.

    ``base_url``: the address the HTML is served at, on a running server that answers its other
    requests (static files). Without it, static files under STATIC_URL are served from disk and
    every other request is refused. ``wait_for``: a JavaScript expression to wait for (truthy).
    ``wait_for_charts``: None waits for ``window.__chartsReady === true`` only when the page
    defines that flag; True always waits; False never does. CSS ``@page`` size wins over
    ``landscape``.
    """
    document_url = base_url or urljoin(PRIVATE_ORIGIN, DOCUMENT_PATH)
    static_prefix = _static_url()
    body = html.encode("utf-8")

    def handle(route: Any) -> None:
        request = route.request
        url = request.url.split("#", 1)[0]
        if url == document_url and request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
            return
        if base_url is not None:
            route.continue_()
            return
        if url.startswith(static_prefix) and request.method in {"GET", "HEAD"}:
            found = find_static_file(urlsplit(url).path.removeprefix(urlsplit(static_prefix).path))
            if found is not None:
                route.fulfill(status=200, content_type=_content_type(found), body=found.read_bytes())
                return
            route.fulfill(status=404, content_type="text/plain", body=b"not found")
            return
        route.abort("blockedbyclient")

    def load(page: Any) -> None:
        page.route("**/*", handle)
        page.goto(document_url, wait_until="networkidle")

    return _print(
        load, landscape=landscape, wait_for=wait_for, wait_for_charts=wait_for_charts, timeout_ms=timeout_ms
    )
