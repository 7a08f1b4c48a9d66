"""Settings from the environment, with embedded defaults that run on one machine with SQLite."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = SRC_DIR.parents[1]


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no switch so that '0', 'false' and 'no' all mean off."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


DATA_DIR = Path(os.environ.get("HAMDEL_DATA_DIR", "./var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Generate the key once into the data directory so sessions survive restarts."""
    if key := os.environ.get("HAMDEL_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("HAMDEL_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("HAMDEL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HAMDEL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "hamdel.web.admin_site.HamdelAdminConfig",  # django.contrib.admin, in the Jalali calendar
    "django.contrib.auth",
    "axes",  # login throttling and lockout
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger UI from its own static files, not a CDN
    "django_tasks_db",
    "hamdel.core",
    "hamdel.accounts",
    "hamdel.customers",
    "hamdel.conversations",
    "hamdel.connectors",
    "hamdel.feedback",
    "hamdel.policies",
    "hamdel.coach",
    "hamdel.automation",
    "hamdel.knowledge",
    "hamdel.bot",
    "hamdel.insights",
    "hamdel.insights.problems",
    "hamdel.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hamdel.core.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hamdel.web.middleware.ServiceErrorPages",
    "hamdel.core.audit.AuditContextMiddleware",  # the IP in audit entries
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: turns a lockout into our page
]

ROOT_URLCONF = "hamdel.config.urls"
ASGI_APPLICATION = "hamdel.config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "web" / "templates"],  # web/templates/admin/ overrides the admin's
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": [
                "hamdel.core.templatetags.hamdel",
                "hamdel.conversations.templatetags.conversation_tags",
            ],
        },
    }
]

