"""Writes of the API app: API keys and idempotency records.

API keys look like ``jk_live_ab12cd34_<43 url-safe characters>``: the first 16
characters are the public ``prefix`` (shown in lists, used to find the row), the rest is
a 256-bit secret. Only ``sha256(key)`` is stored: the key is random and long, so a fast
hash compared in constant time is as strong as a slow password hash, and cheap per call.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jornada.api.models import ApiKey, IdempotencyRecord, IdempotencyStatus
from jornada.core.cache import ttl_forget, ttl_get
from jornada.core.errors import DomainError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEY_PREFIX = "jk_live_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8
LAST_USED_RESOLUTION = timedelta(minutes=1)
SCOPE_RE = re.compile(r"^(\*|[a-z][a-z_]*:(\*|[a-z][a-z_]*))$")


def api_key_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _validate_key_request(*, name: str, scopes: list[str]) -> None:
    fields: dict[str, list[str | Promise]] = {}
    if not name.strip():
        fields["name"] = [_("This field is required.")]
    elif len(name) > 100:
        fields["name"] = [_("Enter at most %(max_length)s characters.") % {"max_length": 100}]
    if not scopes:
        fields["scopes"] = [_("Give the key at least one scope.")]
    bad = [scope for scope in scopes if not SCOPE_RE.match(scope)]
    if bad:
        fields["scopes"] = [
            _("Invalid scope %(scope)s: use resource:action, such as orders:read, or *.")
            % {"scope": scope}
            for scope in bad
        ]
    if fields:
        raise DomainError(
            _("The API key cannot be created."), code="invalid_api_key", fields=fields
        )


def api_key_create(
    *, name: str, scopes: list[str], created_by: User | None = None
) -> tuple[ApiKey, str]:
    """Make a key; returns it with its plaintext, which is never stored nor shown again."""
    scopes = list(dict.fromkeys(scopes))  # keep order, drop repeats
    _validate_key_request(name=name, scopes=scopes)
    for _attempt in range(5):
        prefix = KEY_PREFIX + secrets.token_hex(4)
        plaintext = f"{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                api_key = ApiKey.objects.create(
                    name=name.strip(),
                    prefix=prefix,
                    key_hash=api_key_hash(plaintext),
                    scopes=scopes,
                    created_by=created_by,
                )
        except IntegrityError:
            continue  # another key drew the same 32-bit prefix
        return api_key, plaintext
    raise RuntimeError("could not draw a free API key prefix")


def api_key_revoke(*, api_key: ApiKey, actor: User | None) -> ApiKey:
    """Stop ``api_key`` from authenticating, from the next request on. Revoking twice is a no-op."""
    now = timezone.now()
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    api_key.refresh_from_db(fields=["revoked_at", "revoked_by"])
    ttl_forget(_cache_key(api_key.key_hash))
    return api_key


def _cache_key(digest: str) -> tuple[str, str]:
    return ("api_key", digest)


def _active_key(*, prefix: str, digest: str) -> ApiKey | None:
    api_key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, digest):
        return None
    return api_key


def api_key_authenticate(*, plaintext: str, now: datetime | None = None) -> ApiKey | None:
    """The active key matching ``plaintext``, or None.

    Looked up once per ``core.cache.TTL_SECONDS`` per process (by the key's hash, never
    its plaintext): every API call authenticates, and a thousand orders a second must
    not mean a thousand key reads. A revoked key stops at once in the process that
    revoked it and within seconds in the others.

    Marks it used at most once per ``LAST_USED_RESOLUTION`` so that busy integrations do
    not turn every read into a write.
    """
    if len(plaintext) <= PREFIX_LENGTH or not plaintext.startswith(KEY_PREFIX):
        return None
    digest = api_key_hash(plaintext)
    api_key = ttl_get(
        _cache_key(digest), lambda: _active_key(prefix=plaintext[:PREFIX_LENGTH], digest=digest)
    )
    if api_key is None:
        return None
    now = now or timezone.now()
    stale = now - LAST_USED_RESOLUTION
    if api_key.last_used_at is None or api_key.last_used_at < stale:
        ApiKey.objects.filter(pk=api_key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
        ).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


# ---------------------------------------------------------------------------
# Idempotency records (the flow around them lives in jornada.api.idempotency)
# ---------------------------------------------------------------------------


def idempotency_record_claim(
    *, scope: str, key: str, fingerprint: str, now: datetime
) -> IdempotencyRecord | None:
    """Insert the in-progress record in its own short transaction; None if the key is taken."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                status=IdempotencyStatus.IN_PROGRESS,
                created_at=now,
                locked_at=now,
            )
    except IntegrityError:
        return None


def idempotency_record_take_over(
    *, record: IdempotencyRecord, now: datetime
) -> IdempotencyRecord | None:
    """Own a stale in-progress record (its request died); None if someone else moved first."""
    taken = IdempotencyRecord.objects.filter(
        pk=record.pk, status=IdempotencyStatus.IN_PROGRESS, locked_at=record.locked_at
    ).update(locked_at=now)
    if not taken:
        return None
    record.locked_at = now
    return record


def idempotency_record_complete(
    *, record: IdempotencyRecord, status: int, headers: dict[str, str], body: bytes, now: datetime
) -> bool:
    """Store the answer; False if the record is no longer ours (taken over as stale).

    Runs inside the operation's transaction, so the answer commits with its writes or not
    at all.
    """
    return bool(
        IdempotencyRecord.objects.filter(
            pk=record.pk, status=IdempotencyStatus.IN_PROGRESS, locked_at=record.locked_at
        ).update(
            status=IdempotencyStatus.COMPLETED,
            response_status=status,
            response_headers=headers,
            response_body=body,
            completed_at=now,
        )
    )


def idempotency_record_release(*, record: IdempotencyRecord) -> None:
    """Forget an in-progress record whose request failed, so that the client may retry."""
    IdempotencyRecord.objects.filter(
        pk=record.pk, status=IdempotencyStatus.IN_PROGRESS, locked_at=record.locked_at
    ).delete()


def idempotency_record_expire(*, record: IdempotencyRecord) -> None:
    """Delete a completed record past its time to live, so its key starts afresh."""
    IdempotencyRecord.objects.filter(pk=record.pk, completed_at=record.completed_at).delete()


def idempotency_records_purge(*, now: datetime) -> int:
    """Delete records older than ``IDEMPOTENCY_TTL_HOURS``; returns how many went."""
    cutoff = now - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
