"""CLP Desk settings: everything comes from the environment (see .env.example)."""

import datetime
import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab

from clp.config import Config, ConfigError

BASE_DIR = Path(__file__).resolve().parent.parent

_env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
config = Config(_env)

DEBUG = config.bool("DEBUG", False)
# HTTPS: secure cookies, HSTS and the redirect to https. On by default outside DEBUG.
HTTPS = config.bool("HTTPS", not DEBUG)

if DEBUG:
    SECRET_KEY = config.str("SECRET_KEY", "django-insecure-development-only-key-not-for-production")
else:
    SECRET_KEY = config.str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ConfigError("SECRET_KEY", "must be a long random string (50 characters or more)")

ALLOWED_HOSTS = config.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else None)
if ALLOWED_HOSTS is None:
    raise ConfigError("ALLOWED_HOSTS", "is not set (a comma-separated list of host names)")
if "*" in ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS", "must list the real host names, not '*'")

SITE_URL = config.url("SITE_URL", "http://127.0.0.1:8000", ["http", "https"]).rstrip("/")
CSRF_TRUSTED_ORIGINS = config.list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "clp.accounts",
    "clp.dashboard",
    "clp.notifications",
    "branches",
    "officers",
    "meetings",
    "finance",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First: forwarded headers count only from the proxy's own addresses (TRUSTED_PROXIES).
    "clp.core.proxy.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clp.accounts.middleware.LoginRequiredMiddleware",  # Django's, htmx-aware
    "django_otp.middleware.OTPMiddleware",
    "clp.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body larger than REQUEST_MAX_BYTES is refused before any view reads it (its answer
    # still carries the headers above).
    "clp.core.limits.RequestSizeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clp.urls"
WSGI_APPLICATION = "clp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clp.dashboard.context_processors.navigation",
                "clp.notifications.context_processors.unread_count",
            ],
            # {% load once %}{% once_token %}: one-time create forms (clp.core.once).
            "libraries": {"once": "clp.core.once", "links": "clp.core.links"},
        },
    },
]

