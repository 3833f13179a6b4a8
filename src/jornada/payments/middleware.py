"""Refuse any API request that carries what looks like a card number (PCI SAQ A).

Jornada takes gateway tokens only. A request under ``/api/`` (providers' webhooks
aside) whose JSON body, form or query string holds a card number (issuer range and
length, Luhn check) is answered 422 before any view runs; the number is neither stored
nor logged (the answer does not repeat it).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from jornada.payments.cards import card_number_paths


def _flat(data: QueryDict) -> dict[str, object]:
    return {key: values[0] if len(values) == 1 else values for key, values in data.lists()}


def card_number_fields(request: HttpRequest) -> list[str]:
    """Where the request carries card numbers (field paths); empty when nowhere."""
    found = card_number_paths(_flat(request.GET))
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return found
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            found += card_number_paths(json.loads(request.body or b"null"))
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        found += card_number_paths(_flat(request.POST))
    return found


class RefuseCardNumbers:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Gateways, carriers and messaging providers post their own signed webhooks:
        # those are not a checkout and carry their own ids.
        checked = request.path.startswith("/api/") and "/webhooks/" not in request.path
        fields = card_number_fields(request) if checked else []
        if fields:
            from jornada.api.errors import error_response

            return error_response(
                "card_number_refused",
                _(
                    "Card numbers are never accepted: send the token from the payment "
                    "gateway's checkout instead."
                ),
                status=422,
                fields={f: [_("Send a gateway token, not the card number.")] for f in fields},
            )
        return self.get_response(request)
