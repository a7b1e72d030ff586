"""Settings shared by every deployment.

Every value that differs between deployments is read from the environment
through the one ``env`` object below; README.md lists them all.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

AGENCY_NAME = env("AGENCY_NAME", default="PeerWorks")
# The agency's logo, shown beside PeerWorks' name: a path among the static files
# (e.g. "agency/logo.svg" in a folder listed in STATICFILES_DIRS), so the strict
# Content-Security-Policy (images from this site only) allows it.
AGENCY_LOGO = env("AGENCY_LOGO", default="")
# Keys that sign the chain of sealed records (core.integrity): "id:secret" pairs, the
# first is the one new links are signed with; older ones verify the links that name them.
# The database never holds them, so its own role cannot forge a link.
RECORD_SIGNING_KEYS = env.list(
    "RECORD_SIGNING_KEYS", default=["dev:local-development-only-record-signing-key"]
)

# Where people reach PeerWorks: links in emails are built from it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_celery_beat",
    "auditlog",
    "django_guid",
    "core",
    "audit",
    "organisations",
    "people",
    "competencies",
    "evaluations",
    "onboarding",
    "trainings",
    "workplans",
    # Reads evaluations, onboarding, trainings and work plans for its evidence.
    "readiness",
    # The top floor: the home page and the demo organisation read every app.
    "home",
]

MIDDLEWARE = [
    # First: a load balancer's probe needs no HTTPS, host check, session or sign-in.
    "core.health.HealthCheckMiddleware",
    # The request id every log line carries, then one log line per request.
    "django_guid.middleware.guid_middleware",
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after it: every query from here on sees the person's organisation only.
    "organisations.middleware.OrganisationScopeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "people.middleware.IdleSessionMiddleware",
    "people.middleware.TwoFactorMiddleware",
    # Every view needs a signed-in person unless it says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After authentication: every audit entry written during the request names the person.
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerworks.urls"
WSGI_APPLICATION = "peerworks.wsgi.application"

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
                "core.context_processors.navigation",
                "people.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'peerworks.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing at once when two requests
    # or tasks write together (the zero-config SQLite mode runs both).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A restarted PostgreSQL must not cost each worker a failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks for a lockout before any other backend sees the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing people who have left the agency (sign-in and
    # sessions), with permissions from roles only.
    "people.backends.StaffBackend",
    # An organisation's own OpenID Connect provider: only people it has invited, the same
    # leaver rule, and no permissions of its own (people/oidc.py).
    "people.oidc.OrganisationOIDCBackend",
]
# Five failed sign-ins for the same username from the same address lock that pair
# out; someone guessing from elsewhere does not lock the person out everywhere. A
# successful sign-in forgets earlier failures. people.lockout adds a limit per
# address over every username (password spraying). A lockout ends on its own after
# SIGN_IN_COOLOFF_MINUTES (0: only when a program admin releases it).
AXES_HANDLER = "people.lockout.SignInLockoutHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
_cooloff_minutes = env.int("SIGN_IN_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes > 0 else None
# Attempts while paused do not restart the clock: the person trying again ends it no later.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# people.sessions forgets failures once sign-in is complete, the two-factor code included.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The one sign-in by GET is the return from an organisation's identity provider
# (people/oidc.py): nothing to guess there (state, nonce and PKCE bind it to this
# browser), and counting its refusals, which name no username, would lock out everyone
# behind one address.
AXES_NEVER_LOCKOUT_GET = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
# Its log lines name neither the username nor the address (core/logs.py).
AXES_CLIENT_STR_CALLABLE = "core.logs.axes_client_str"

# Signing in through an organisation's own OpenID Connect provider (people/oidc.py,
# organisations.IdentityProvider, README "Deploy"). mozilla-django-oidc reads these; the
# endpoints, client ID and secret are the organisation's. Each client secret is the
# environment variable OIDC_CLIENT_SECRET_<SLUG> (the organisation's slug in capitals,
# "-" as "_"): never in the database, its backups or the audit trail.
OIDC_CLIENT_SECRETS = {
    name: value for name, value in env.ENVIRON.items() if name.startswith("OIDC_CLIENT_SECRET_")
}
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
OIDC_RP_SCOPES = "openid email"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TOKEN_USE_BASIC_AUTH = True
# Nobody joins by signing in: only people their organisation has invited are matched.
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)

# Sessions end after 30 minutes without activity (people.middleware refreshes the
# expiry as they work); the page warns five minutes before.
SESSION_COOKIE_AGE = 30 * 60
SESSION_IDLE_WARNING_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (TOTP, django-otp) is optional for everyone; an agency can
# require it of program admins, who can change roles and catalogues.
REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS = env.bool(
    "REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS", default=False
)
OTP_TOTP_ISSUER = AGENCY_NAME
# Program admins may remove a lost app in the admin site, but never read a person's
# secret there: whoever has it can make their codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Every page's scripts and styles come from our own static files: no inline
# script or style, no eval, nothing from elsewhere (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Bootstrap's stylesheet draws its icons (menu, checkboxes, selects) as data: SVGs.
        "img-src": ["'self'", "data:"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes here; each web process serves it (whitenoise).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated documents (PDF exports) are private: never under a public URL, always
# served through a view that checks who is asking (core/storage.py). By default they
# live in a local folder; with DOCUMENTS_S3_BUCKET, in an S3-compatible object store,
# so web processes and workers on different machines share them (README "Deploy").
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
DOCUMENTS_S3_BUCKET = env("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    DOCUMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            # Unset for AWS itself; MinIO, Ceph, moto... name their address here.
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("DOCUMENTS_S3_REGION", default=None),
            "location": env("DOCUMENTS_S3_PREFIX", default=""),
            "addressing_style": env("DOCUMENTS_S3_ADDRESSING_STYLE", default=None),
            # Credentials come from boto3's usual chain: AWS_ACCESS_KEY_ID and
            # AWS_SECRET_ACCESS_KEY, or the machine's role.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
else:
    DOCUMENTS_STORAGE = {"BACKEND": "core.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": DOCUMENTS_STORAGE,
}

# The audit trail (audit/README.md; the models recorded are listed in audit/registry.py).
AUDITLOG_STORE_JSON_CHANGES = True
# Loading fixtures (catalogues, demo) is not a person's change.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# Behind a reverse proxy that appends the client address to X-Forwarded-For, set this
# so the audit trail records the person's address rather than the proxy's.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Catalogue uploads are refused above this size before they are parsed.
CATALOGUE_UPLOAD_MAX_BYTES = env.int("CATALOGUE_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Production sends by SMTP; nothing defaults to printing messages into the logs.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="PeerWorks <no-reply@localhost>")

# Celery: with no broker configured, tasks run eagerly in-process so that a bare
# machine needs nothing but Python; with CELERY_BROKER_URL a real worker runs them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A failing task run eagerly must not break the web request that queued it;
# tasks record their own failures (see evaluations.tasks).
CELERY_TASK_EAGER_PROPAGATES = False
# Without a worker a PDF renders in a thread beside the request that asked for it
# (core.queueing.queue_beside_request): the page answers at once and shows progress.
PDF_RENDER_BESIDE_REQUEST = CELERY_TASK_ALWAYS_EAGER
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
# A task's message is acknowledged only once it has finished, so a worker that dies
# mid-task leaves it to run again (every task is idempotent). Two ways it comes back:
# when only the pool child dies, the worker rejects the message and Redis hands it
# out at once (REJECT_ON_WORKER_LOST); when the whole worker dies, nobody is left to
# reject it, and Redis hands it out again after the visibility timeout. That timeout
# must outlast the longest task plus the longest retry countdown (retry_backoff_max,
# 600 s) and ETA, or a message still waiting in a live worker is run twice: one hour.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
# Queuing while Redis restarts waits for it (about 8 s) instead of failing the request;
# a PDF whose message is lost all the same is queued again by the sweep below.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 6,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 2,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The database is the source of truth for queued work (Redis keeps nothing on disk):
# PDFs still pending, notices still unsent after a while and survey links still owed are
# queued again. The daily reminder job is
# scheduled by a migration (core 0002) so its time can be changed in the admin.
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-pdfs": {"task": "core.tasks.requeue_stale_pdfs", "schedule": 300},
    "requeue-unsent-notices": {"task": "core.tasks.requeue_unsent_notices", "schedule": 300},
    "requeue-unsent-survey-links": {
        "task": "readiness.tasks.requeue_unsent_survey_links",
        "schedule": 300,
    },
    # Access already ends on the leaving day without it (people.backends); this keeps
    # User.is_active in step for Django's own uses, such as password reset.
    "deactivate-leavers": {"task": "people.tasks.deactivate_leavers", "schedule": 3600},
}

# Logs (core/logs.py): one line per event on standard error, with the request id;
# LOG_FORMAT=json (production's default) makes each line a JSON object for a collector.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    # A proxy's id is kept only if it is a UUID; anything else is replaced.
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
    # Tasks carry the id of the request that queued them; workers and beat log as below.
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True)],
}
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
        "client_errors": {"()": "core.logs.ClientErrorWithoutTraceback"},
    },
    "formatters": {
        "json": {
            "()": "core.logs.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # core.logs logs every request once; django.request would log 4xx again.
        "django.request": {"level": "ERROR"},
        # runserver's access line ("GET / HTTP/1.1" 200) for each request core.logs
        # already logged: `make run` would show every request twice.
        "django.server": {"level": "CRITICAL"},
        "django_guid": {"level": "WARNING"},
        # Its version banner, once per process and management command.
        "axes.apps": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
