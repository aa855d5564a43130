"""ThaoThiam settings: everything comes from the environment (README, "Configuration").

Development is the default: SQLite under var/, a secret key generated once under var/.
Production (THAOTHIAM_DEBUG unset or false, THAOTHIAM_PRODUCTION=1) refuses to start without a
real secret key. See docs/decisions/0002-settings-from-environment.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("THAOTHIAM_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("THAOTHIAM_DEBUG", False)
PRODUCTION = env_bool("THAOTHIAM_PRODUCTION", False)


def _secret_key() -> str:
    key = os.environ.get("THAOTHIAM_SECRET_KEY", "")
    if key:
        if PRODUCTION and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured("THAOTHIAM_SECRET_KEY is too weak for production (50+ random characters).")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "THAOTHIAM_SECRET_KEY must be set in production (THAOTHIAM_PRODUCTION=1)."
        )
    # Development: generate once and keep under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Pseudonymisation key for HR identifiers (keyed hash); separate from SECRET_KEY so it can be
# kept when the session key is rotated.
# Production requires its own: falling back to SECRET_KEY would make rotating that key silently
# re-pseudonymise every person.
PSEUDONYM_KEY = os.environ.get("THAOTHIAM_PSEUDONYM_KEY", "")
if PRODUCTION and len(PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured("THAOTHIAM_PSEUDONYM_KEY must be set in production (32+ random characters, never rotated).")
PSEUDONYM_KEY = PSEUDONYM_KEY or SECRET_KEY

ALLOWED_HOSTS = env_list("THAOTHIAM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("THAOTHIAM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "thaothiam.core.admin_site.ThaoThiamAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "thaothiam.core",
    "thaothiam.agencies",
    "thaothiam.accounts",
    "thaothiam.plans",
    "thaothiam.reporting",
    "thaothiam.reports",
    "thaothiam.workforce",
    "thaothiam.surveys",
    "thaothiam.complaints",
    "thaothiam.learning",
    "thaothiam.explorer",
    "thaothiam.api",
    "ninja",  # serves the API's browsable docs (Swagger UI) from static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thaothiam.core.locale.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thaothiam.core.access.AccessMiddleware",
    "thaothiam.core.audit.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
    "thaothiam.complaints.keys.SessionKeyCookieMiddleware",
]

ROOT_URLCONF = "thaothiam.urls"
WSGI_APPLICATION = "thaothiam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thaothiam.core.context_processors.navigation",
            ],
            "builtins": ["thaothiam.core.templatetags.thai"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'thaothiam.sqlite3'}",
        conn_max_age=int(os.environ.get("THAOTHIAM_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Authenticates nobody: lends the typed password to the handler that opens a complaint officer's key.
    "thaothiam.complaints.keys.PasswordCaptureBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on (OpenID Connect, LDAP/AD) is added to these backends when its variables are set.
from thaothiam.accounts.sign_in_settings import sign_in_settings  # noqa: E402

globals().update(sign_in_settings(os.environ, AUTHENTICATION_BACKENDS))
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "me"  # staff land on their own page (accounts/me)
LOGOUT_REDIRECT_URL = "home"

# Lockout: 5 failed logins for one username FROM ONE CLIENT lock that pair for 15 minutes, doubled
# for every 5 more (accounts/lockout.py); the account holder is e-mailed. An attacker elsewhere
# cannot lock the real user out (docs/decisions/0062-lockout-per-client.md).
AXES_FAILURE_LIMIT = int(os.environ.get("THAOTHIAM_LOGIN_FAILURE_LIMIT", "5"))
THAOTHIAM_LOGIN_COOLOFF_HOURS = float(os.environ.get("THAOTHIAM_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_COOLOFF_TIME = "thaothiam.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind THAOTHIAM_PROXY_COUNT reverse proxies (1 in production) the client is the address the
# nearest proxy appended to X-Forwarded-For (the right-most one), never one the client wrote itself.
THAOTHIAM_PROXY_COUNT = int(os.environ.get("THAOTHIAM_PROXY_COUNT", "1" if PRODUCTION else "0"))
if THAOTHIAM_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = THAOTHIAM_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thaothiam.accounts.lockout.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# Two-factor authentication for central, admin, executive and complaint officers (accounts/twofactor.py).
OTP_TOTP_ISSUER = "ThaoThiam"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A 6-digit code is throttled per device as well as per client (django-otp's doubling delay); a
# recovery code has 40 random bits, so only the per-client lockout applies to it.
OTP_STATIC_THROTTLE_FACTOR = 0

SESSION_COOKIE_AGE = int(os.environ.get("THAOTHIAM_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: only our own files run or style the page. No inline scripts, no inline
# styles, no eval; a nonce only where a style must be generated (a print view's running header).
# Charts draw through vega-interpreter (docs/decisions/0064-content-security-policy.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Bootstrap's icons are data: SVGs in its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # A lesson's video is embedded from these players only (learning/render.py turns a
        # YouTube or Vimeo address into their embed address); nothing else may be framed.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("THAOTHIAM_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("THAOTHIAM_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Internationalisation: Thai first, English second ----------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("THAOTHIAM_STATIC_ROOT", "") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("THAOTHIAM_MEDIA_ROOT", str(VAR_DIR / "media"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
THAOTHIAM_MAX_UPLOAD_MB = int(os.environ.get("THAOTHIAM_MAX_UPLOAD_MB", "20"))
# Workforce files are checked against these before parsing (workforce/filesafety.py).
THAOTHIAM_IMPORT_MAX_ROWS = int(os.environ.get("THAOTHIAM_IMPORT_MAX_ROWS", "300000"))
# A running workforce import untouched this long has lost its worker: marked failed, retryable.
THAOTHIAM_IMPORT_STALE_MINUTES = int(os.environ.get("THAOTHIAM_IMPORT_STALE_MINUTES", "30"))
THAOTHIAM_IMPORT_MAX_COLUMNS = int(os.environ.get("THAOTHIAM_IMPORT_MAX_COLUMNS", "100"))
THAOTHIAM_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("THAOTHIAM_IMPORT_MAX_UNPACKED_MB", "400"))
# An HR system pushes the whole BMA's snapshot (100,000 rows is about 25 MB of CSV) through the API.
THAOTHIAM_API_MAX_UPLOAD_MB = int(os.environ.get("THAOTHIAM_API_MAX_UPLOAD_MB", "200"))

# --- Background tasks, e-mail, logging -------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("THAOTHIAM_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
        # Imports run on their own queue and worker, so a long import never delays a PDF
        # (docs/decisions/0061-import-limits-and-task-queues.md).
        "QUEUES": ["default", "imports"],
    }
}
EMAIL_BACKEND = os.environ.get("THAOTHIAM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if PRODUCTION and EMAIL_BACKEND.endswith((".console.EmailBackend", ".locmem.EmailBackend", ".dummy.EmailBackend")):
    raise ImproperlyConfigured("THAOTHIAM_EMAIL_BACKEND must be a real mail backend in production (e.g. SMTP).")
DEFAULT_FROM_EMAIL = os.environ.get("THAOTHIAM_FROM_EMAIL", "thaothiam@bangkok.go.th")
EMAIL_HOST = os.environ.get("THAOTHIAM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("THAOTHIAM_EMAIL_PORT", "25"))

THAOTHIAM_CHROMIUM = os.environ.get("THAOTHIAM_CHROMIUM", "/usr/bin/chromium")
# The public address put in links in e-mail. Development: `thaothiam serve` sets it from its own
# host and port; production must say it.
THAOTHIAM_BASE_URL = os.environ.get("THAOTHIAM_BASE_URL", "")
if PRODUCTION and not THAOTHIAM_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("THAOTHIAM_BASE_URL must be set in production (e.g. https://thaothiam.bangkok.go.th).")
THAOTHIAM_BASE_URL = THAOTHIAM_BASE_URL or "http://127.0.0.1:8000"
# Invitations one client may take from a rate-limited survey open link per day (surveys/integrity.py).
THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT = int(os.environ.get("THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No survey-answering or complaint path (nor its token) in any record: core/accesslog.py.
    "filters": {"private_paths": {"()": "thaothiam.core.accesslog.PrivatePathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("THAOTHIAM_LOG_LEVEL", "WARNING")},
}

# Lockout is per username and address together, never per address alone: BMA offices sit behind
# shared NAT addresses (docs/decisions/0004-accounts-and-access.md, 0062-lockout-per-client.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
