"""salesbot settings: one module for development, tests and production.

Everything comes from the environment, or from `.env` / `var/.env` at the checkout root (the
environment wins). Production is this same module with DEBUG=false. Values are read strictly
(salesbot/env.py): a malformed value stops the start instead of becoming a default.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zoneinfo
from decimal import Decimal
from pathlib import Path

import environ

from ocr.config import KNOWN_PASSES
from salesbot import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# SALESBOT_ENV_FILES=none reads no file (tests of the start-up checks use it).
if env.string("SALESBOT_ENV_FILES") != "none":
    for _dotenv in (BASE_DIR / ".env", VAR_DIR / ".env"):
        if _dotenv.is_file():
            environ.Env.read_env(str(_dotenv), overwrite=False)

DEBUG = env.boolean("DEBUG", False)

SECRET_KEY = env.string("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise env.ConfigError(
            "SECRET_KEY no está configurada. Con DEBUG=false es obligatoria: defina SECRET_KEY "
            "(o SECRET_KEY_FILE) con un valor largo y aleatorio, por ejemplo la salida de "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Development only: a fixed key, so sessions survive restarts. Never used with DEBUG=false.
    SECRET_KEY = "django-insecure-solo-para-desarrollo-no-usar-en-produccion"  # noqa: S105

ALLOWED_HOSTS = env.str_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

SALESBOT_PUBLIC_URL = env.string("SALESBOT_PUBLIC_URL", "http://localhost:5000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.str_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_tasks_db",
    "sales",
    "ocr",
    "integrations.mattermost",
    "integrations.nocodb",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "salesbot.middleware.NulInQueryString",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check, which reads the admin's forms first anyway.
    "salesbot.middleware.AdminParameters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# Admin logins: after ADMIN_INTENTOS wrong passwords for one user from one address, that pair is
# locked out for ADMIN_BLOQUEO_MINUTOS (django-axes; docs/operations.md says how to unlock).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("ADMIN_INTENTOS", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.integer("ADMIN_BLOQUEO_MINUTOS", 15, minimum=1))
# User and address together: a stranger cannot lock a manager out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/bloqueado.html"
AXES_CLIENT_IP_CALLABLE = "salesbot.views.client_ip"

ROOT_URLCONF = "salesbot.urls"
WSGI_APPLICATION = "salesbot.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": environ.Env.db_url_config(
        env.string("DATABASE_URL", f"sqlite:///{VAR_DIR / 'salesbot.sqlite3'}")
    )
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.integer("DB_CONN_MAX_AGE", 60, minimum=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker) share the file: wait for locks instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests too use a file, not the in-memory default: the live server's threads and the test
    # then wait for each other's locks instead of failing with "database table is locked".
    # One file per test process, so parallel runs do not share it.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-salesbot-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Mexican Spanish: the admin says "Agregar", not Spain's "Añadir" (Django falls back to "es"
# for the strings es_MX does not translate; locale/ gives the two that would say "Añadir").
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.string("TIME_ZONE", "America/Mexico_City")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise env.ConfigError(f"TIME_ZONE={TIME_ZONE!r} no es una zona horaria válida") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(VAR_DIR / "media")))
# Receipt images are evidence: they are served only through a view that checks permissions,
# never from a public MEDIA_URL.
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

# --- Security. Mattermost and NocoDB call the bot over the internal network, in plain HTTP:
# their paths (and the health check) are exempt from the HTTPS redirect.
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^mattermost/", r"^nocodb/"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
# Preload is an opt-in submission to the browsers' lists, a decision for the site owner:
# the deploy check must not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.boolean("SALESBOT_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["salesbot.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "salesbot.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOG_LEVEL = env.string("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {"django": {"level": "INFO" if LOG_LEVEL == "DEBUG" else LOG_LEVEL}},
}

# --- Where the web server listens (salesbot/gunicorn.conf.py reads these too; `make run` passes
# what .env and var/.env say to it)
HOST = env.string("HOST", "0.0.0.0")  # noqa: S104 - a server, and only where it is deployed
PORT = env.integer("PORT", 5000, minimum=1)

# --- Mattermost
MATTERMOST_URL = env.string("MATTERMOST_URL").rstrip("/")
MATTERMOST_BOT_TOKEN = env.string("MATTERMOST_BOT_TOKEN")
MATTERMOST_WEBHOOK_TOKENS = env.str_list("MATTERMOST_WEBHOOK_TOKENS")
MATTERMOST_TIMEOUT = env.decimal("MATTERMOST_TIMEOUT", "10", minimum=Decimal("0.1"))
# Waits between delivery attempts of a reply or reaction, in seconds; after the last one the
# item is marked as given up (visible in the admin, retryable).
MATTERMOST_REINTENTOS = env.seconds_list("MATTERMOST_REINTENTOS", "5,30,120,600,1800,3600,7200")
# Mattermost remembers a `pending_post_id` for 30 s (docs/mattermost.md#exactly-once-posts). Past
# that, a retry first looks in the thread for the reply it may already have made.
MATTERMOST_PENDING_TTL = env.decimal("MATTERMOST_PENDING_TTL", "25", minimum=Decimal(0))

# --- Sales rules
COMISION_UMBRAL_TUBOS = env.integer("COMISION_UMBRAL_TUBOS", 3, minimum=0)
COMISION_POR_TUBO = env.decimal("COMISION_POR_TUBO", "10", minimum=Decimal(0))
VENTA_REQUIERE_COMPROBANTE = env.boolean("VENTA_REQUIERE_COMPROBANTE", True)
# Waits between attempts of processing an inbound event when a dependency (Mattermost for the
# photo) is down; the event row stays pending throughout, so nothing is lost.
EVENTO_REINTENTOS = env.seconds_list("EVENTO_REINTENTOS", "5,30,120,600,1800,3600,7200")
# The sweep re-queues work whose task was lost (a worker killed mid-task): every BARRIDO_CADA
# seconds, items pending for more than BARRIDO_GRACIA seconds past their due time whose task is
# neither waiting nor running on a live worker. With a worker declared dead after 30 s without
# a heartbeat, a killed run comes back within a minute.
BARRIDO_CADA = env.integer("BARRIDO_CADA", 30, minimum=1)
BARRIDO_GRACIA = env.integer("BARRIDO_GRACIA", 30, minimum=0)
# Where the worker and the listener leave their heartbeats for `manage.py salud` (heartbeat.py):
# the temp directory, in the container each container's own /tmp tmpfs.
LATIDOS_DIR = Path(env.string("LATIDOS_DIR", str(Path(tempfile.gettempdir()) / "salesbot-latidos")))

# --- OCR (receipt photos, ocr/). Defaults are documented in ocr/config.py and docs/benchmarks.md.
OCR_LANG = env.string("OCR_LANG", "spa+eng")
# Refused before decoding: a bigger upload (bytes) or picture (width x height) is not a receipt
# photo worth holding in memory; the seller is asked for a smaller one.
OCR_MAX_BYTES = env.integer("OCR_MAX_BYTES", 15_000_000, minimum=1)
OCR_MAX_PIXELS = env.integer("OCR_MAX_PIXELS", 40_000_000, minimum=1)
# Line items whose description has one of these words count as tubes.
OCR_PALABRAS_TUBO = env.str_list("OCR_PALABRAS_TUBO", "tubo,tubos")
# The typed amount is verified when within this fraction of the total read from the receipt.
OCR_TOLERANCIA = env.decimal("OCR_TOLERANCIA", "0.05", minimum=Decimal(0))
# A receipt dated after the sale, or more than this many days before it, goes to review
# (motivo fecha_fuera_de_rango).
OCR_DIAS_MAXIMOS = env.integer("OCR_DIAS_MAXIMOS", 7, minimum=0)
# The receipt reader: the OCR pipeline, each read in a child process of a reading server that
# holds the models (ocr/isolated.py); `ocr.pipeline.read_receipt` reads in the worker itself.
# The tests swap in a fake for everything but the real-OCR tests.
OCR_LECTOR = env.string("OCR_LECTOR", "ocr.isolated.read_receipt")
# Seconds one Tesseract call may take; a pass that takes longer is skipped.
OCR_TIMEOUT = env.integer("OCR_TIMEOUT", 20, minimum=1)
# The preprocessing passes, tried in this order (ocr/preprocess.py says what each one does).
OCR_PASADAS = env.choice_list("OCR_PASADAS", "upscale,ppocr,normalized,adaptive", KNOWN_PASSES)
# Seconds into a read after which no further pass starts (0: no limit): bounds a seller's wait.
OCR_PRESUPUESTO = env.decimal("OCR_PRESUPUESTO", "4.5", minimum=Decimal(0))

# --- NocoDB (integrations/nocodb/, docs/nocodb.md): the ledger mirrored for managers.
# The mirror is on only with both URL and token: otherwise ledger writes record nothing for it
# (a system check warns when only the URL is set, as on a first start before NocoDB has a
# token), and `manage.py nocodb_resync --all` is how a mirror switched on later catches up.
NOCODB_URL = env.string("NOCODB_URL").rstrip("/")
NOCODB_API_TOKEN = env.string("NOCODB_API_TOKEN")
NOCODB_BASE = env.string("NOCODB_BASE", "salesbot")
# The token NocoDB's webhook sends (header X-Salesbot-Token); empty refuses every webhook.
NOCODB_WEBHOOK_TOKEN = env.string("NOCODB_WEBHOOK_TOKEN")
NOCODB_TIMEOUT = env.decimal("NOCODB_TIMEOUT", "20", minimum=Decimal("0.1"))
# Waits between attempts of pushing pending changes while NocoDB is down or failing, in seconds;
# after the last one the items are marked as given up (visible in the admin, retryable).
NOCODB_REINTENTOS = env.seconds_list("NOCODB_REINTENTOS", "5,30,120,600,1800,3600,7200")

# --- Mattermost listener and commands (integrations/mattermost/listener.py, commands.py)
# Channel ids whose posts count as sales, for the listener and the webhook alike (comma-separated).
# Empty: every channel the bot is a member of. Direct messages with the bot always count.
MATTERMOST_CANALES = env.str_list("MATTERMOST_CANALES")
# Tokens of the slash commands (/ventas, /comision, /meta, /ranking, /venta) allowed to call
# /mattermost/command, comma-separated; none = every call refused.
MATTERMOST_COMMAND_TOKENS = env.str_list("MATTERMOST_COMMAND_TOKENS")
# The listener pings every MATTERMOST_WS_PING seconds and gives a connection up when a pong (or
# the connection itself) takes longer than MATTERMOST_WS_TIMEOUT seconds. Mattermost's own pings
# come every 60 s and it drops a client silent for 100 s (docs/mattermost.md#websocket).
MATTERMOST_WS_PING = env.decimal("MATTERMOST_WS_PING", "30", minimum=Decimal("0.05"))
MATTERMOST_WS_TIMEOUT = env.decimal("MATTERMOST_WS_TIMEOUT", "20", minimum=Decimal("0.05"))
# Reconnecting: exponential backoff with jitter from MIN seconds, doubling up to MAX.
MATTERMOST_WS_REINTENTO_MIN = env.decimal(
    "MATTERMOST_WS_REINTENTO_MIN", "1", minimum=Decimal("0.01")
)
MATTERMOST_WS_REINTENTO_MAX = env.decimal(
    "MATTERMOST_WS_REINTENTO_MAX", "60", minimum=Decimal("0.01")
)
# --- The daily leaderboard (sales/handlers/closing.py): posted once a day in RANKING_CANAL (a
# channel id; empty: no leaderboard) from RANKING_HORA on, local time.
RANKING_CANAL = env.string("RANKING_CANAL")
if RANKING_CANAL and not re.fullmatch(r"[a-z0-9]{26}", RANKING_CANAL):
    raise env.ConfigError(
        f"RANKING_CANAL={RANKING_CANAL!r} no es el ID de un canal de Mattermost (26 letras y "
        "números, en la URL del canal: Ver información)"
    )
RANKING_HORA = env.time_of_day("RANKING_HORA", "19:00")

# --- Review cards in Mattermost (sales/cards.py, sales/review_chat.py): each flagged sale is a card
# with buttons in MATTERMOST_CANAL_REVISION (a channel id, private is best; empty: no cards).
MATTERMOST_CANAL_REVISION = env.string("MATTERMOST_CANAL_REVISION")
if MATTERMOST_CANAL_REVISION and not re.fullmatch(r"[a-z0-9]{26}", MATTERMOST_CANAL_REVISION):
    raise env.ConfigError(
        f"MATTERMOST_CANAL_REVISION={MATTERMOST_CANAL_REVISION!r} no es el ID de un canal de "
        "Mattermost (26 letras y números)"
    )
# Where reviewers open the admin (the card links there); SALESBOT_PUBLIC_URL by default.
SALESBOT_ADMIN_URL = env.string("SALESBOT_ADMIN_URL", SALESBOT_PUBLIC_URL).rstrip("/")

if MATTERMOST_WS_REINTENTO_MAX < MATTERMOST_WS_REINTENTO_MIN:
    raise env.ConfigError(
        f"MATTERMOST_WS_REINTENTO_MAX={MATTERMOST_WS_REINTENTO_MAX} debe ser mayor o igual que "
        f"MATTERMOST_WS_REINTENTO_MIN={MATTERMOST_WS_REINTENTO_MIN}"
    )
