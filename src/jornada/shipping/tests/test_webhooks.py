from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jornada.shipping.webhooks import webhook_headers, webhook_sign, webhook_verify

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_matches_the_standard_webhooks_reference_signature():
    # the example of the Standard Webhooks specification
    signature = webhook_sign(
        secret=SECRET,
        webhook_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@given(st.binary(max_size=200))
def test_accepts_its_own_signature_and_refuses_any_change(body):
    headers = webhook_headers(secret=SECRET, webhook_id="evt_1", body=body, now=1_000_000)

    assert webhook_verify(secret=SECRET, headers=headers, body=body, now=1_000_010)
    assert not webhook_verify(secret=SECRET, headers=headers, body=body + b"x", now=1_000_010)
    assert not webhook_verify(secret="whsec_b3RoZXI=", headers=headers, body=body, now=1_000_010)


def test_refuses_old_or_unsigned_deliveries():
    headers = webhook_headers(secret=SECRET, webhook_id="evt_1", body=b"{}", now=1_000_000)

    assert not webhook_verify(secret=SECRET, headers=headers, body=b"{}", now=1_000_000 + 301)
    assert not webhook_verify(
        secret=SECRET, headers={**headers, "webhook-signature": ""}, body=b"{}", now=1_000_000
    )
    assert not webhook_verify(secret="", headers=headers, body=b"{}", now=1_000_000)


def test_accepts_any_one_of_several_signatures_during_a_secret_rotation():
    headers = webhook_headers(secret=SECRET, webhook_id="evt_1", body=b"{}", now=1_000_000)
    headers["webhook-signature"] = "v1,bm90IGl0 " + headers["webhook-signature"]

    assert webhook_verify(secret=SECRET, headers=headers, body=b"{}", now=1_000_000)
