"""ThaoThiam settings: everything comes from the environment (README, "Configuration").

Development is the default: SQLite under var/, a secret key generated once under var/.
Production (THAOTHIAM_DEBUG unset or false, THAOTHIAM_PRODUCTION=1) refuses to start without a
real secret key. See docs/decisions/0002-settings-from-environment.md.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
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
TESTING = "pytest" in sys.modules or os.environ.get("THAOTHIAM_TESTING") == "1"


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
PSEUDONYM_KEY = os.environ.get("THAOTHIAM_PSEUDONYM_KEY", "") or SECRET_KEY

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
    "thaothiam.api",
    "ninja",  # serves the API's browsable docs (Swagger UI) from static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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

# Lockout: 5 failed logins for one username lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("THAOTHIAM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("THAOTHIAM_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

SESSION_COOKIE_AGE = int(os.environ.get("THAOTHIAM_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
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
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("THAOTHIAM_MEDIA_ROOT", str(VAR_DIR / "media"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
WHITENOISE_USE_FINDERS = TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
THAOTHIAM_MAX_UPLOAD_MB = int(os.environ.get("THAOTHIAM_MAX_UPLOAD_MB", "20"))
# An HR system pushes the whole BMA's snapshot (100,000 rows is about 25 MB of CSV) through the API.
THAOTHIAM_API_MAX_UPLOAD_MB = int(os.environ.get("THAOTHIAM_API_MAX_UPLOAD_MB", "200"))

# --- Background tasks, e-mail, logging -------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("THAOTHIAM_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
EMAIL_BACKEND = os.environ.get("THAOTHIAM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("THAOTHIAM_FROM_EMAIL", "thaothiam@bangkok.go.th")
EMAIL_HOST = os.environ.get("THAOTHIAM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("THAOTHIAM_EMAIL_PORT", "25"))

THAOTHIAM_CHROMIUM = os.environ.get("THAOTHIAM_CHROMIUM", "/usr/bin/chromium")
THAOTHIAM_BASE_URL = os.environ.get("THAOTHIAM_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THAOTHIAM_LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Lockout is per username, not per address: BMA offices sit behind shared NAT addresses, so
# locking an address would lock a whole district office out (docs/decisions/0004-accounts-and-access.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