DATABASES = {"default": config.db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = config.int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The donations' indexes carry the id as a non-key column (finance/0007) so that PostgreSQL
# finds the donations still to check from the index alone; SQLite, the demo's database, builds
# the same indexes without it, which is all Django's warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
# Who may do what: one module decides (named permissions from the posts held today);
# clp.core.access asks it through this setting, so that every layer can.
ACCESS_PROVIDER = "officers.access.access_for"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password check
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(config.str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (meeting papers, imports) live outside the static root and are served only
# through views that check permission; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(config.str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Request bodies: the whole body (files included) may be at most REQUEST_MAX_MB, checked
# from Content-Length before it is read (clp.core.limits); the form fields alone at most
# DATA_UPLOAD_MAX_MEMORY_SIZE, at most this many fields and files. Each upload is then
# checked against its own, smaller limit (clp.core.uploads.check_upload).
REQUEST_MAX_BYTES = config.int("REQUEST_MAX_MB", 25) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

_email = config.email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
):
    if _key in _email:
        globals()[_key] = _email[_key]
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = config.str("DEFAULT_FROM_EMAIL", "CLP Desk <clp-desk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no REDIS_URL, tasks run eagerly in-process so the product works without a broker.
REDIS_URL = config.url("REDIS_URL", "", ["redis", "rediss"])
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The cache keeps the rate-limit counters: in Redis when there is one, so that every gunicorn
# worker counts together; without Redis (the single-process demo), in the process's memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "clp"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
# Reliability (clp.notifications): a publish that cannot reach Redis fails within about a
# second instead of hanging a request; the outbox row stays and the sweep sends it later.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_DEFAULT_QUEUE = config.str("CELERY_QUEUE", "clp")
CELERY_BEAT_SCHEDULE = {
    # Each app's periodic work; the tasks live in that app's tasks.py.
    "notifications-sweep": {
        "task": "clp.notifications.tasks.sweep",
        "schedule": float(config.int("NOTIFICATIONS_SWEEP_SECONDS", 120)),
    },
    "notifications-digest": {"task": "clp.notifications.tasks.send_digests", "schedule": 900.0},
    "officers-daily": {"task": "officers.tasks.daily_checks", "schedule": crontab(hour=7, minute=0)},
    "meetings-daily": {"task": "meetings.tasks.daily_reminders", "schedule": crontab(hour=7, minute=10)},
    "meetings-weekly-overdue": {
        "task": "meetings.tasks.weekly_overdue_digest",
        "schedule": crontab(hour=7, minute=20, day_of_week="mon"),
    },
    "finance-daily": {"task": "finance.tasks.daily_deadlines", "schedule": crontab(hour=7, minute=30)},
    "officers-retention": {
        "task": "officers.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=0),
    },
}

# Every input is bounded where it enters (clp.core.bounds): dates between these years, in
# forms and query parameters alike.
INPUT_YEAR_MIN = config.int("INPUT_YEAR_MIN", 1900)
INPUT_YEAR_MAX = config.int("INPUT_YEAR_MAX", 2100)
if not 1 <= INPUT_YEAR_MIN < INPUT_YEAR_MAX <= 9000:
    raise ConfigError("INPUT_YEAR_MIN", "must be a year before INPUT_YEAR_MAX (both between 1 and 9000)")
# One-time form tokens (clp.core.once): how long a sent form is remembered, and how long a
# second sending waits for the first to finish.
ONCE_TOKEN_SECONDS = 60 * 60 * 24
ONCE_SAME_CONTENT_SECONDS = 120
ONCE_WAIT_SECONDS = 5

# Brute-force protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# email address from one IP address, that pair is locked out for AXES_COOLOFF_MINUTES, so a
# stranger elsewhere cannot lock an officer out. The address is the client's as django-ipware
# reads it (as django-axes documents): behind a proxy, the last address in X-Forwarded-For,
# the one the proxy itself added; the header is there only when the proxy sent it
# (clp.core.proxy drops it from anyone else).
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_IPWARE_PROXY_COUNT = 0
IPWARE_STRICT = False  # a client's own X-Forwarded-For before the proxy's entry is ignored
AXES_FAILURE_LIMIT = config.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=config.int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "clp.accounts.security.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Rate limits (django-ratelimit) on what a password cannot protect: asking for a password
# reset email (per client address and per email address) and entering two-factor codes
# (per account, whatever address they come from). "N/m" is N per minute, "/h" per hour.
RATELIMIT_IP_META_KEY = "clp.accounts.security.client_ip"
RATELIMIT_PASSWORD_RESET = config.str("RATELIMIT_PASSWORD_RESET", "5/h")
RATELIMIT_TWO_FACTOR = config.str("RATELIMIT_TWO_FACTOR", "10/15m")

# Two-factor authentication (django-otp): required for anyone whose posts let them see
# members' personal data or hold money (officers.access.Access.needs_two_factor).
OTP_TOTP_ISSUER = "CLP Desk"
OTP_TOTP_THROTTLE_FACTOR = 1

# Personal data: contact details of people who lapsed or resigned more than this many days
# ago are removed by officers.tasks.apply_retention (nightly).
RETENTION_DAYS = config.int("RETENTION_DAYS", 730)

# The outbox (clp.notifications): a sweep hands over at most BATCH_SIZE x MAX_BATCHES rows a
# run; a row handed to a broker that lost it, or claimed by a worker that died, goes back
# after these timeouts (longer than a task's hard time limit).
NOTIFICATIONS_BATCH_SIZE = config.int("NOTIFICATIONS_BATCH_SIZE", 100)
NOTIFICATIONS_SWEEP_MAX_BATCHES = config.int("NOTIFICATIONS_SWEEP_MAX_BATCHES", 100)
NOTIFICATIONS_QUEUED_TIMEOUT = datetime.timedelta(minutes=10)
NOTIFICATIONS_SENDING_TIMEOUT = datetime.timedelta(minutes=15)
# Who holds a post on a day, and who receives a vacant post's copy: officers' answer to the
# engine, which knows nothing of posts (see clp/notifications/recipients.py).
NOTIFICATIONS_RECIPIENT_RESOLVER = "officers.recipients.recipients_for"
# The development plan's automatic targets are counted by the top layer, which sees the
# membership reports, the ledger and the diary (officers.plan asks through this).
PLAN_MEASURES_PROVIDER = "clp.dashboard.plan_measures.achieved"
# A new officer's welcome (officers.elections) names the open actions of their post and the next
# meetings: meetings sits above officers, so it hands that answer down.
OFFICERS_WELCOME_EXTRAS = "meetings.welcome.welcome_extras"
# Quiet hours (Europe/London) for people who have not chosen their own: "HH:MM-HH:MM", or "off".
_quiet = config.str("NOTIFICATIONS_QUIET_HOURS", "23:00-06:00").strip().lower()
try:
    NOTIFICATIONS_QUIET_HOURS = (
        (datetime.time(0), datetime.time(0))
        if _quiet == "off"
        else tuple(datetime.time.fromisoformat(part.strip()) for part in _quiet.split("-", 1))
    )
    if len(NOTIFICATIONS_QUIET_HOURS) != 2:
        raise ValueError
except ValueError:
    raise ConfigError("NOTIFICATIONS_QUIET_HOURS", "must look like 23:00-06:00, or be off") from None

SESSION_COOKIE_AGE = config.int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy that terminates TLS: X-Forwarded-Proto and X-Forwarded-For are
# believed only on connections from TRUSTED_PROXIES (addresses or networks), and dropped from
# every other (clp.core.proxy); gunicorn trusts the same addresses (gunicorn.conf.py).
BEHIND_PROXY = config.bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = config.list("TRUSTED_PROXIES", []) if BEHIND_PROXY else []
if BEHIND_PROXY and not TRUSTED_PROXIES:
    raise ConfigError("TRUSTED_PROXIES", "is not set: with BEHIND_PROXY, list the proxy's addresses")
try:
    _proxy_networks = [ipaddress.ip_network(a, strict=False) for a in TRUSTED_PROXIES]
except ValueError:
    raise ConfigError("TRUSTED_PROXIES", "must be IP addresses or networks (10.0.0.2, 10.0.0.0/8)") from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config.str("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

CLP_NAME = config.str("CLP_NAME", "Demo Constituency Labour Party")

# Finance: the CLP's quarterly donation and loan report is due to head office this many days
# after the quarter ends (head office reports to the Electoral Commission within 30 days).
FINANCE_REPORT_DUE_DAYS = config.int("FINANCE_REPORT_DUE_DAYS", 14)
