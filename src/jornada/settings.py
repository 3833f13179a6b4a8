"""Jornada settings: the only module that reads the environment.

Every setting below is typed and documented with its default. Nothing else in
Jornada calls ``os.environ``; code that needs configuration imports it from
``django.conf.settings``.

| Variable | Default | Meaning |
|---|---|---|
| ``DATABASE_URL`` | unset: SQLite at ``$JORNADA_VAR_DIR/jornada.sqlite3`` | ``postgres://user:pass@host:5432/db`` selects PostgreSQL (psycopg 3 with a pool) |
| ``SECRET_KEY`` | generated once into ``$JORNADA_VAR_DIR/secret_key`` | Django's signing key |
| ``JORNADA_DEBUG`` | ``false`` | Django debug mode; never in production |
| ``JORNADA_VAR_DIR`` | ``./var`` | where SQLite, the secret key, media and logs live |
| ``JORNADA_ALLOWED_HOSTS`` | ``localhost,127.0.0.1,[::1]`` | comma-separated host names served |
| ``JORNADA_CSRF_TRUSTED_ORIGINS`` | empty | comma-separated origins (``https://loja.example``) |
| ``JORNADA_BASE_URL`` | ``http://127.0.0.1:8000`` | public URL used in messages and links |
| ``JORNADA_DB_POOL_MAX`` | ``20`` | PostgreSQL pool size per process |
| ``JORNADA_SQLITE_BUSY_TIMEOUT`` | ``20`` | seconds a SQLite writer waits for the lock |
| ``JORNADA_GROUP_COMMIT`` | ``true`` | orders placed at once in a process share one transaction and one durable commit (``jornada.core.groupcommit``) |
| ``JORNADA_WRITER_SOCKET`` | set by ``jornada serve`` | SQLite: the writer process's socket, through which every web process's order writes go (``jornada.core.writer``) |
| ``JORNADA_OUTBOX_MAX_ATTEMPTS`` | ``8`` | handler attempts before an event delivery is dead-lettered |
| ``JORNADA_OUTBOX_BACKOFF_BASE`` | ``2.0`` | seconds; retry n waits ``base * 2**(n-1)`` (capped, jittered) |
| ``JORNADA_OUTBOX_BACKOFF_MAX`` | ``3600`` | seconds; the longest wait between two attempts |
| ``JORNADA_LEASE_SECONDS`` | ``60`` | how long a worker owns a claimed event or timer before another may take it |
| ``JORNADA_WORKER_BATCH`` | ``200`` | deliveries a worker claims at once |
| ``JORNADA_WORKER_POLL`` | ``0.2`` | seconds an idle worker sleeps between polls |
| ``JORNADA_HEARTBEAT_STALE`` | ``60`` | seconds after which a silent worker counts as gone |
| ``JORNADA_OUTBOX_RETENTION_DAYS`` | ``30`` | days a fully handled event is kept before pruning |
| ``JORNADA_EXTRA_WIRING`` | empty | comma-separated modules with more ``HANDLERS``/``TIMER_JOBS``/``PERIODIC_JOBS`` (plugins) |
| ``JORNADA_IDEMPOTENCY_TTL_HOURS`` | ``48`` | hours an ``Idempotency-Key`` and its response are kept (>= 24) |
| ``JORNADA_IDEMPOTENCY_WAIT`` | ``5`` | seconds a repeated request waits for the first one to finish before 409 |
| ``JORNADA_IDEMPOTENCY_LOCK_TIMEOUT`` | ``60`` | seconds after which an unfinished key (crashed request) may be retried |
| ``JORNADA_API_MAX_BODY`` | ``262144`` | bytes; larger API bodies are refused with 413 |
| ``JORNADA_ORDER_NUMBER_START`` | ``100001`` | the first order number |
| ``JORNADA_ORDER_MAX_LINES`` / ``JORNADA_ORDER_MAX_QUANTITY`` | ``100`` / ``999`` | limits of one order |
| ``JORNADA_CUSTOMER_CANCEL_WINDOW_MINUTES`` | ``120`` | how long a customer may cancel alone |
| ``JORNADA_PAYMENT_METHODS`` | all five | methods offered: credit_card, pix, boleto, debit_card, paypal |
| ``JORNADA_MAX_INSTALMENTS`` / ``JORNADA_INTEREST_FREE_INSTALMENTS`` | ``12`` / ``3`` | card instalments offered / without interest |
| ``JORNADA_MONTHLY_INTEREST`` / ``JORNADA_MIN_INSTALMENT`` | ``0.0199`` / ``10.00`` | interest after that, smallest instalment |
| ``JORNADA_SHIPPING_BASE`` / ``_PER_KG`` / ``JORNADA_FREE_SHIPPING_FROM`` | ``19.90`` / ``4.50`` / ``299.00`` | interim shipping rule (carriers replace it) |
| ``JORNADA_GIFT_WRAP_PRICE`` | ``9.90`` | price of gift wrap |
| ``JORNADA_RESERVATION_PIX_MINUTES`` | ``30`` | how long stock is held for an order paid by Pix |
| ``JORNADA_RESERVATION_BOLETO_BUSINESS_DAYS`` | ``3`` | business days stock is held for a boleto (to the end of that day) |
| ``JORNADA_RESERVATION_CARD_MINUTES`` | ``60`` | held for credit/debit card orders |
| ``JORNADA_RESERVATION_OTHER_MINUTES`` | ``180`` | held for any other method (PayPal) |
| ``JORNADA_INVENTORY_SELL_UNTRACKED`` | ``true`` | sell SKUs that have no stock record and no sourcing rule, without reserving |
| ``JORNADA_INVENTORY_SCAN_SECONDS`` | ``60`` | how often expired reservations are released and low stock is checked |
| ``JORNADA_PURCHASE_ORDER_SEND_SECONDS`` | ``900`` | how often draft purchase orders are grouped and sent to suppliers |
| ``JORNADA_PAYMENT_GATEWAY`` | ``sandbox`` | gateway adapter for every method: ``sandbox`` (embedded) or ``mercadopago`` |
| ``JORNADA_PAYMENT_WEBHOOK_TOLERANCE`` | ``300`` | seconds; signed webhooks older (or newer) than this are refused |
| ``JORNADA_PIX_EXPIRY_MINUTES`` | ``30`` | how long a Pix code may be paid before the order is cancelled |
| ``JORNADA_BOLETO_DUE_DAYS`` / ``JORNADA_BOLETO_GRACE_DAYS`` | ``3`` / ``3`` | business days to the boleto's due date / after it before cancelling |
| ``JORNADA_CARD_PAYMENT_WINDOW_MINUTES`` | ``60`` | how long card, debit and PayPal payments may stay unconfirmed |
| ``JORNADA_SANDBOX_WEBHOOK_SECRET`` | derived from ``SECRET_KEY`` | the sandbox gateway's webhook signing secret |
| ``JORNADA_SANDBOX_WEBHOOK_URL`` | empty: delivered in-process | where the sandbox gateway posts its webhooks |
| ``JORNADA_SANDBOX_CONFIRM_SECONDS`` / ``_PIX_PAY_SECONDS`` / ``_BOLETO_PAY_SECONDS`` | ``2`` / ``5`` / ``30`` | sandbox delays before card/PayPal confirmation, Pix and boleto payment |
| ``JORNADA_MERCADOPAGO_ACCESS_TOKEN`` / ``JORNADA_MERCADOPAGO_WEBHOOK_SECRET`` | empty | Mercado Pago credentials (secret key and webhook signature secret) |
| ``JORNADA_MERCADOPAGO_API_URL`` | ``https://api.mercadopago.com`` | Mercado Pago's API base URL |
| ``JORNADA_VALIDATION_HOLD_SCORE`` | ``30`` | risk score from which a paid order waits for staff approval |
| ``JORNADA_VALIDATION_HIGH_VALUE`` | ``1000.00`` | a first purchase from this total counts as a risk |
| ``JORNADA_VALIDATION_VELOCITY_HOURS`` / ``_MAX`` | ``24`` / ``3`` | more orders than this to one address or from one document within that many hours count as a risk |
| ``JORNADA_FULFILLMENT_DEFAULT_LOCATION`` | ``Depósito principal`` | pick location of SKUs inventory places nowhere |
| ``JORNADA_FULFILLMENT_REQUIRE_SCAN`` | ``true`` | a package closes only when every unit was scanned |
| ``JORNADA_SHIPPING_PROCESSING_DAYS`` | ``1`` | business days to prepare an order, counted in every promise |
| ``JORNADA_SHIPPING_BACKORDER_LEAD_DAYS`` | ``7`` | supplier business days when a backorder has no expected date |
| ``JORNADA_SHIPPING_DEFAULT_SERVICE`` | ``correios-pac`` | the carrier service promised on orders (when it takes the items) |
| ``JORNADA_SHIPPING_AUTO_DISPATCH`` | ``true`` | create the shipment and label as soon as an order is packed |
| ``JORNADA_SHIPPING_AT_RISK_HOURS`` | ``72`` | hours without tracking movement after which a shipment is at risk |
| ``JORNADA_SHIPPING_SLA_SECONDS`` / ``_POLL_SECONDS`` | ``900`` / ``3600`` | how often late/at-risk shipments are checked / carriers are polled |
| ``JORNADA_SHIPPING_SANDBOX_LATE_SHARE`` / ``_FAILED_SHARE`` / ``_RETURNED_SHARE`` / ``_LOST_SHARE`` | ``0.10`` / ``0.05`` / ``0.02`` / ``0.01`` | shares of sandbox parcels delivered late, after a failed attempt, returned, lost |
| ``JORNADA_SHIPPING_SANDBOX_WEBHOOK_SECRET`` | derived from ``SECRET_KEY`` | the sandbox carrier's webhook signing secret |
| ``JORNADA_SHIPPING_MELHORENVIO_TOKEN`` / ``_URL`` | empty / ``https://www.melhorenvio.com.br`` | Melhor Envio API token and base URL (``https://sandbox.melhorenvio.com.br`` for its sandbox) |
| ``JORNADA_ADMIN_EMAIL`` | ``admin@jornada.local`` | the staff admin created by ``jornada init`` |
| ``JORNADA_ADMIN_PASSWORD`` | generated and printed once by ``jornada init`` | its password |
| ``JORNADA_TIME_ZONE`` | ``America/Sao_Paulo`` | the store's time zone |
| ``JORNADA_LANGUAGE`` | ``pt-br`` | default language (``pt-br``, ``es``, ``en``) |
| ``JORNADA_LOG_LEVEL`` | ``INFO`` | root log level |
| ``JORNADA_EMAIL_URL`` | empty: messages stay in the local outbox | ``smtp://user:pass@host:587?tls=1``, ``smtps://...``, ``anymail://mailgun`` (or any anymail provider), ``console://`` |
| ``JORNADA_EMAIL_FROM`` | the store's email | sender address of customer emails |
| ``JORNADA_ANYMAIL_API_KEY`` / ``JORNADA_ANYMAIL_SENDER_DOMAIN`` / ``JORNADA_ANYMAIL_WEBHOOK_SECRET`` | empty | provider credentials for ``anymail://`` email and its signed tracking webhooks |
| ``JORNADA_NOTIFY_EMAIL_ADAPTER`` / ``_WHATSAPP_ADAPTER`` / ``_SMS_ADAPTER`` | ``sandbox`` unless credentials are set | ``sandbox`` (local outbox), ``django`` (email backends), ``whatsapp_cloud``, ``twilio`` |
| ``JORNADA_WHATSAPP_TOKEN`` / ``_PHONE_NUMBER_ID`` / ``_APP_SECRET`` / ``_VERIFY_TOKEN`` | empty | Meta WhatsApp Cloud API access token, sender id, webhook signing secret, webhook verify token |
| ``JORNADA_WHATSAPP_API_VERSION`` | ``v21.0`` | Graph API version |
| ``JORNADA_TWILIO_ACCOUNT_SID`` / ``_AUTH_TOKEN`` / ``_FROM`` | empty | Twilio SMS account, token (signs its status webhooks), sender number |
| ``JORNADA_NOTIFY_QUIET_START`` / ``JORNADA_NOTIFY_QUIET_END`` | ``21:00`` / ``08:00`` | no WhatsApp, SMS or calls between these local times; deferred to the end |
| ``JORNADA_NOTIFY_STAFF_EMAILS`` | empty: the store's email | comma-separated staff addresses told of new orders |
| ``JORNADA_NOTIFY_MAX_ATTEMPTS`` | ``5`` | provider attempts before a message fails (and falls back to email) |
| ``JORNADA_NOTIFY_BACKOFF_BASE`` / ``_MAX`` | ``30`` / ``3600`` | seconds; retry n waits ``base * 2**(n-1)``, capped |
| ``JORNADA_NOTIFY_SANDBOX_RECEIPT_SECONDS`` | ``3`` | the sandbox reports "delivered" (and "read" on WhatsApp) after this; ``0`` never |
| ``JORNADA_NOTIFY_ESTIMATE_BUSINESS_DAYS`` | ``7`` | business days of the delivery estimate told at order confirmation |
| ``JORNADA_NOTIFY_LATE_EXTRA_BUSINESS_DAYS`` | ``3`` | business days added to a missed promise for the late-delivery apology |
| ``JORNADA_ORDER_URL_TEMPLATE`` | ``{base}/pedido/{number}?token={token}`` | the customer's order link in messages |
| ``JORNADA_WEBHOOK_MAX_ATTEMPTS`` / ``JORNADA_WEBHOOK_TIMEOUT`` | ``8`` / ``10`` | outbound webhook attempts, and seconds per attempt |
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

# ---------------------------------------------------------------------------
# Typed environment readers (the only place Jornada touches os.environ)
# ---------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


def _env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Paths and secrets
# ---------------------------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR: Path = Path(_env_str("JORNADA_VAR_DIR", "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG: bool = _env_bool("JORNADA_DEBUG", False)


def _secret_key() -> str:
    given = os.environ.get("SECRET_KEY")
    if given:
        return given
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        # O_EXCL: when two processes start at once, exactly one writes the key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key


SECRET_KEY: str = _secret_key()
ALLOWED_HOSTS: list[str] = _env_list("JORNADA_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = _env_list("JORNADA_CSRF_TRUSTED_ORIGINS", [])
JORNADA_BASE_URL: str = _env_str("JORNADA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------

INSTALLED_APPS: list[str] = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "jornada.core",
    "jornada.brazil",
    "jornada.catalog",
    "jornada.customers",
    "jornada.orders",
    "jornada.inventory",
    "jornada.payments",
    "jornada.notifications",
    "jornada.journeys",
    "jornada.fulfillment",
    "jornada.shipping",
    "jornada.validation",
    "jornada.api",
    "jornada.backoffice",
    "jornada.storefront",
]

MIDDLEWARE: list[str] = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "jornada.payments.middleware.RefuseCardNumbers",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jornada.urls"
WSGI_APPLICATION = "jornada.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite (embedded default) or PostgreSQL (DATABASE_URL)
# ---------------------------------------------------------------------------

DATABASE_URL: str = _env_str("DATABASE_URL", "")
SQLITE_PATH: Path = VAR_DIR / "jornada.sqlite3"
SQLITE_BUSY_TIMEOUT: int = _env_int("JORNADA_SQLITE_BUSY_TIMEOUT", 20, minimum=1)
DB_POOL_MAX: int = _env_int("JORNADA_DB_POOL_MAX", 20, minimum=1)
GROUP_COMMIT: bool = _env_bool("JORNADA_GROUP_COMMIT", True)
# Set by ``jornada serve`` for its web processes when it starts the writer process.
WRITER_SOCKET: str = _env_str("JORNADA_WRITER_SOCKET", "")


def _database() -> dict[str, Any]:
    if not DATABASE_URL or DATABASE_URL.startswith("sqlite"):
        path = Path(DATABASE_URL.split("///", 1)[1]) if DATABASE_URL else SQLITE_PATH
        return {
            "ENGINE": "jornada.core.sqlite",
            "NAME": str(path),
            # Each thread keeps its connection: opening one runs the pragmas below, and
            # closing the last one checkpoints the WAL, per request that costs more than
            # placing an order.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # IMMEDIATE: a write transaction takes the lock at BEGIN, so two writers
                # never both read and then fail to upgrade (no SQLITE_BUSY mid-transaction).
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT,
                # WAL lets readers run beside the writer; synchronous=FULL keeps every
                # commit durable across power loss (NORMAL could lose the last ones).
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA foreign_keys=ON;"
                    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};"
                    "PRAGMA cache_size=-20000;"
                ),
            },
            # Tests share one file-backed database with worker subprocesses; the pid
            # keeps two test runs on one machine from destroying each other's database.
            "TEST": {"NAME": str(path.with_name(f"{path.stem}_test_{os.getpid()}.sqlite3"))},
        }
    config: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL))
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = 0  # the pool owns connection lifetime
        config["TEST"] = {"NAME": f"test_{config['NAME']}_{os.getpid()}"}
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_MAX,
            "timeout": 10,
        }
    return config


DATABASES: dict[str, dict[str, Any]] = {"default": _database()}

# ---------------------------------------------------------------------------
# Background work: django-tasks with the database backend (same transaction)
# ---------------------------------------------------------------------------

TASKS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
}

OUTBOX_MAX_ATTEMPTS: int = _env_int("JORNADA_OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
OUTBOX_BACKOFF_BASE: float = _env_float("JORNADA_OUTBOX_BACKOFF_BASE", 2.0)
OUTBOX_BACKOFF_MAX: float = _env_float("JORNADA_OUTBOX_BACKOFF_MAX", 3600.0)
LEASE_SECONDS: int = _env_int("JORNADA_LEASE_SECONDS", 60, minimum=1)
WORKER_BATCH: int = _env_int("JORNADA_WORKER_BATCH", 200, minimum=1)
WORKER_POLL: float = _env_float("JORNADA_WORKER_POLL", 0.2)
HEARTBEAT_STALE: int = _env_int("JORNADA_HEARTBEAT_STALE", 60, minimum=1)
EXTRA_WIRING: list[str] = _env_list("JORNADA_EXTRA_WIRING", [])
OUTBOX_RETENTION_DAYS: int = _env_int("JORNADA_OUTBOX_RETENTION_DAYS", 30, minimum=1)

# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------

IDEMPOTENCY_TTL_HOURS: int = _env_int("JORNADA_IDEMPOTENCY_TTL_HOURS", 48, minimum=24)
IDEMPOTENCY_WAIT: float = _env_float("JORNADA_IDEMPOTENCY_WAIT", 5.0)
IDEMPOTENCY_LOCK_TIMEOUT: int = _env_int("JORNADA_IDEMPOTENCY_LOCK_TIMEOUT", 60, minimum=1)
API_MAX_BODY: int = _env_int("JORNADA_API_MAX_BODY", 256 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE: int = max(API_MAX_BODY, 2_621_440)

# ---------------------------------------------------------------------------
# Store rules for order intake (until the back office edits them per store)
# ---------------------------------------------------------------------------

ORDER_NUMBER_START: int = _env_int("JORNADA_ORDER_NUMBER_START", 100001, minimum=1)
ORDER_MAX_LINES: int = _env_int("JORNADA_ORDER_MAX_LINES", 100, minimum=1)
ORDER_MAX_QUANTITY: int = _env_int("JORNADA_ORDER_MAX_QUANTITY", 999, minimum=1)
CUSTOMER_CANCEL_WINDOW_MINUTES: int = _env_int(
    "JORNADA_CUSTOMER_CANCEL_WINDOW_MINUTES", 120, minimum=0
)
PAYMENT_METHODS: list[str] = _env_list(
    "JORNADA_PAYMENT_METHODS", ["credit_card", "pix", "boleto", "debit_card", "paypal"]
)
MAX_INSTALMENTS: int = _env_int("JORNADA_MAX_INSTALMENTS", 12, minimum=1)
INTEREST_FREE_INSTALMENTS: int = _env_int("JORNADA_INTEREST_FREE_INSTALMENTS", 3, minimum=1)
MONTHLY_INTEREST: str = _env_str("JORNADA_MONTHLY_INTEREST", "0.0199")
MIN_INSTALMENT: str = _env_str("JORNADA_MIN_INSTALMENT", "10.00")
SHIPPING_BASE: str = _env_str("JORNADA_SHIPPING_BASE", "19.90")
SHIPPING_PER_KG: str = _env_str("JORNADA_SHIPPING_PER_KG", "4.50")
FREE_SHIPPING_FROM: str = _env_str("JORNADA_FREE_SHIPPING_FROM", "299.00")
GIFT_WRAP_PRICE: str = _env_str("JORNADA_GIFT_WRAP_PRICE", "9.90")

# ---------------------------------------------------------------------------
# Payments (docs/payments.md); secrets only from the environment
# ---------------------------------------------------------------------------

PAYMENT_GATEWAY: str = _env_str("JORNADA_PAYMENT_GATEWAY", "sandbox")
PAYMENT_WEBHOOK_TOLERANCE: int = _env_int("JORNADA_PAYMENT_WEBHOOK_TOLERANCE", 300, minimum=1)
PIX_EXPIRY_MINUTES: int = _env_int("JORNADA_PIX_EXPIRY_MINUTES", 30, minimum=1)
BOLETO_DUE_DAYS: int = _env_int("JORNADA_BOLETO_DUE_DAYS", 3, minimum=1)
BOLETO_GRACE_DAYS: int = _env_int("JORNADA_BOLETO_GRACE_DAYS", 3, minimum=0)
CARD_PAYMENT_WINDOW_MINUTES: int = _env_int("JORNADA_CARD_PAYMENT_WINDOW_MINUTES", 60, minimum=1)
SANDBOX_WEBHOOK_SECRET: str = _env_str(
    "JORNADA_SANDBOX_WEBHOOK_SECRET",
    "whsec_" + hashlib.sha256(f"sandbox-webhooks:{SECRET_KEY}".encode()).hexdigest()[:40],
)
SANDBOX_WEBHOOK_URL: str = _env_str("JORNADA_SANDBOX_WEBHOOK_URL", "")
SANDBOX_CONFIRM_SECONDS: int = _env_int("JORNADA_SANDBOX_CONFIRM_SECONDS", 2, minimum=0)
SANDBOX_PIX_PAY_SECONDS: int = _env_int("JORNADA_SANDBOX_PIX_PAY_SECONDS", 5, minimum=0)
SANDBOX_BOLETO_PAY_SECONDS: int = _env_int("JORNADA_SANDBOX_BOLETO_PAY_SECONDS", 30, minimum=0)
MERCADOPAGO_ACCESS_TOKEN: str = _env_str("JORNADA_MERCADOPAGO_ACCESS_TOKEN", "")
MERCADOPAGO_WEBHOOK_SECRET: str = _env_str("JORNADA_MERCADOPAGO_WEBHOOK_SECRET", "")
MERCADOPAGO_API_URL: str = _env_str(
    "JORNADA_MERCADOPAGO_API_URL", "https://api.mercadopago.com"
).rstrip("/")

# ---------------------------------------------------------------------------
# Inventory: reservations and purchasing
# ---------------------------------------------------------------------------

RESERVATION_PIX_MINUTES: int = _env_int("JORNADA_RESERVATION_PIX_MINUTES", 30, minimum=1)
RESERVATION_BOLETO_BUSINESS_DAYS: int = _env_int(
    "JORNADA_RESERVATION_BOLETO_BUSINESS_DAYS", 3, minimum=1
)
RESERVATION_CARD_MINUTES: int = _env_int("JORNADA_RESERVATION_CARD_MINUTES", 60, minimum=1)
RESERVATION_OTHER_MINUTES: int = _env_int("JORNADA_RESERVATION_OTHER_MINUTES", 180, minimum=1)
INVENTORY_SELL_UNTRACKED: bool = _env_bool("JORNADA_INVENTORY_SELL_UNTRACKED", True)
INVENTORY_SCAN_SECONDS: int = _env_int("JORNADA_INVENTORY_SCAN_SECONDS", 60, minimum=1)
PURCHASE_ORDER_SEND_SECONDS: int = _env_int("JORNADA_PURCHASE_ORDER_SEND_SECONDS", 900, minimum=1)

# ---------------------------------------------------------------------------
# Validation, fulfilment and shipping (docs/fulfillment.md)
# ---------------------------------------------------------------------------

VALIDATION_HOLD_SCORE: int = _env_int("JORNADA_VALIDATION_HOLD_SCORE", 30, minimum=1)
VALIDATION_HIGH_VALUE: str = _env_str("JORNADA_VALIDATION_HIGH_VALUE", "1000.00")
VALIDATION_VELOCITY_HOURS: int = _env_int("JORNADA_VALIDATION_VELOCITY_HOURS", 24, minimum=1)
VALIDATION_VELOCITY_MAX: int = _env_int("JORNADA_VALIDATION_VELOCITY_MAX", 3, minimum=1)
FULFILLMENT_DEFAULT_LOCATION: str = _env_str(
    "JORNADA_FULFILLMENT_DEFAULT_LOCATION", "Depósito principal"
)
FULFILLMENT_REQUIRE_SCAN: bool = _env_bool("JORNADA_FULFILLMENT_REQUIRE_SCAN", True)
SHIPPING_PROCESSING_DAYS: int = _env_int("JORNADA_SHIPPING_PROCESSING_DAYS", 1, minimum=0)
SHIPPING_BACKORDER_LEAD_DAYS: int = _env_int("JORNADA_SHIPPING_BACKORDER_LEAD_DAYS", 7, minimum=0)
SHIPPING_DEFAULT_SERVICE: str = _env_str("JORNADA_SHIPPING_DEFAULT_SERVICE", "correios-pac")
SHIPPING_AUTO_DISPATCH: bool = _env_bool("JORNADA_SHIPPING_AUTO_DISPATCH", True)
SHIPPING_AT_RISK_HOURS: int = _env_int("JORNADA_SHIPPING_AT_RISK_HOURS", 72, minimum=1)
SHIPPING_SLA_SECONDS: int = _env_int("JORNADA_SHIPPING_SLA_SECONDS", 900, minimum=1)
SHIPPING_POLL_SECONDS: int = _env_int("JORNADA_SHIPPING_POLL_SECONDS", 3600, minimum=1)
SHIPPING_SANDBOX_LATE_SHARE: float = _env_float("JORNADA_SHIPPING_SANDBOX_LATE_SHARE", 0.10)
SHIPPING_SANDBOX_FAILED_SHARE: float = _env_float("JORNADA_SHIPPING_SANDBOX_FAILED_SHARE", 0.05)
SHIPPING_SANDBOX_RETURNED_SHARE: float = _env_float("JORNADA_SHIPPING_SANDBOX_RETURNED_SHARE", 0.02)
SHIPPING_SANDBOX_LOST_SHARE: float = _env_float("JORNADA_SHIPPING_SANDBOX_LOST_SHARE", 0.01)
SHIPPING_MELHORENVIO_TOKEN: str = _env_str("JORNADA_SHIPPING_MELHORENVIO_TOKEN", "")
SHIPPING_MELHORENVIO_URL: str = _env_str(
    "JORNADA_SHIPPING_MELHORENVIO_URL", "https://www.melhorenvio.com.br"
)
SHIPPING_SANDBOX_WEBHOOK_SECRET: str = _env_str(
    "JORNADA_SHIPPING_SANDBOX_WEBHOOK_SECRET",
    "whsec_" + hashlib.sha256(f"shipping-sandbox:{SECRET_KEY}".encode()).hexdigest()[:40],
)

ADMIN_EMAIL: str = _env_str("JORNADA_ADMIN_EMAIL", "admin@jornada.local")
ADMIN_PASSWORD: str = _env_str("JORNADA_ADMIN_PASSWORD", "")

# ---------------------------------------------------------------------------
# Auth, i18n, static
# ---------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # staff invitations use the reset link

LANGUAGE_CODE: str = _env_str("JORNADA_LANGUAGE", "pt-br")
LANGUAGES: list[tuple[str, str]] = [
    ("pt-br", "Português (Brasil)"),
    ("es", "Español"),
    ("en", "English"),
]
LOCALE_PATHS: list[Path] = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE: str = _env_str("JORNADA_TIME_ZONE", "America/Sao_Paulo")

STATIC_URL = "static/"
STATIC_ROOT: Path = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT: Path = VAR_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS: bool = True  # serve straight from the package; collectstatic optional

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

EMAIL_BACKEND: str = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.locmem.EmailBackend"
)

# ---------------------------------------------------------------------------
# Notifications: email by URL, WhatsApp Cloud API, Twilio SMS, quiet hours
# ---------------------------------------------------------------------------


def _email_from_url(url: str) -> dict[str, Any]:
    """Django email settings for ``smtp://``, ``smtps://``, ``anymail://<provider>``,
    ``console://`` or ``locmem://`` URLs (pure: tested on its own)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        tls = query.get("tls", ["0"])[0].lower() in _TRUE
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": tls and scheme == "smtp",
            "EMAIL_TIMEOUT": 20,
        }
    if scheme == "anymail":
        provider = (parts.hostname or "").lower()
        if not provider.isidentifier():
            raise ValueError(f"JORNADA_EMAIL_URL: unknown anymail provider {provider!r}")
        return {"EMAIL_BACKEND": f"anymail.backends.{provider}.EmailBackend"}
    if scheme in {"console", "locmem"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    raise ValueError(
        f"JORNADA_EMAIL_URL must be smtp://, smtps://, anymail://, console:// or locmem://, got {url!r}"
    )


EMAIL_URL: str = _env_str("JORNADA_EMAIL_URL", "")
if EMAIL_URL:
    globals().update(_email_from_url(EMAIL_URL))
EMAIL_FROM: str = _env_str("JORNADA_EMAIL_FROM", "")
ANYMAIL: dict[str, str] = {
    key: value
    for key, value in {
        "API_KEY": _env_str("JORNADA_ANYMAIL_API_KEY", ""),
        "SENDER_DOMAIN": _env_str("JORNADA_ANYMAIL_SENDER_DOMAIN", ""),
        "WEBHOOK_SECRET": _env_str("JORNADA_ANYMAIL_WEBHOOK_SECRET", ""),
    }.items()
    if value
}
WHATSAPP_TOKEN: str = _env_str("JORNADA_WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID: str = _env_str("JORNADA_WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET: str = _env_str("JORNADA_WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN: str = _env_str("JORNADA_WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_API_VERSION: str = _env_str("JORNADA_WHATSAPP_API_VERSION", "v21.0")
TWILIO_ACCOUNT_SID: str = _env_str("JORNADA_TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN: str = _env_str("JORNADA_TWILIO_AUTH_TOKEN", "")
TWILIO_FROM: str = _env_str("JORNADA_TWILIO_FROM", "")
NOTIFY_EMAIL_ADAPTER: str = _env_str(
    "JORNADA_NOTIFY_EMAIL_ADAPTER", "django" if EMAIL_URL else "sandbox"
)
NOTIFY_WHATSAPP_ADAPTER: str = _env_str(
    "JORNADA_NOTIFY_WHATSAPP_ADAPTER", "whatsapp_cloud" if WHATSAPP_TOKEN else "sandbox"
)
NOTIFY_SMS_ADAPTER: str = _env_str(
    "JORNADA_NOTIFY_SMS_ADAPTER", "twilio" if TWILIO_ACCOUNT_SID else "sandbox"
)
NOTIFY_QUIET_START: str = _env_str("JORNADA_NOTIFY_QUIET_START", "21:00")
NOTIFY_QUIET_END: str = _env_str("JORNADA_NOTIFY_QUIET_END", "08:00")
NOTIFY_STAFF_EMAILS: list[str] = _env_list("JORNADA_NOTIFY_STAFF_EMAILS", [])
NOTIFY_MAX_ATTEMPTS: int = _env_int("JORNADA_NOTIFY_MAX_ATTEMPTS", 5, minimum=1)
NOTIFY_BACKOFF_BASE: float = _env_float("JORNADA_NOTIFY_BACKOFF_BASE", 30.0)
NOTIFY_BACKOFF_MAX: float = _env_float("JORNADA_NOTIFY_BACKOFF_MAX", 3600.0)
NOTIFY_SANDBOX_RECEIPT_SECONDS: int = _env_int(
    "JORNADA_NOTIFY_SANDBOX_RECEIPT_SECONDS", 3, minimum=0
)
NOTIFY_ESTIMATE_BUSINESS_DAYS: int = _env_int("JORNADA_NOTIFY_ESTIMATE_BUSINESS_DAYS", 7, minimum=1)
NOTIFY_LATE_EXTRA_BUSINESS_DAYS: int = _env_int(
    "JORNADA_NOTIFY_LATE_EXTRA_BUSINESS_DAYS", 3, minimum=1
)
ORDER_URL_TEMPLATE: str = _env_str(
    "JORNADA_ORDER_URL_TEMPLATE", "{base}/pedido/{number}?token={token}"
)
WEBHOOK_MAX_ATTEMPTS: int = _env_int("JORNADA_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_TIMEOUT: float = _env_float("JORNADA_WEBHOOK_TIMEOUT", 10.0)

LOG_LEVEL: str = _env_str("JORNADA_LOG_LEVEL", "INFO").upper()
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
