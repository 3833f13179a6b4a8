"""Staff pages (the local outbox, call tasks, template preview, webhook log) and the
customer's unsubscribe page. Each view parses, authorises, calls one service or
selector, and renders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateSyntaxError
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jornada.core.roles import Role, has_role
from jornada.core.store import store_profile
from jornada.customers.types import Channel
from jornada.notifications import selectors, services
from jornada.notifications.models import Audience, CallOutcome, MessageStatus, MessageTemplate
from jornada.notifications.rendering import (
    TemplateSource,
    message_context,
    message_language,
)
from jornada.notifications.rendering import (
    render as render_message,
)
from jornada.notifications.template_edits import sample_payload
from jornada.orders.models import Order, OrderLine

View = Callable[..., HttpResponse]


def staff_role(*roles: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                return render(
                    request,
                    "notifications/forbidden.html",
                    {"roles": [Role(r).label for r in roles]},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


_OUTBOX_ROLES = (Role.CUSTOMER_SERVICE, Role.MARKETING)


@staff_role(*_OUTBOX_ROLES)
def outbox(request: HttpRequest) -> HttpResponse:
    filters = selectors.OutboxFilters(
        channel=request.GET.get("channel", ""),
        status=request.GET.get("status", ""),
        order_number=request.GET.get("order", ""),
        audience=request.GET.get("audience", ""),
    )
    context = {
        "messages_list": selectors.outbox_messages(filters=filters),
        "filters": filters,
        "channels": Channel.choices,
        "statuses": MessageStatus.choices,
        "audiences": Audience.choices,
        "open_calls": len(selectors.call_tasks_open()),
    }
    template = (
        "notifications/outbox_rows.html" if request.htmx else "notifications/outbox.html"  # type: ignore[attr-defined]
    )
    return render(request, template, context)


@staff_role(*_OUTBOX_ROLES)
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = selectors.message_get(message_id=message_id)
    if message is None:
        raise Http404
    order = Order.objects.filter(pk=message.order_id).first() if message.order_id else None
    return render(request, "notifications/message.html", {"message": message, "order": order})


@staff_role(*_OUTBOX_ROLES)
@require_POST
def message_retry_view(request: HttpRequest, message_id: int) -> HttpResponse:
    services.message_retry(message_id=message_id)
    return redirect("notifications:message", message_id=message_id)


@staff_role(*_OUTBOX_ROLES)
def calls(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/calls.html",
        {"calls": selectors.call_tasks_open(), "outcomes": CallOutcome.choices},
    )


@staff_role(*_OUTBOX_ROLES)
@require_POST
def call_close(request: HttpRequest, message_id: int) -> HttpResponse:
    outcome = request.POST.get("outcome", "")
    if outcome not in CallOutcome.values:
        return HttpResponse(_("Choose done or not reached."), status=422)
    user = request.user
    label = user.get_full_name() or user.get_username()  # type: ignore[union-attr]
    closed = services.call_task_close(
        message_id=message_id,
        outcome=outcome,
        staff_label=label,
        note=request.POST.get("note", "")[:500],
    )
    if request.htmx:  # type: ignore[attr-defined]
        text = (
            _("Recorded: %(outcome)s.") % {"outcome": CallOutcome(outcome).label}
            if closed
            else _("This call was already closed.")
        )
        return HttpResponse(f'<p role="status">{text}</p>')
    return redirect("notifications:calls")


@staff_role(Role.MARKETING)
def template_preview(request: HttpRequest, template_id: int) -> HttpResponse:
    """The template rendered on a real order (the one asked for, else the newest)."""
    template = get_object_or_404(MessageTemplate, pk=template_id)
    number = request.GET.get("order", "").strip()
    orders = Order.objects.order_by("-placed_at", "-id")
    order = orders.filter(number=number).first() if number else orders.first()
    context: dict[str, Any] = {"template": template, "order": order, "number": number}
    if order is not None:
        language = message_language(template.language)
        from jornada.customers.models import Customer

        customer = Customer.objects.filter(pk=order.customer_id).first()
        data = message_context(
            order=order,
            customer=customer,
            lines=list(OrderLine.objects.filter(order=order).order_by("position")),
            store=store_profile(),
            payload=sample_payload(order),
            language=language,
        )
        source = TemplateSource(
            cache_key=("preview", template.pk, template.updated_at),
            purpose=template.purpose,
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            whatsapp_template=template.whatsapp_template,
            whatsapp_params=list(template.whatsapp_params or []),
        )
        try:
            with translation.override(language):
                context["rendered"] = render_message(source, data, channel=template.channel)
        except TemplateSyntaxError as exc:
            context["error"] = str(exc)
    return render(request, "notifications/preview.html", context)


@staff_role(Role.OWNER)
def webhook_log(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/webhooks.html",
        {"deliveries": selectors.webhook_deliveries()},
    )


def store_logo(request: HttpRequest) -> HttpResponse:
    logo = bytes(store_profile().logo_png or b"")
    if not logo:
        raise Http404
    response = HttpResponse(logo, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@csrf_exempt  # the signed token is the authority; one-click (RFC 8058) posts carry no cookie
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    read = services.unsubscribe_read(token)
    if read is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    channel_label = Channel(read[1]).label if read[1] in Channel.values else read[1]
    if request.method == "POST":
        evidence = f"ip={request.META.get('REMOTE_ADDR', '')}; ua={request.META.get('HTTP_USER_AGENT', '')[:200]}"
        customer = services.customer_unsubscribe(token=token, evidence=evidence)
        if customer is None:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"done": True, "channel": channel_label, "store": store_profile()},
        )
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "channel": channel_label, "store": store_profile()},
    )