# Database: SQLite in WAL mode inside the data directory unless HAMDEL_DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("HAMDEL_DATABASE_URL", f"sqlite:///{DATA_DIR / 'hamdel.sqlite3'}")
# Persistent connections (issue 11): a request reuses its thread's connection instead of opening one
# (on SQLite: a file open and four PRAGMAs per request). HAMDEL_DB_POOL=1 on PostgreSQL uses Django's
# native connection pool instead (needs psycopg[pool]; CONN_MAX_AGE must then be 0).
CONN_MAX_AGE = int(os.environ.get("HAMDEL_CONN_MAX_AGE", "300"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Browser tests run a server thread beside the test runner: a file (not :memory:) shares cleanly.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif _env_bool("HAMDEL_DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("HAMDEL_DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("HAMDEL_DB_POOL_MAX", "8")),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("HAMDEL_REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # One process (`hamdel serve` runs the worker as a thread), so in-memory layers reach every socket.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HAMDEL_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "live": notifications to browsers, run where the sockets are (`hamdel serve`, config/asgi.py).
        "QUEUES": ["default", "live"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before any password check
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after HAMDEL_LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked for HAMDEL_LOGIN_LOCKOUT_MINUTES. Not by username alone, so that nobody can
# lock a colleague out from elsewhere; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("HAMDEL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("HAMDEL_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hamdel.accounts.views.login_locked_out"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "conversations:inbox"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/vazirmatn", NODE_MODULES / "vazirmatn" / "fonts" / "webfonts"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Attachments live in the data directory, which no route serves: staff open them through a view that checks
# the role, a customer through a signed link valid HAMDEL_ATTACHMENT_LINK_SECONDS (docs/privacy.md).
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
HAMDEL_ATTACHMENT_LINK_SECONDS = int(os.environ.get("HAMDEL_ATTACHMENT_LINK_SECONDS", str(7 * 24 * 3600)))
# Inbound bodies (API, webhooks) up to HAMDEL_MAX_BODY_BYTES are processed; a larger one up to
# HAMDEL_MAX_ENVELOPE_BYTES is refused with 413 but still kept as a failed envelope, so nothing is lost.
HAMDEL_MAX_BODY_BYTES = int(os.environ.get("HAMDEL_MAX_BODY_BYTES", str(32 * 1024 * 1024)))
# Group commit (issue 11, connectors/group.py): concurrent POST /api/v1/inbound calls in one web process are
# stored together, up to HAMDEL_GROUP_COMMIT_MAX per transaction; each is answered after its commit.
# HAMDEL_INGEST_THREADS request threads per process feed it (each may hold a database connection).
HAMDEL_GROUP_COMMIT = _env_bool("HAMDEL_GROUP_COMMIT", True)
HAMDEL_GROUP_COMMIT_MAX = int(os.environ.get("HAMDEL_GROUP_COMMIT_MAX", "64"))
# Under load only (the previous group held more than one call): wait this long for each further call.
HAMDEL_GROUP_COMMIT_WAIT_MS = float(os.environ.get("HAMDEL_GROUP_COMMIT_WAIT_MS", "2"))
HAMDEL_INGEST_THREADS = int(os.environ.get("HAMDEL_INGEST_THREADS", "16"))
# The lean inbound front (config/front.py) answers the common POST /api/v1/inbound without Django's request
# cycle; it remembers an accepted API key for HAMDEL_API_KEY_CACHE_SECONDS (a revoked key works at most
# that long there; 0 = check every call). HAMDEL_INBOUND_FRONT=0 sends every call through Django.
HAMDEL_INBOUND_FRONT = _env_bool("HAMDEL_INBOUND_FRONT", True)
HAMDEL_API_KEY_CACHE_SECONDS = float(os.environ.get("HAMDEL_API_KEY_CACHE_SECONDS", "10"))
# A worker draining a backlog runs up to HAMDEL_DISPATCH_BATCH queued events of one kind at once
# (core/drain.py); 1 = one event per task.
HAMDEL_DISPATCH_BATCH = int(os.environ.get("HAMDEL_DISPATCH_BATCH", "64"))
HAMDEL_MAX_ENVELOPE_BYTES = int(os.environ.get("HAMDEL_MAX_ENVELOPE_BYTES", str(64 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = HAMDEL_MAX_ENVELOPE_BYTES

# Attachments: size and types an agent or a channel may attach.
HAMDEL_MAX_ATTACHMENT_BYTES = int(os.environ.get("HAMDEL_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))
HAMDEL_ALLOWED_ATTACHMENT_TYPES = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "audio/ogg",
    "audio/mpeg",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]

# Outgoing e-mail over SMTP.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("HAMDEL_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("HAMDEL_SMTP_PORT", "25")),
            "username": os.environ.get("HAMDEL_SMTP_USER", ""),
            "password": os.environ.get("HAMDEL_SMTP_PASSWORD", ""),
            "use_tls": _env_bool("HAMDEL_SMTP_STARTTLS", False),
            "use_ssl": _env_bool("HAMDEL_SMTP_SSL", False),
            "timeout": 20,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("HAMDEL_SMTP_FROM", "support@localhost")

# The generic API channel can post agent replies to an integrator's endpoint, signed with HMAC.
HAMDEL_GENERIC_WEBHOOK_URL = os.environ.get("HAMDEL_GENERIC_WEBHOOK_URL", "")
HAMDEL_GENERIC_WEBHOOK_SECRET = os.environ.get("HAMDEL_GENERIC_WEBHOOK_SECRET", "")
HAMDEL_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("HAMDEL_DELIVERY_MAX_ATTEMPTS", "6"))
# The withdrawal right of a distance sale: the company's window in calendar days, never shorter than the
# legal minimum in working days on the business calendar (Iran's E-Commerce Law, Art. 37).
HAMDEL_WITHDRAWAL_DAYS = int(os.environ.get("HAMDEL_WITHDRAWAL_DAYS", "14"))
HAMDEL_WITHDRAWAL_MIN_WORKING_DAYS = int(os.environ.get("HAMDEL_WITHDRAWAL_MIN_WORKING_DAYS", "7"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
HAMDEL_HTTPS = _env_bool("HAMDEL_HTTPS", False)
if HAMDEL_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS: browsers refuse plain HTTP to this host for a year (0 turns it off while trying HTTPS out).
    SECURE_HSTS_SECONDS = int(os.environ.get("HAMDEL_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("HAMDEL_HSTS_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = False
# Content-Security-Policy (Django's own): scripts only from our own static files, never inline, so an
# injected <script> or onclick="…" does not run. Inline style attributes are still allowed (templates
# use a few). The chat widget script is served from here and runs on the customer's site under theirs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HAMDEL_LOG_LEVEL", "WARNING")},
    "loggers": {"hamdel": {"level": os.environ.get("HAMDEL_LOG_LEVEL", "INFO")}},
}

# --- channels (issue 4) ---
# E-mail in: an SMTP (or LMTP) receiver inside `hamdel serve` when HAMDEL_SMTP_LISTEN=host:port is set,
# and IMAP polling of every configured mailbox by the worker every HAMDEL_IMAP_POLL_SECONDS (0 = off).
HAMDEL_SMTP_LISTEN = os.environ.get("HAMDEL_SMTP_LISTEN", "")
HAMDEL_SMTP_LMTP = _env_bool("HAMDEL_SMTP_LMTP", False)
HAMDEL_IMAP_POLL_SECONDS = float(os.environ.get("HAMDEL_IMAP_POLL_SECONDS", "60"))

# Crash recovery (core/recovery.py): a worker beats every lease/4; a RUNNING task whose worker missed a lease
# is run again, and every HAMDEL_RECOVERY_SECONDS each worker re-queues work a crash left behind.
HAMDEL_TASK_LEASE_SECONDS = float(os.environ.get("HAMDEL_TASK_LEASE_SECONDS", "60"))
HAMDEL_RECOVERY_SECONDS = float(os.environ.get("HAMDEL_RECOVERY_SECONDS", "60"))
HAMDEL_RECOVERY_WINDOW_DAYS = int(os.environ.get("HAMDEL_RECOVERY_WINDOW_DAYS", "7"))
# The public address of this site, used in webhook URLs, the chat snippet and web-form tracking links.
HAMDEL_PUBLIC_URL = os.environ.get("HAMDEL_PUBLIC_URL", "").rstrip("/")
# Public endpoints (web form, chat) allow this many submissions per client address per hour.
HAMDEL_PUBLIC_RATE_PER_HOUR = int(os.environ.get("HAMDEL_PUBLIC_RATE_PER_HOUR", "20"))

# --- feedback (issue 5) ---
# Survey links and QR codes use HAMDEL_PUBLIC_URL (above); conversations with one of these tags never get
# a satisfaction survey.
HAMDEL_FEEDBACK_SKIP_TAGS = [
    t.strip() for t in os.environ.get("HAMDEL_FEEDBACK_SKIP_TAGS", "spam,هرزنامه").split(",") if t.strip()
]
# The tag a missed call puts on its conversation, so the team sees whom to call back.
HAMDEL_CALLBACK_TAG = os.environ.get("HAMDEL_CALLBACK_TAG", "تماس-برگشتی")

# Money is stored in whole rials; shown (and typed into forms) in rials or toman, as the company prefers.
HAMDEL_CURRENCY_DISPLAY = os.environ.get("HAMDEL_CURRENCY_DISPLAY", "rial")

# --- webhooks (issue 16) ---
# On-premise installations whose receivers live on the same network may allow private/loopback addresses.
HAMDEL_WEBHOOKS_ALLOW_PRIVATE = os.environ.get("HAMDEL_WEBHOOKS_ALLOW_PRIVATE", "") in ("1", "true", "yes")
HAMDEL_WEBHOOKS_TIMEOUT = float(os.environ.get("HAMDEL_WEBHOOKS_TIMEOUT", "10"))  # seconds per attempt
HAMDEL_WEBHOOKS_MAX_ATTEMPTS = int(
    os.environ.get("HAMDEL_WEBHOOKS_MAX_ATTEMPTS", "8")
)  # ~ 1.5 days of backoff
HAMDEL_WEBHOOKS_DISABLE_AFTER = int(
    os.environ.get("HAMDEL_WEBHOOKS_DISABLE_AFTER", "5")
)  # given-up deliveries in a row
# Days the delivery log is kept; older delivered or given-up deliveries are deleted every hour.
HAMDEL_WEBHOOKS_KEEP_DAYS = int(os.environ.get("HAMDEL_WEBHOOKS_KEEP_DAYS", "30"))

# Insights: the time zones rollups are kept in (the first is the one pages and the API report in).
HAMDEL_INSIGHTS_TIMEZONES = [
    z.strip() for z in os.environ.get("HAMDEL_INSIGHTS_TIMEZONES", "Asia/Tehran").split(",") if z.strip()
]
