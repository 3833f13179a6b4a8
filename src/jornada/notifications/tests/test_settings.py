"""Email by URL (settings)."""

from __future__ import annotations

import pytest

from jornada.settings import _email_from_url


def test_smtp_url_with_tls() -> None:
    config = _email_from_url("smtp://loja%40ex.com:s3cr%2Ft@smtp.ex.com:587?tls=1")
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.ex.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "loja@ex.com",
        "EMAIL_HOST_PASSWORD": "s3cr/t",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "EMAIL_TIMEOUT": 20,
    }


def test_smtps_defaults_to_port_465_with_ssl() -> None:
    config = _email_from_url("smtps://u:p@mail.ex.com")
    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_anymail_provider_url_selects_its_backend() -> None:
    assert _email_from_url("anymail://mailgun") == {
        "EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend"
    }


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="JORNADA_EMAIL_URL"):
        _email_from_url("ftp://x")
