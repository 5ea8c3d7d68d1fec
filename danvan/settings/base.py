"""Settings shared by every environment. Values that differ come from environment variables."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from danvan.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is convenient for developers; production passes real environment variables.
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-only-for-local-use")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates for the project's form renderer (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "treebeard",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# The project's own apps.
PROJECT_APPS = [
    "units",
    "accounts",
    "campaigns",
    "models_registry",
    "reports",
    "notifications",
    "steering",
    "reminders",
    "awards",
    "support",
    "operations",
    "audit",
    "exports",
    # Last: the project's own commands (seed_demo, which calls every app's demo in order).
    "danvan",
]
INSTALLED_APPS += PROJECT_APPS

MIDDLEWARE = [
    # First: probes skip redirects, host checks, sessions, CSRF, locale and the request log.
    "danvan.health.HealthCheckMiddleware",
    # Then the request id and one log line per request, around everything else.
    "danvan.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (which serves its own pre-compressed static files), before everything
    # that writes the response body, so pages and HTMX fragments leave gzipped.
    "danvan.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the user chose English with the switcher (never the browser's header).
    "danvan.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, its device lookup cached (danvan.page_cache).
    "accounts.middleware.CachedOTPMiddleware",
    "accounts.middleware.AccountSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: history rows written during a request record its user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "operations.middleware.StoredFileMissingMiddleware",
    # After the second-factor and session checks and the messages: pages served from the cache.
    "danvan.page_cache.PageCacheMiddleware",
    # Last, as django-axes asks: it turns a lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    # First: django-axes refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.auth_backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CampaignWordsValidator"},
]

# Accounts and sessions (accounts/, docs/security.md). Login lockout by django-axes: after
# DANVAN_LOGIN_FAILURE_LIMIT failures for one account, or from one address, that account or
# address is refused for DANVAN_LOGIN_COOLOFF_MINUTES (each failure meanwhile restarts the wait).
AXES_FAILURE_LIMIT = env.int("DANVAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DANVAN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_login"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Behind a reverse proxy that appends to X-Forwarded-For, how many such proxies to trust; 0 =
# the direct peer's address (otherwise one locked address would be the proxy: everybody).
DANVAN_TRUSTED_PROXIES = env.int("DANVAN_TRUSTED_PROXIES", default=0)
AXES_VERBOSE = False  # our own danvan.security logger records failures and lockouts
# Password reset: e-mails per address and per e-mail address within the window.
DANVAN_RESET_LIMIT_PER_ADDRESS = env.int("DANVAN_RESET_LIMIT_PER_ADDRESS", default=5)
DANVAN_RESET_LIMIT_PER_EMAIL = env.int("DANVAN_RESET_LIMIT_PER_EMAIL", default=3)
DANVAN_RESET_WINDOW_MINUTES = env.int("DANVAN_RESET_WINDOW_MINUTES", default=60)
# Sessions: staff (second-factor accounts) are logged out after this many idle minutes, members
# after DANVAN_MEMBER_IDLE_TIMEOUT_MINUTES; nobody stays logged in longer than
# DANVAN_SESSION_MAX_AGE_HOURS after logging in.
DANVAN_STAFF_IDLE_TIMEOUT_MINUTES = env.int("DANVAN_STAFF_IDLE_TIMEOUT_MINUTES", default=30)
DANVAN_MEMBER_IDLE_TIMEOUT_MINUTES = env.int("DANVAN_MEMBER_IDLE_TIMEOUT_MINUTES", default=240)
# How stale the session's last-seen stamp may get before a request rewrites it (a session write).
DANVAN_SESSION_SEEN_RESOLUTION_SECONDS = 60
DANVAN_SESSION_MAX_AGE_HOURS = env.int("DANVAN_SESSION_MAX_AGE_HOURS", default=12)
SESSION_COOKIE_AGE = DANVAN_SESSION_MAX_AGE_HOURS * 3600
# Second factor (django-otp TOTP): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Dân vận khéo"

# Vietnamese first; English through the language switcher.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served from a public URL: views check access and stream them.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
DANVAN_MAX_UPLOAD_BYTES = env.int("DANVAN_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Behind nginx: downloads answer "X-Accel-Redirect: <prefix><stored name>" once access is checked
# and nginx sends the file from its internal location (deploy/nginx/danvan.conf). Empty: Django
# streams the file itself (development, tests).
DANVAN_X_ACCEL_REDIRECT_PREFIX = env("DANVAN_X_ACCEL_REDIRECT_PREFIX", default="")

# The default storage records each file's SHA-256 and size as it writes it (operations.storage).
STORAGES = {
    "default": {"BACKEND": "operations.storage.HashingFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Audit trail (django-simple-history): a history row per create, change and delete of domain
# data. Reverting from the admin would bypass the services' rules and workflows, so it is off.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Content-Security-Policy (django-csp): only our own files, no inline script or style, no plugins,
# no framing. Templates carry no inline handler, <script> body, <style> or style= attribute
# (tests/danvan/test_csp.py scans them); behaviour lives in static/js/danvan.js. data: images are
# Bootstrap's SVG icons in its CSS (select arrows, check marks) and the empty favicon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Rendered pages kept per person in the cache until a write to domain data (danvan.page_cache).
# Needs a cache shared by every web and Celery process (Redis: production settings); with the
# per-process memory cache of development a write in one process would not reach the others.
DANVAN_PAGE_CACHE = env.bool("DANVAN_PAGE_CACHE", default=False)
DANVAN_PAGE_CACHE_SECONDS = env.int("DANVAN_PAGE_CACHE_SECONDS", default=300)
# Apps whose tables' writes make cached pages out of date: every app of the project, and:
DANVAN_PAGE_CACHE_APPS = [
    *PROJECT_APPS,
    # Group permissions (``perms`` in templates) and the second-factor devices (the device a
    # session was verified with is cached too).
    "auth",
    "otp_totp",
    "otp_static",
]
# Tables written all the time by workers and shown on no cached page (only on the notifications
# list and the summary-PDF page): an e-mail delivered or a render's heartbeat would otherwise
# make every stored page obsolete. A page listed below that shows them must drop them from here.
DANVAN_PAGE_CACHE_IGNORED_TABLES = [
    "notifications_emailoutbox",
    "reports_renderjob",
    "exports_exportjob",  # progress and heartbeats; the waiting page is not cached
]
# Models whose saved rows are placed in the unit tree by their unit (``scope_unit_lookup``), with
# their history: a save bumps only the counters of that unit's blocs and ancestors. Only models
# that cached pages read within the reader's scope (or above it, ``reaching``), never across
# blocs. Every other write, and update()/bulk/raw writes of these, drops every bloc's pages.
DANVAN_PAGE_CACHE_TREE_MODELS = [
    "units.Unit",
    "units.Membership",
    "models_registry.Registration",
    "models_registry.Target",
    "models_registry.Partner",
    "models_registry.RegistrationEvent",
    "models_registry.ProgressUpdate",
    "models_registry.Attachment",
    "models_registry.Comment",
    "models_registry.Score",
    "reports.PeriodicReport",
    "reports.PeriodicReportEvent:report__unit",  # "model:lookup" where it has no scoped queryset
    "steering.FoundingDecision",
    "steering.WorkingRegulation",
]
# Cached views that show the whole country to everyone (stored under the counter every write
# moves, not under the reader's blocs').
DANVAN_PAGE_CACHE_WIDE_VIEWS = {"models_registry:library"}
# Views (URL names) whose pages are cached: the pages read most, none with per-request state.
DANVAN_PAGE_CACHE_VIEWS = {
    "home",
    "models_registry:mine",
    "models_registry:queue",
    "models_registry:not_registered",
    "models_registry:library",
    "reports:index",
    "reports:board",
    "steering:home",
    "steering:board",
}

# One way to render a form field (issue 13.5): {{ form.x.as_field_group }} / {{ form }} through
# templates/forms/ (danvan.renderers); crispy-forms stays installed but no template renders with it.
FORM_RENDERER = "danvan.renderers.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Ban Chỉ đạo Dân vận khéo <noreply@danvan.local>"
)
SITE_BASE_URL = env("DANVAN_SITE_BASE_URL", default="http://127.0.0.1:8000")

# Celery: Redis as broker; the result backend is unused (tasks write their results to the DB).
CELERY_BROKER_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged after it ran, and put back if its worker process dies; prefetch 1 so a
# long batch never holds other messages hostage. Tasks are idempotent (outbox row claims).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request must fail fast when Redis is down: the outbox row is already
# committed and beat's sweep delivers it later. No publish retries, short socket timeouts, one
# connection attempt (kombu reads max_retries/interval_* from here for the producer connection).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": 3600,
}
# Worker side: reconnect quickly after a broker outage.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Tasks that retry (database hiccups) use exponential backoff with jitter, declared on the task
# (autoretry_for, retry_backoff, retry_jitter); outbox e-mails retry through their own rows.
CELERY_TASK_DEFAULT_RETRY_DELAY = 30

# Two queues so a long PDF render never delays an e-mail: "light" (notifications, reminders,
# the sweeps; the default) and "heavy" (renders and exports, on workers that recycle their
# processes and cap their memory; see docker-compose.yml). Workers name them with -Q.
DANVAN_QUEUE_LIGHT = "light"
DANVAN_QUEUE_HEAVY = "heavy"
DANVAN_QUEUES = (DANVAN_QUEUE_LIGHT, DANVAN_QUEUE_HEAVY)
CELERY_TASK_DEFAULT_QUEUE = DANVAN_QUEUE_LIGHT
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_TASK_ROUTES = {
    "reports.tasks.render_summary_task": {"queue": DANVAN_QUEUE_HEAVY},
    "exports.tasks.export_task": {"queue": DANVAN_QUEUE_HEAVY},
    # Re-hashing stored files reads every byte: batches can take minutes.
    "operations.tasks.verify_files": {"queue": DANVAN_QUEUE_HEAVY},
    "operations.tasks.nightly_backup": {"queue": DANVAN_QUEUE_HEAVY},
}

# Outbox delivery (notifications.delivery): batch size, fan-out cap, retry backoff.
DANVAN_OUTBOX_BATCH_SIZE = env.int("DANVAN_OUTBOX_BATCH_SIZE", default=200)
DANVAN_OUTBOX_MAX_FANOUT = env.int("DANVAN_OUTBOX_MAX_FANOUT", default=50)
DANVAN_OUTBOX_MAX_ATTEMPTS = 6
DANVAN_OUTBOX_RETRY_BASE_SECONDS = env.int("DANVAN_OUTBOX_RETRY_BASE_SECONDS", default=60)
DANVAN_OUTBOX_LEASE_SECONDS = 900
DANVAN_BROKER_BACKOFF_SECONDS = env.int("DANVAN_BROKER_BACKOFF_SECONDS", default=20)
# A PDF render job whose worker has not stamped its heartbeat for this long is taken over.
DANVAN_RENDER_LEASE_SECONDS = env.int("DANVAN_RENDER_LEASE_SECONDS", default=180)
# Excel exports of lists: up to this many rows stream from the request; more become a job on the
# heavy queue (exports), whose file is kept this many days.
DANVAN_EXPORT_STREAM_MAX_ROWS = env.int("DANVAN_EXPORT_STREAM_MAX_ROWS", default=5000)
DANVAN_EXPORT_KEEP_DAYS = env.int("DANVAN_EXPORT_KEEP_DAYS", default=7)

# Beat: a handful of periodic tasks, each fanning out in batches (never one entry per unit).
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-daily": {
        "task": "reminders.tasks.plan_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "reminders-sweep": {
        "task": "reminders.tasks.write_unit_reminders",
        "schedule": env.float("DANVAN_REMINDERS_SWEEP_SECONDS", default=60.0),
    },
    "outbox-sweep": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": env.float("DANVAN_OUTBOX_SWEEP_SECONDS", default=60.0),
    },
    "render-jobs-sweep": {
        "task": "reports.tasks.sweep_render_jobs",
        "schedule": env.float("DANVAN_RENDER_SWEEP_SECONDS", default=60.0),
    },
    "export-jobs-sweep": {
        "task": "exports.tasks.sweep_export_jobs",
        "schedule": env.float("DANVAN_RENDER_SWEEP_SECONDS", default=60.0),
    },
    "export-jobs-purge": {
        "task": "exports.tasks.purge_export_jobs",
        "schedule": crontab(hour=4, minute=15),
    },
    # Nightly backup (operations.tasks.nightly_backup = manage.py backup --keep), before the
    # file check so both do not read every file at once.
    "backup-nightly": {
        "task": "operations.tasks.nightly_backup",
        "schedule": crontab(hour=2, minute=0),
    },
    # Nightly, after the 02:00 backup window and before the 07:00 reminders.
    "verify-files-nightly": {
        "task": "operations.tasks.verify_files",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Where the nightly backup writes its archives (empty: no nightly backup) and how many it keeps.
DANVAN_BACKUP_DIR = env("DANVAN_BACKUP_DIR", default="")
DANVAN_BACKUP_KEEP = env.int("DANVAN_BACKUP_KEEP", default=14)
# Files re-hashed per verify_files task (each batch a task of its own).
DANVAN_VERIFY_FILES_BATCH = env.int("DANVAN_VERIFY_FILES_BATCH", default=200)

# Logs on stdout with the request id (danvan.logs): readable lines here, JSON in production.
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOG_FORMAT = env("DANVAN_LOG_FORMAT", default="text")
# Logins, failures, lockouts and refused pages (accounts.security_log, fields in `extra`) are
# kept even when DJANGO_LOG_LEVEL is WARNING; django-axes' own chatter is not.
SECURITY_LOGGERS = {"danvan.security": {"level": "INFO"}, "axes": {"level": "WARNING"}}
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
LOGGING["loggers"] = SECURITY_LOGGERS
# With JSON, Celery's worker keeps Django's handler instead of installing its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# The password of every demo account (seed_demo); documented in README.
DEMO_PASSWORD = "danvan2013"  # noqa: S105
