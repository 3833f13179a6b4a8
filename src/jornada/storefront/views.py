"""The customer's order page: ``/pedido/<number>?token=…``, the link every message carries.

The signed token opens one order and nothing else (``jornada.orders.selectors``); a wrong,
changed or another order's token gets the same "link not valid" page as an unknown
number, so the page tells nobody which orders exist. The page speaks the order's
language. Responses are private and never cached, and the token never leaks through the
``Referer`` header of the links on the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.core.store import store_profile
from jornada.storefront import selectors


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_valid(request: HttpRequest) -> HttpResponse:
    return _private(
        render(request, "storefront/link_not_valid.html", {"store": store_profile()}, status=404)
    )


@require_GET
@never_cache
def order_page(request: HttpRequest, number: str) -> HttpResponse:
    token = request.GET.get("token", "")
    order = selectors.customer_order_from_token(number=number, token=token)
    if order is None:
        return _not_valid(request)
    with translation.override(order.language):
        view = selectors.customer_order_view(order)
        response = render(
            request,
            "storefront/order.html",
            {"view": view, "order": order, "token": token, "store": store_profile()},
        )
        response["Content-Language"] = order.language
    return _private(response)


@require_GET
@never_cache
def order_document(request: HttpRequest, number: str, document_id: int) -> HttpResponse:
    order = selectors.customer_order_from_token(number=number, token=request.GET.get("token", ""))
    document = selectors.customer_document(order=order, document_id=document_id) if order else None
    if document is None:
        return _not_valid(request)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return _private(response)
