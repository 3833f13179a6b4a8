from __future__ import annotations

import datetime as dt

import pytest

from jornada.payments.adapters.base import WebhookRejected, standard_signature, standard_verify

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
TS = int(NOW.timestamp())
BODY = b'{"id":"evt_1"}'


def headers(signature: str, ts: int = TS) -> dict[str, str]:
    return {"webhook-id": "evt_1", "webhook-timestamp": str(ts), "webhook-signature": signature}


def test_a_signature_made_with_the_secret_verifies():
    signature = standard_signature(secret=SECRET, msg_id="evt_1", timestamp=TS, body=BODY)
    assert standard_verify(
        secret=SECRET, headers=headers(signature), body=BODY, now=NOW, tolerance=300
    ) == ("evt_1", TS)


def test_one_valid_signature_among_several_is_enough():
    good = standard_signature(secret=SECRET, msg_id="evt_1", timestamp=TS, body=BODY)
    assert standard_verify(
        secret=SECRET, headers=headers(f"v1,bad {good}"), body=BODY, now=NOW, tolerance=300
    )


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda s, h, b: (h | {"webhook-signature": "v1,AAAA"}, b), "bad signature"),
        (lambda s, h, b: (h, b + b" "), "bad signature"),
        (lambda s, h, b: (h | {"webhook-id": "evt_2"}, b), "bad signature"),
        (lambda s, h, b: (h | {"webhook-timestamp": str(TS - 301)}, b), "stale timestamp"),
        (lambda s, h, b: (h | {"webhook-timestamp": str(TS + 301)}, b), "stale timestamp"),
        (
            lambda s, h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
            "missing signature headers",
        ),
        (lambda s, h, b: (h | {"webhook-timestamp": "soon"}, b), "bad timestamp"),
    ],
)
def test_tampered_stale_or_unsigned_messages_are_refused(mutate, reason):
    signature = standard_signature(secret=SECRET, msg_id="evt_1", timestamp=TS, body=BODY)
    bad_headers, body = mutate(signature, headers(signature), BODY)
    with pytest.raises(WebhookRejected) as error:
        standard_verify(secret=SECRET, headers=bad_headers, body=body, now=NOW, tolerance=300)
    assert error.value.reason == reason
