"""
Settings for Moments.

One module for every environment: each deployment value is read from the
environment through the small typed helpers below, which refuse a bad value
with ImproperlyConfigured instead of guessing. Development defaults are safe
to run locally; production sets DEBUG=false and the values it needs.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import dj_email_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Lets the code name the model an admin, form or queryset class is for
# (admin.ModelAdmin[Contact]), as the type checker reads it.
django_stubs_ext.monkeypatch()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    # Only ever used on a developer's machine; production must bring its own.
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-moments-development-only-key")
else:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Where the public survey links point; the request's own host is used when unset.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Moments demo organisation")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # django-axes and django-tasks-db, under names the admin can translate (config/apps.py).
    "config.apps.LoginProtectionConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "config.apps.BackgroundTasksConfig",
    "auditlog",
    # The bottom floor: who changed what and when, for the apps above it.
    "audit",
    "accounts",
    "moments",
    "surveys",
    "insights",
    "improvement",
    # The top floor: demo data for every app below (manage.py seed_demo).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), around everything else.
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (it reads the language chosen there), before common
    # (which may redirect, in the chosen language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's own language overrides the browser's.
    "accounts.middleware.UserLanguageMiddleware",
    "audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "moments.context_processors.organisation",
            ],
            # Every template speaks the reader's language without loading
            # anything: Django's translation tags, and our `date` filter, which
            # replaces Django's in every template (the admin's too) so that Thai
            # readers can see years in the Buddhist Era. The satisfaction scale
            # (its top score, its colours) comes from moments.scale the same way.
            "builtins": ["django.templatetags.i18n", "moments.templatetags.localised", "moments.templatetags.scale"],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a write is in flight; IMMEDIATE
    # transactions avoid "database is locked" errors on concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login protection (django-axes), for our login page and the Django admin's:
# failed logins are counted per username and, separately, per client address.
# At the limit, logins for that username or from that address are refused
# until the cool-off has passed since the last failure — refused by the first
# backend, before any password is hashed, so guessing neither succeeds nor
# ties up the CPU. Unknown usernames count against the address too (Django
# hashes once for them, to answer in the same time as for a real user).
# Attempts refused while locked are not counted, so the time on the lockout
# page holds. Unlock: `manage.py axes_reset_username NAME` or the admin's
# Axes › Access attempts page (see the README).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address the same way the survey rate limit takes it (CLIENT_ADDRESS_HEADER).
AXES_CLIENT_IP_CALLABLE = "surveys.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
# Lockouts are still logged as warnings; no banner on every manage.py command.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------

# English, Spanish and Thai throughout. Staff choose theirs (a preference on
# their account), customers rate in their own; otherwise the browser's
# Accept-Language decides, and LANGUAGE_CODE when it names none of these.
LANGUAGES = [
    ("en-gb", _("English")),
    ("es", _("Spanish")),
    ("th", _("Thai")),
]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-gb").lower()
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, not {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date and number formats where Django's differ from what the pages
# need (24-hour times in English), per language; Django's fill in the rest.
FORMAT_MODULE_PATH = ["config.formats"]
# Thai readers commonly expect years in the Buddhist Era (CE + 543).
THAI_BUDDHIST_ERA = env_bool("THAI_BUDDHIST_ERA", default=True)
TIME_ZONE = env_str("TIME_ZONE", "Europe/Madrid")
USE_I18N = True
USE_TZ = True

import zoneinfo  # noqa: E402  (beside the one check that needs it)

try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone.") from None

# ---------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------

# EMAIL_URL: submission://user:password@smtp.example.org (STARTTLS on 587),
# smtps://… (TLS on 465), smtp://… (plain), console: (development), dummy:.
_email = dj_email_url.parse(env_str("EMAIL_URL", "console:"))
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured("EMAIL_URL must start with submission://, smtps://, smtp://, console: or dummy:.")
_mailer_options: dict[str, object] = {}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _mailer_options = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email["EMAIL_USE_TLS"],
        "use_ssl": _email["EMAIL_USE_SSL"],
        "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Moments <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Background tasks
# ---------------------------------------------------------------------------

# "immediate" runs a task inside the request (development, tests);
# "database" queues it for `manage.py db_worker` (production).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# ---------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------

# "default" is shared by every process serving the site: gunicorn runs several
# workers, and the public pages' rate limit must count one address across all
# of them (a per-process cache would give each worker a limit of its own).
# Redis when REDIS_URL is set; otherwise a table in the database, created by
# `migrate` (surveys' migration runs createcachetable) and by the Makefile.
# Nothing in Moments needs a per-process cache, so there is no other alias.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            # Django's database cache with an increment that cannot lose a count (config/cache.py).
            "BACKEND": "config.cache.DatabaseCache",
            "LOCATION": "moments_cache",
            # Django culls live entries once a table holds more than this, and
            # counts the rows on every write. The rate limit keeps about two
            # entries per address and link for ten minutes: 20,000 holds ten
            # thousand survey visits per window and stays cheap to count. A
            # site busier than that sets REDIS_URL.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------

# Every script and style comes from our own origin (vendored files); no
# inline script anywhere, so a strict policy costs nothing and blocks XSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# An expired form or blocked cookies: explained in the layout, with a way back.
CSRF_FAILURE_VIEW = "moments.views.errors.csrf_failure"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------------------
# Audit trail
# ---------------------------------------------------------------------------

# django-auditlog rather than django-simple-history: it keeps one table of
# changes, each the changed fields' old and new values, which is what the
# history pages show, where simple-history copies every row into a shadow
# table per model and works the differences out when read; the shadow tables
# would need a migration alongside every change to these models. A change
# costs one INSERT (and one SELECT of the row before, for an edit).
# Rollup rows are derived from contacts and are not audited; neither are
# bulk writes (bulk_create, QuerySet.update), which send no signals: the demo
# seeder and the benchmark load data that way, unrecorded. A service that
# changes a row by UPDATE records it itself (audit.services).

# Each audited model: the columns left out and the many-to-many fields
# recorded (audit.apps registers them with auditlog).
_AUDIT_NOISE = ["id", "created_at"]
AUDIT_TRAIL_MODELS = {
    "accounts.department": {"exclude": _AUDIT_NOISE},
    "accounts.user": {
        # Never the password hash; the last login changes at every login and says nothing.
        "exclude": ["id", "password", "last_login", "date_joined"],
        "m2m": ["managed_departments", "groups", "user_permissions"],
    },
    "moments.channel": {"exclude": _AUDIT_NOISE},
    "moments.contactpoint": {"exclude": _AUDIT_NOISE},
    # The entry's own time and actor say when and by whom it was logged.
    "moments.contact": {"exclude": ["id", "logged_at", "updated_at"]},
}
# Values keep their JSON types (a number, true/false, null), not their text.
AUDITLOG_STORE_JSON_CHANGES = True
# Fixtures loaded with loaddata are not anyone's change.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# auditlog would take the address from X-Forwarded-For whatever sent it,
# which any client can forge; an audit trail records nothing it cannot trust.
AUDITLOG_DISABLE_REMOTE_ADDR = True

# ---------------------------------------------------------------------------
# Forms and UI
# ---------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Messages ride in a signed cookie (the session only when they outgrow it), so
# "Contact logged" costs no session write on the POST and none on the next page.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------------------
# Product settings
# ---------------------------------------------------------------------------

# A representative may correct the outcome and notes of their own contact
# for this long after logging it; after that the record stands.
CONTACT_EDIT_WINDOW_HOURS = env_int("CONTACT_EDIT_WINDOW_HOURS", 24, minimum=0)

# Customer survey links: how long a link works, how long a customer is left
# alone after being asked, whether one reminder goes out (0 hours = never),
# and how often a failing invitation e-mail is tried before it is given up.
SURVEY_LINK_LIFETIME_DAYS = env_int("SURVEY_LINK_LIFETIME_DAYS", 7, minimum=1)
SURVEY_FATIGUE_DAYS = env_int("SURVEY_FATIGUE_DAYS", 7, minimum=0)
SURVEY_REMINDER_AFTER_HOURS = env_int("SURVEY_REMINDER_AFTER_HOURS", 0, minimum=0)
SURVEY_SEND_MAX_ATTEMPTS = env_int("SURVEY_SEND_MAX_ATTEMPTS", 3, minimum=1)
# Requests per window (seconds) per client address on the public survey pages.
SURVEY_RATE_LIMIT = (
    env_int("SURVEY_RATE_LIMIT_REQUESTS", 30, minimum=1),
    env_int("SURVEY_RATE_LIMIT_WINDOW_SECONDS", 600, minimum=1),
)
# Behind a reverse proxy every request comes from the proxy's address; name the
# header it sets (e.g. X-Forwarded-For) so rate limits apply per customer.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "")
# Dashboards: a share or an average from fewer observations than this is shown
# greyed ("n = 7, too few to compare") and left out of every ranking.
INSIGHTS_MIN_SAMPLE = env_int("INSIGHTS_MIN_SAMPLE", 10, minimum=1)
