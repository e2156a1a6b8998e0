"""Settings, read from the environment with safe local defaults.

Production values fail fast: with DEBUG off, SECRET_KEY must be set.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHICHAN_VAR_DIR", BASE_DIR / "var"))
if os.environ.get("ZHICHAN_TESTING") and os.environ.get("PYTEST_XDIST_WORKER"):
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]  # each test worker its own files (make test)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("ZHICHAN_TESTING", False)
# A demo installation (`make run`): the demo county and its logins with the published password,
# and a banner on every page. Off, the demo cannot be loaded and its password opens nothing
# (accounts/login.py). The test settings are a demo installation unless a test says otherwise.
DEMO = env_bool("ZHICHAN_DEMO", TESTING)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-local-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY 未设置：非调试模式下必须通过环境变量 SECRET_KEY 提供密钥。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The office running this installation: its region is the default scope of the demo,
# the home of address resolution, and what a new official is attached to.
HOME_REGION_CODE = os.environ.get("ZHICHAN_HOME_REGION", "420581")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "zhichan.accounts",
    "zhichan.regions",
    "zhichan.entities",
    "zhichan.assets",
    "zhichan.classify",
    "zhichan.monitor",
    "zhichan.market",
    "zhichan.finance",
    "zhichan.credit",
    "zhichan.inspections",
    "zhichan.screening",
    "zhichan.supervision",
    "zhichan.catalog",
    "zhichan.events",
    "zhichan.agencies",
    "zhichan.awards",
    "zhichan.protection",
    "zhichan.navigation",
    "zhichan.api",
    "zhichan.ops",
    "zhichan.portal",
    "zhichan.jobs",
    "zhichan.notices",
    "zhichan.search",
    "zhichan.audit",
    "zhichan.setup",
    "zhichan.web",
    "zhichan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhichan.lib.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "zhichan.lib.middleware.CleanInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "zhichan.urls"
WSGI_APPLICATION = "zhichan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhichan.web.context.navigation",
                "zhichan.web.context.demo",
                "zhichan.lib.middleware.csp_nonce",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zhichan.sqlite3'}",
        # Persistent connections on PostgreSQL (a new one costs a few milliseconds of every
        # request), checked before reuse; SQLite opens its file for nothing.
        conn_max_age=int(
            os.environ.get(
                "CONN_MAX_AGE",
                "600" if os.environ.get("DATABASE_URL") and "pytest" not in sys.modules else "0",
            )
        ),
        conn_health_checks=True,
    )
}
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database of this run's own: two runs on one server must not drop each other's.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("ZHICHAN_TEST_DATABASE")
        or f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    }
if TESTING and os.environ.get("ZHICHAN_TEST_DB_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A test database kept in a file, for runs that start pytest many times over one schema
    # (`make mutants`, with --reuse-db): built once, not once per run.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["ZHICHAN_TEST_DB_FILE"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a busy timeout instead of
    # "database is locked" errors on the single-machine county install.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # How long a write waits for another writer: imports commit every chunk (about a
        # second), so 20 s is ample.
        "timeout": int(os.environ.get("ZHICHAN_SQLITE_TIMEOUT", "20")),
    }

# The cache holds computed indicator boards (keyed by the data stamp, zhichan/lib/stamp.py) and
# must be shared by the web processes and the worker: Redis for a province, files under var/ on
# one machine. The test suite runs in one process and uses memory.
CACHE_URL = os.environ.get("ZHICHAN_CACHE") or os.environ.get("REDIS_URL", "")
if "pytest" in sys.modules:
    CACHE_URL = "locmem"
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
CACHE_SECONDS = int(os.environ.get("ZHICHAN_CACHE_SECONDS", "86400"))
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Sessions read from the shared cache (written through to the database): one query less on
    # every page. Not with memory or file caches, which a logout in one process would not clear.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:mine"  # staff go on to the back office, others stay in self-service
LOGOUT_REDIRECT_URL = "login"

if TESTING:
    # Hashing at full strength costs a quarter second per user; tests create many.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One policy for every way in (accounts/login.py): failures counted per account and address.
AUTHENTICATION_BACKENDS = ["zhichan.accounts.login.ThrottledModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zhichan.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhichan.accounts.passwords.GuessablePasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "zhichan" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Amounts asked to be grouped show 1,234,567.89 (zhichan/formats/zh_Hans/formats.py).
FORMAT_MODULE_PATH = ["zhichan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end assets come from the npm registry at set-up time (package.json); only the built
# files we serve are offered (web/finders.py), under vendor/<package>/.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "zhichan.web.finders.VendorFinder",
]
# Collected files get content-hashed names and gzip/brotli copies; WhiteNoise serves the hashed
# ones with a year's cache. Tests serve from the finders (no collectstatic before each run);
# tests/web/test_static.py collects with this storage and checks what it serves.
STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if TESTING else STATIC_STORAGE
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ZHICHAN_MAX_UPLOAD_BYTES = int(os.environ.get("ZHICHAN_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZHICHAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notices (zhichan/notices): e-mail through Django's backends — SMTP when EMAIL_HOST is set, else
# each message as a file under var/mail; SMS through ZHICHAN_SMS_BACKEND (notices/sms.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "知产平台 <noreply@localhost>")
ZHICHAN_SMS_BACKEND = os.environ.get(
    "ZHICHAN_SMS_BACKEND",
    "zhichan.notices.sms.MemoryBackend" if TESTING else "zhichan.notices.sms.FileBackend",
)
ZHICHAN_SMS_URL = os.environ.get("ZHICHAN_SMS_URL", "")
ZHICHAN_SMS_TOKEN = os.environ.get("ZHICHAN_SMS_TOKEN", "")
# The address people reach the platform at, for links in e-mail and SMS.
ZHICHAN_SITE_URL = os.environ.get("ZHICHAN_SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# Behind HTTPS set SECURE_COOKIES=1; a county LAN install often serves plain HTTP.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:  # the proxy terminates TLS and says so
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "zhichan.lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "plain")}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Behind a proxy that overwrites it, the header holding the client's address (rate limits).
CLIENT_IP_HEADER = os.environ.get("ZHICHAN_CLIENT_IP_HEADER", "")

# The REST API (zhichan/api, docs/api.md): token or session authentication, scoped by the same
# access helpers as the pages, rate-limited per user and per address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zhichan.accounts.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "zhichan.api.schema.Schema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ZHICHAN_API_ANON_RATE", "30/min"),
        "user": os.environ.get("ZHICHAN_API_USER_RATE", "600/min"),
        "token": "10/min",
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "知产 API",
    "DESCRIPTION": "区域知识产权登记簿与指标的只读接口（v1）。令牌认证：Authorization: Token <令牌>。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PatentStatusEnum": "zhichan.assets.models.PatentStatus",
        "RightStatusEnum": "zhichan.assets.models.RightStatus",
        "PatentKindEnum": "zhichan.assets.models.PatentKind",
        "EntityKindEnum": "zhichan.entities.models.EntityKind",
        "CopyrightKindEnum": "zhichan.assets.models.CopyrightKind",
    },
}
