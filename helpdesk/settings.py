"""Settings, all from the environment.

Embedded default (no DATABASE_URL, no REDIS_URL): a SQLite file, the in-memory channel layer and a
Celery broker on the local filesystem, so one machine with only Python runs the whole helpdesk.
Production (DJANGO_ENV=production): SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are required.
"""

import datetime
import warnings
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded instance's state (SQLite file, broker, task results, collected static, media).
VAR_DIR = Path(env.str("HELPDESK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-development-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
    # Off unless asked for (DJANGO_DEBUG=1): the debug pages list every URL and setting to anyone who
    # reaches the demo, and the demo should show the error pages people will really see.
    DEBUG = env.bool("DJANGO_DEBUG", default=False)

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "channels",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "accounts",
    "audit",
    "customers",
    "routing",
    "tickets",
    "sla",
    "intake",
    "casework",
    "exchange",
    "exchange.reference",
    "triage",
    "incidents",
    "assistant",
    "approvals",
    "livechat",
    "mail",
    "messaging",
    "voice",
    "knowledgebase",
    "workspace",
    "csat",
    "costs",
    "volatility",
    "reports",
    "portal",
    "macros",
    "bulk",
    "configuration",
    "notifications",
    "customfields",
    "queueviews",
    "helpdesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with the settings' policy written once (helpdesk/middleware.py).
    "helpdesk.middleware.ContentSecurityPolicyMiddleware",
    "helpdesk.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Django's, with the storage built only for a request that reads or adds a message.
    "helpdesk.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "helpdesk.middleware.AgentTimezoneMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # Partner agents work only from their teams' networks (routing/cleanroom.py).
    "routing.cleanroom.CleanRoomMiddleware",
    # Auditors reach the audit log, the approvals (read-only) and their own account, nothing else.
    "accounts.middleware.AuditorConfinementMiddleware",
    # After the audit context (their records carry the address) and django-otp's middleware above.
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"
ASGI_APPLICATION = "helpdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'helpdesk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the timeout absorbs short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL read replica for reports (docs/scaling.md): reads inside helpdesk.db_router.reporting()
# go there, every other read and every write to the primary. Unset, everything goes to the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # Never created, flushed or migrated as a database of its own: it is the primary's copy.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["helpdesk.db_router.ReplicaRouter"]
# PgBouncer in transaction mode in front of PostgreSQL (deploy/pgbouncer/pgbouncer.ini): consecutive
# transactions of one connection may run on different server connections, so nothing may outlive a
# transaction on the server. No server-side cursors (a named cursor lives until it is closed), and no
# server-side prepared statements, whatever a URL's options ask (`?prepare_threshold=5`: psycopg would
# prepare a query on one server connection and look for it on the next). Persistent connections stay:
# a connection to PgBouncer holds no server connection between transactions, and keeping it saves a
# handshake a request. Session state does not survive a transaction either: set_config(..., true) or
# SET LOCAL only (docs/scaling.md).
PGBOUNCER = env.bool("PGBOUNCER", default=False)
if PGBOUNCER:
    for _alias in DATABASES.values():
        if _alias["ENGINE"] == "django.db.backends.postgresql":
            _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
            _alias.setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# The site root sends each person to their landing page: the queues, or an auditor to the audit log.
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttle (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or from one
# address, that username and that address are refused for AXES_COOLOFF_TIME, whatever the door (the
# sign-in page, the admin's, /api/auth/token/). The right password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The address the audit log records: behind our nginx, the last X-Forwarded-For entry (set by it).
AXES_CLIENT_IP_CALLABLE = "audit.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts are kept (AccessAttempt); successful sign-ins are not logged twice.
AXES_DISABLE_ACCESS_LOG = True
# No "AXES: BEGIN" banner from every process at start-up (lockouts are still logged).
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Redis: channel layer, cache, Celery broker ---------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

# The channel layer may shard over several Redis servers (comma-separated URLs): each group and each
# channel lives on one of them, chosen by a hash of its name, so every process must list the same
# servers in the same order (docs/scaling.md). By default the one REDIS_URL.
CHANNEL_REDIS_URLS = env.list("CHANNEL_REDIS_URLS", default=[REDIS_URL] if REDIS_URL else [])

if CHANNEL_REDIS_URLS:
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis with a bounded pool that lets idle connections go (helpdesk/channel_layer.py).
            "BACKEND": "helpdesk.channel_layer.RedisChannelLayer",
            "CONFIG": {
                # A room that stays quiet must keep its connection: no socket timeout.
                "hosts": [{"address": url, "socket_timeout": None} for url in CHANNEL_REDIS_URLS],
                "max_connections": env.int("CHANNEL_REDIS_CONNECTIONS", default=32),
                "max_idle": env.int("CHANNEL_REDIS_IDLE_CONNECTIONS", default=2),
                "capacity": env.int("CHANNEL_CAPACITY", default=5000),
                "expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, keeping one Redis client per pool (helpdesk/cache.py).
            "BACKEND": "helpdesk.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # kombu's Redis transport, keeping one Redis client per channel (helpdesk/broker.py).
    CELERY_BROKER_TRANSPORT = "helpdesk.broker:RedisTransport"
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Embedded broker: messages are files in var/broker, shared by the web server and the worker.
    # A host, though the transport ignores it: without one kombu warns on every connection.
    CELERY_BROKER_URL = "filesystem://localhost//"
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Worker control messages (ping, shutdown); kombu's default is a folder in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # kombu creates none of these itself, and the first publisher may be the web server.
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "results").mkdir(exist_ok=True)
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"

# The sealing job copies the audit log's newest signed checkpoint out of the database: to the cache
# (Redis) and to this file, so `audit_verify` sees a wiped log. The embedded instance has no shared
# cache, hence a file by default; in production point it at storage the database's operators cannot
# write, or leave it empty to rely on Redis (and the log lines).
AUDIT_CHECKPOINT_FILE = env.str(
    "AUDIT_CHECKPOINT_FILE", default="" if REDIS_URL else str(VAR_DIR / "audit-checkpoint.json")
)
# Signed exports of the audit log (audit/export.py): an Ed25519 private key in PEM, its public half
# published at /audit/export-key.pem. Production requires it; the embedded instance makes one once in
# AUDIT_EXPORT_KEY_FILE. Rotation: docs/audit.md.
if PRODUCTION:
    AUDIT_EXPORT_SIGNING_KEY = env.str("AUDIT_EXPORT_SIGNING_KEY", multiline=True)
else:
    AUDIT_EXPORT_SIGNING_KEY = env.str("AUDIT_EXPORT_SIGNING_KEY", default="", multiline=True)
AUDIT_EXPORT_KEY_FILE = env.str("AUDIT_EXPORT_KEY_FILE", default=str(VAR_DIR / "audit-export-key.pem"))
# Exports taken from the page or the API hold at most this many events; the audit_export command has no cap.
AUDIT_EXPORT_MAX_EVENTS = env.int("AUDIT_EXPORT_MAX_EVENTS", default=50_000)
# The audit log pages show the last integrity check (audit_verify) for this long before running another.
AUDIT_INTEGRITY_CACHE_SECONDS = env.int("AUDIT_INTEGRITY_CACHE_SECONDS", default=600)

# Tier 0 reads every first message (language, intent, specialty, priority, risk) in the worker before
# the case is routed, and answers where admins let it (assistant.ChannelSetting).
# Two-person approval (approvals/). High risk needs an in-house member of this team among the approvers,
# and the action waits this long after the request.
APPROVALS_SECURITY_TEAM = env.str("APPROVALS_SECURITY_TEAM", default="account-security")
APPROVALS_HIGH_RISK_COOLING_OFF_HOURS = env.int("APPROVALS_HIGH_RISK_COOLING_OFF_HOURS", default=24)
# Attempts to run an approved action whose outcome was unknown (timeout, 5xx) before it shows as failed.
APPROVALS_EXECUTE_ATTEMPTS = env.int("APPROVALS_EXECUTE_ATTEMPTS", default=5)
# Staff sign in with a second factor; admins, supervisors, approvers and partner agents must.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
# WebAuthn security keys: the relying party is the helpdesk's host; the browser checks the origin.
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = env.str("OTP_WEBAUTHN_RP_NAME", default="Cryptodesk")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("OTP_WEBAUTHN_ALLOWED_ORIGINS", default=["http://localhost:8000"])
OTP_TOTP_ISSUER = OTP_WEBAUTHN_RP_NAME

ASSISTANT_ENABLED = env.bool("ASSISTANT_ENABLED", default=True)
# A message the worker has not read this long after it arrived is routed without tier 0.
ASSISTANT_GIVE_UP_SECONDS = env.int("ASSISTANT_GIVE_UP_SECONDS", default=120)
# Where the worker reads tier 0's trained model: empty for the one packaged in assistant/model/; a
# deployment that retrains with its agents' corrections (`manage.py tier0_train`) points this at the output.
ASSISTANT_MODEL_DIR = env.str("ASSISTANT_MODEL_DIR", default="")

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Results are kept only so an operator can wait on a task (`.delay().get()`); beat purges them daily.
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries here are installed into the database schedule by beat at start (django-celery-beat).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
# Ticket search's vocabulary (typo correction): the words of entries and tickets written since the last
# run (queueviews/vocabulary.py, docs/views-and-search.md).
CELERY_BEAT_SCHEDULE["queueviews-vocabulary-sweep"] = {
    "task": "queueviews.tasks.vocabulary_sweep_task",
    "schedule": 60.0,
}
# Satisfaction surveys for tickets solved since the last run, one per ticket (csat/, docs/csat.md).
CELERY_BEAT_SCHEDULE["csat-survey-sweep"] = {"task": "csat.tasks.csat_survey_sweep_task", "schedule": 300.0}
# Chats that ended since the last run become agents' work spans, once each (costs/, docs/costs.md).
CELERY_BEAT_SCHEDULE["costs-chat-work-sweep"] = {"task": "costs.tasks.chat_work_sweep_task", "schedule": 60.0}
# Notification mail: one digest per person of their unread ones (notifications/, docs/notifications.md).
CELERY_BEAT_SCHEDULE["notifications-digest"] = {
    "task": "notifications.tasks.notifications_digest_task",
    "schedule": 300.0,
}
# The reports dashboard's daily rollup: recent days' figures and the backlog at each day's end.
CELERY_BEAT_SCHEDULE["reports-rollup-refresh"] = {
    "task": "reports.tasks.reports_rollup_refresh_task",
    "schedule": 900.0,
}
# The other metrics' daily rollup (FCR, tier 0, CSAT, costs): the last 10 days each run, older days daily.
CELERY_BEAT_SCHEDULE["reports-metric-rollup-refresh"] = {
    "task": "reports.tasks.reports_metric_rollup_refresh_task",
    "schedule": 900.0,
}
# Bulk jobs whose worker died past redelivery (or whose task never reached the broker) run again.
CELERY_BEAT_SCHEDULE["bulk-jobs-stalled-sweep"] = {
    "task": "bulk.tasks.bulk_jobs_stalled_sweep_task",
    "schedule": 300.0,
}
# Messaging channels' outbox: what is due (never handed to a worker, or waiting for its next try after a
# provider outage) is sent, with backoff (messaging/, docs/channels.md).
CELERY_BEAT_SCHEDULE["messaging-outbox-sweep"] = {
    "task": "messaging.tasks.messaging_outbox_sweep_task",
    "schedule": 30.0,
}
# WhatsApp's approved templates, fetched from the Graph API for the ticket panel (never in a request).
CELERY_BEAT_SCHEDULE["whatsapp-templates-refresh"] = {
    "task": "messaging.whatsapp_templates.whatsapp_templates_refresh_task",
    "schedule": 3600.0,
}
# Phone calls: callbacks still waiting past their due time are marked overdue and people told (voice/).
CELERY_BEAT_SCHEDULE["voice-callbacks-overdue-sweep"] = {
    "task": "voice.tasks.voice_callbacks_overdue_task",
    "schedule": 60.0,
}

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt-br", _("Portuguese (Brazil)")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("nl", _("Dutch")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("hi", _("Hindi")),
    ("id", _("Indonesian")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("fil", _("Filipino")),
]
# The agent workspace's catalogues, then the customer-facing ones (docs/i18n.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_customer"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Outside production WhiteNoise serves straight from the app and project static folders, under any
# server and with DEBUG off, so nothing needs collecting first.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    # WhiteNoise also looks in STATIC_ROOT and warns on every start when it is missing.
    STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise streams files through a sync iterator, which Django under an ASGI server (the embedded
# `serve`) serves correctly but warns about on every file.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Attachments: what the ticket core accepts on any channel.
HELPDESK_ATTACHMENT_MAX_BYTES = env.int("HELPDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
HELPDESK_ATTACHMENTS_PER_ENTRY = 10
HELPDESK_ATTACHMENT_TYPES = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/json",
    "message/rfc822",
]
HELPDESK_TICKET_PREFIX = "HD"
# Solved tickets close by themselves after this many days without a customer reply.
HELPDESK_AUTOCLOSE_DAYS = env.int("HELPDESK_AUTOCLOSE_DAYS", default=4)
HELPDESK_QUEUE_PAGE_SIZE = 50

# --- Satisfaction surveys (csat/, docs/csat.md) ---------------------------------------------------
# At most one survey per customer in this many days; a ticket solved inside that time gets none.
CSAT_FATIGUE_DAYS = env.int("CSAT_FATIGUE_DAYS", default=14)
# A survey link works for this many days after it is sent.
CSAT_EXPIRY_DAYS = env.int("CSAT_EXPIRY_DAYS", default=14)
# A customer may change their answer for this many minutes (a wrong click); then it is final.
CSAT_CHANGE_MINUTES = env.int("CSAT_CHANGE_MINUTES", default=30)
# The sweep looks back this far for solved tickets without a survey; older ones are never surveyed.
CSAT_LOOKBACK_DAYS = env.int("CSAT_LOOKBACK_DAYS", default=3)

# --- Handle time and cost (costs/, docs/costs.md) ----------------------------------------------
# The one currency every hourly cost is entered and reported in (ISO 4217).
COSTS_CURRENCY = env.str("COSTS_CURRENCY", default="USD")
# An agent without keyboard, mouse or touch input this long stops earning handle time on a page.
COSTS_IDLE_MINUTES = env.int("COSTS_IDLE_MINUTES", default=5)

# --- Live chat ------------------------------------------------------------------------------------
# The exchange's backend signs its logged-in users with this secret (docs/livechat-protocol.md).
if PRODUCTION:
    LIVECHAT_IDENTITY_SECRET = env.str("LIVECHAT_IDENTITY_SECRET")
else:
    LIVECHAT_IDENTITY_SECRET = env.str(
        "LIVECHAT_IDENTITY_SECRET", default="embedded-development-livechat-secret-never-use-in-production"
    )
# Sites that embed the widget, e.g. https://www.exchange.example: CORS for the widget's HTTP calls and
# the origin check of the customer websocket.
LIVECHAT_ALLOWED_ORIGINS = env.list("LIVECHAT_ALLOWED_ORIGINS", default=[])
LIVECHAT_OFFER_SECONDS = env.int("LIVECHAT_OFFER_SECONDS", default=30)
# Without enough recent chats to learn from, how long a chat is taken to last (accepted to ended);
# the expected wait a visitor is told is built on it (docs/livechat-protocol.md).
LIVECHAT_DEFAULT_HANDLE_SECONDS = env.int("LIVECHAT_DEFAULT_HANDLE_SECONDS", default=300)
# Expected waits above this are told as "more than" it.
LIVECHAT_WAIT_CAP_SECONDS = env.int("LIVECHAT_WAIT_CAP_SECONDS", default=3600)
# Above this expected wait the widget is told agents are not available and offers to leave a message.
LIVECHAT_MAX_WAIT_SECONDS = env.int("LIVECHAT_MAX_WAIT_SECONDS", default=600)
LIVECHAT_MAX_FRAME_BYTES = 16 * 1024
# Threads per server process that run the chat consumers' database work (one connection each).
LIVECHAT_DB_THREADS = env.int("LIVECHAT_DB_THREADS", default=4)
# And threads that only read for them (welcomes, catch-ups): never held up by writes waiting for a row.
LIVECHAT_DB_READ_THREADS = env.int("LIVECHAT_DB_READ_THREADS", default=2)
LIVECHAT_RATE_PER_SECOND = env.float("LIVECHAT_RATE_PER_SECOND", default=10.0)
LIVECHAT_RATE_BURST = env.int("LIVECHAT_RATE_BURST", default=20)
# Frames a chat socket may have waiting to be worked (behind a busy row); more are refused.
LIVECHAT_FRAME_QUEUE = env.int("LIVECHAT_FRAME_QUEUE", default=50)
# How long a web request's ticket write (a reply, a note) waits for the ticket's or chat's row before
# it answers "busy, try again" (helpdesk/busy.py): a worker stuck behind a long transaction is lost.
REQUEST_LOCK_TIMEOUT_MS = env.int("REQUEST_LOCK_TIMEOUT_MS", default=3000)
# How long the consumers' database work waits for a row lock, and runs at most, before it retries.
LIVECHAT_LOCK_TIMEOUT_MS = env.int("LIVECHAT_LOCK_TIMEOUT_MS", default=2000)
LIVECHAT_STATEMENT_TIMEOUT_MS = env.int("LIVECHAT_STATEMENT_TIMEOUT_MS", default=15000)
# A widget socket that has not said hello by then is closed; one address may hold this many at once.
LIVECHAT_HELLO_TIMEOUT_SECONDS = env.float("LIVECHAT_HELLO_TIMEOUT_SECONDS", default=10.0)
LIVECHAT_UNAUTHENTICATED_PER_ADDRESS = env.int("LIVECHAT_UNAUTHENTICATED_PER_ADDRESS", default=20)
# How often an agent socket checks that its session still signs the agent in (expiry, password change).
LIVECHAT_SESSION_CHECK_SECONDS = env.float("LIVECHAT_SESSION_CHECK_SECONDS", default=60.0)
# How long a conversation token (kept by the widget) lets its visitor back in.
LIVECHAT_TOKEN_MAX_AGE_SECONDS = env.int("LIVECHAT_TOKEN_MAX_AGE_SECONDS", default=7 * 24 * 3600)
# Chats one address may start in ten minutes.
LIVECHAT_STARTS_PER_ADDRESS = env.int("LIVECHAT_STARTS_PER_ADDRESS", default=20)

# --- Service levels -------------------------------------------------------------------------------
# A warning goes out when this share of a target's business time has run (policies may override it).
SLA_WARNING_PERCENT = env.int("SLA_WARNING_PERCENT", default=80)
# A case still unresolved this many days after it was opened moves to the executive tier, once.
SLA_EXECUTIVE_ESCALATION_DAYS = env.int("SLA_EXECUTIVE_ESCALATION_DAYS", default=7)
# Clocks claimed per sweep transaction.
SLA_SWEEP_BATCH = env.int("SLA_SWEEP_BATCH", default=100)
# Where links in notification mail point.
HELPDESK_SITE_URL = env.str("HELPDESK_SITE_URL", default="http://127.0.0.1:8000")

# --- Phone calls (voice/) ---------------------------------------------------------------------------
# The address Twilio calls the webhooks at and signs (behind a proxy, the host Django sees is not it).
VOICE_PUBLIC_BASE_URL = env.str("VOICE_PUBLIC_BASE_URL", default=HELPDESK_SITE_URL)
# The callback SLA: a caller who asked to be called back is due within this many minutes.
VOICE_CALLBACK_SLA_MINUTES = env.int("VOICE_CALLBACK_SLA_MINUTES", default=30)
# After this many attempts to call back that did not reach the customer, the callback is flagged.
VOICE_CALLBACK_MAX_ATTEMPTS = env.int("VOICE_CALLBACK_MAX_ATTEMPTS", default=3)
# The IVR's language menu, key 1 first (at most nine); a caller whose language is known skips it.
VOICE_IVR_LANGUAGES = env.list(
    "VOICE_IVR_LANGUAGES", default=["en", "es", "pt-br", "fr", "de", "ru", "tr", "ja"]
)

# --- The exchange ---------------------------------------------------------------------------------
# Its API (docs/exchange-api.yaml). The demo talks to the reference exchange this server also runs,
# at the address `serve` listens on (it exports HELPDESK_SITE_URL to its children).
EXCHANGE_API_URL = env.str(
    "EXCHANGE_API_URL", default=HELPDESK_SITE_URL.rstrip("/") + "/reference-exchange/api/v1"
)
EXCHANGE_API_KEY_ID = env.str("EXCHANGE_API_KEY_ID", default="helpdesk-demo")
# Never defaulted in production: unset, the connector reports itself not configured and calls nobody.
_DEMO_EXCHANGE_SECRET = "" if PRODUCTION else "reference-exchange-demo-secret-0123456789"
EXCHANGE_API_SECRET = env.str("EXCHANGE_API_SECRET", default=_DEMO_EXCHANGE_SECRET)
EXCHANGE_CONNECT_TIMEOUT = env.float("EXCHANGE_CONNECT_TIMEOUT", default=2.0)
EXCHANGE_READ_TIMEOUT = env.float("EXCHANGE_READ_TIMEOUT", default=5.0)
# Extra attempts of a read after a timeout or a 5xx, backing off from this many seconds.
EXCHANGE_RETRIES = env.int("EXCHANGE_RETRIES", default=2)
EXCHANGE_RETRY_BACKOFF = env.float("EXCHANGE_RETRY_BACKOFF", default=0.2)
# Consecutive failures that stop calls for the cool-down (seconds), after which one call probes.
EXCHANGE_BREAKER_THRESHOLD = env.int("EXCHANGE_BREAKER_THRESHOLD", default=5)
EXCHANGE_BREAKER_COOLDOWN = env.float("EXCHANGE_BREAKER_COOLDOWN", default=30.0)
# The reference exchange (exchange/reference/) the demo and the tests run: off in production.
REFERENCE_EXCHANGE_ENABLED = env.bool("REFERENCE_EXCHANGE_ENABLED", default=not PRODUCTION)
# The key it accepts: by default the client's own.
REFERENCE_EXCHANGE_KEY_ID = env.str("REFERENCE_EXCHANGE_KEY_ID", default=EXCHANGE_API_KEY_ID)
REFERENCE_EXCHANGE_SECRET = env.str("REFERENCE_EXCHANGE_SECRET", default=EXCHANGE_API_SECRET)

# --- REST API -------------------------------------------------------------------------------------
# An API token is refused this many days after it was issued; signing in again gives a new one.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
if API_TOKEN_TTL_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be 1 or more.")
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Size- and depth-limited JSON that refuses NUL and lone surrogates (helpdesk.api.JSONParser).
    "DEFAULT_PARSER_CLASSES": [
        "helpdesk.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "helpdesk.api.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "helpdesk.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")
SPECTACULAR_SETTINGS = {
    "TITLE": "Helpdesk API",
    "DESCRIPTION": "Customers, tickets and their timelines.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the installed sidecar package: the docs page works without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # An incident's status is not a ticket's: each set of choices under its own name.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "tickets.models.Status",
        "EntryKindEnum": "tickets.models.EntryKind",
        "IncidentStatusEnum": "incidents.models.IncidentStatus",
        "IncidentOpeningStatusEnum": "incidents.models.OPENING_STATUS_CHOICES",
        "BulkActionEnum": "bulk.models.Action",
        "ActionEnum": "approvals.models.ActionKind",
        "SortDirectionEnum": "queueviews.models.Direction",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "helpdesk.api.document_unsupported_media_type",
    ],
}

# --- Security -------------------------------------------------------------------------------------
# A stale sign-in or reply form gets the helpdesk's own page, not Django's bare one.
CSRF_FAILURE_VIEW = "helpdesk.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# A staff session ends this long after sign-in, and after this long without a request
# (accounts.middleware.StaffSessionMiddleware); the cookie never outlives the first.
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; docs/security.md): our own scripts and styles only, inline ones
# with the request's nonce, never framed. A few views relax it with helpdesk.csp's decorators.
_WEBSOCKET_SOURCES = [
    source
    for host in ALLOWED_HOSTS
    # Wildcards, suffix patterns and IPv6 literals are not CSP host sources; 'self' covers them in
    # browsers that let 'self' match websockets (CSP Level 3), older ones need the hosts named.
    if host and not host.startswith((".", "*", "["))
    for source in ([f"wss://{host}:*"] if PRODUCTION else [f"wss://{host}:*", f"ws://{host}:*"])
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", *_WEBSOCKET_SOURCES],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "report-uri": "/csp-report/",
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The audit log records the client address; behind our own proxy the real one is in this header.
HELPDESK_TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=PRODUCTION)

# --- Email -----------------------------------------------------------------------------------------
# Outbound mail goes through Django's email backends: EMAIL_URL (smtp+tls://user:pass@host:587) picks
# the SMTP server; the embedded default writes each message to a file under var/mail/ (a console
# full of MIME would bury what a person running the demo needs to see).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="support@localhost")
# A CA bundle to trust for IMAP servers with a private certificate authority; empty: the system's.
MAIL_IMAP_CA_FILE = env.str("MAIL_IMAP_CA_FILE", default="")
MAIL_IMAP_TIMEOUT = env.int("MAIL_IMAP_TIMEOUT", default=60)
# The HTTP endpoint refuses larger messages with 413 so the sending server keeps them; IMAP and the
# pipe store any size and quarantine what is too large to process.
MAIL_MAX_MESSAGE_BYTES = env.int("MAIL_MAX_MESSAGE_BYTES", default=40 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Knowledge base -------------------------------------------------------------------------------
# Agents in this group may publish and archive articles, like supervisors and admins.
KB_EDITOR_GROUP = env.str("KB_EDITOR_GROUP", default="KB editors")
# The visitor's region, in this order: ?region=XX, the kb_region cookie, then this request header set
# by the CDN or proxy (Cloudflare's CF-IPCountry by default); docs/knowledgebase.md.
KB_REGION_HEADER = env.str("KB_REGION_HEADER", default="CF-IPCountry")
# A help-center visit ends after this long without a request; a visit that searched or read and
# never contacted support counts as a deflection.
KB_SESSION_IDLE_MINUTES = env.int("KB_SESSION_IDLE_MINUTES", default=30)
# Messages one address may send through the help center's contact form per hour.
KB_CONTACTS_PER_ADDRESS = env.int("KB_CONTACTS_PER_ADDRESS", default=5)
# Helpful votes one visitor may cast per hour, across articles.
KB_VOTES_PER_VISITOR = env.int("KB_VOTES_PER_VISITOR", default=30)

# --- On-chain look-ups (triage/chains) --------------------------------------------------------------
# One node or explorer API per network, each overridable with CHAIN_ENDPOINT_<NETWORK>. The defaults are
# the reference chains this project serves under /reference-chains/ (the demo and the tests).
# They follow the address `serve` listens on (it exports HELPDESK_SITE_URL to its children).
_CHAINS_BASE = HELPDESK_SITE_URL
_CHAINS_BASE = _CHAINS_BASE.rstrip("/") + "/reference-chains"
CHAIN_ENDPOINTS = {
    network: env.str(f"CHAIN_ENDPOINT_{network.upper()}", default=default)
    for network, default in {
        **{
            evm_network: f"{_CHAINS_BASE}/evm/{evm_network}/"
            for evm_network in ("ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche")
        },
        "bitcoin": f"{_CHAINS_BASE}/esplora/api",  # Esplora, e.g. https://mempool.space/api
        "tron": f"{_CHAINS_BASE}/tron",  # TronGrid, e.g. https://api.trongrid.io
        "solana": f"{_CHAINS_BASE}/solana/",  # JSON-RPC, e.g. https://api.mainnet-beta.solana.com
        "xrp": f"{_CHAINS_BASE}/xrpl/",  # rippled JSON-RPC, e.g. https://s1.ripple.com:51234/
        "ton": f"{_CHAINS_BASE}/ton/api/v3",  # toncenter API v3, e.g. https://toncenter.com/api/v3
    }.items()
}
CHAIN_TIMEOUT_SECONDS = env.float("CHAIN_TIMEOUT_SECONDS", default=5.0)
# The reference chains (in-process EVM nodes, recorded explorer answers) are for the demo and tests only.
REFERENCE_CHAINS_ENABLED = env.bool("REFERENCE_CHAINS_ENABLED", default=not PRODUCTION)
# Per network, {"tx": "https://…/{value}", "address": "https://…/{value}"} over triage/chains/explorers.py's
# defaults, e.g. TRIAGE_EXPLORERS='{"ethereum": {"tx": "https://eth.blockscout.com/tx/{value}"}}'.
TRIAGE_EXPLORERS = env.json("TRIAGE_EXPLORERS", default={})

# --- Volatility windows (docs/volatility.md) --------------------------------------------------------
# A 15-minute bucket is a surge when its arrivals reach this multiple of the usual for its slot of the
# week (the median of the same slot over the last VOLATILITY_USUAL_WEEKS weeks), the usual counted as
# at least VOLATILITY_USUAL_FLOOR, and at least VOLATILITY_MIN_ARRIVALS.
VOLATILITY_SURGE_MULTIPLE = env.float("VOLATILITY_SURGE_MULTIPLE", default=3.0)
VOLATILITY_MIN_ARRIVALS = env.int("VOLATILITY_MIN_ARRIVALS", default=10)
VOLATILITY_USUAL_FLOOR = env.float("VOLATILITY_USUAL_FLOOR", default=2.0)
VOLATILITY_USUAL_WEEKS = env.int("VOLATILITY_USUAL_WEEKS", default=4)
# A market event longer than this is refused as a typing mistake.
VOLATILITY_EVENT_MAX_DAYS = env.int("VOLATILITY_EVENT_MAX_DAYS", default=31)
