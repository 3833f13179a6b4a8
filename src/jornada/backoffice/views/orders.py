"""The order board and the order page, with their htmx actions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice import selectors
from jornada.backoffice.access import allowed, capability_required
from jornada.backoffice.forms import ApproveForm, CancelForm, NoteForm, RejectForm
from jornada.backoffice.sections import panels_for
from jornada.backoffice.services import (
    message_resend_by_staff,
    order_cancel_by_staff,
    order_hold_approve_by_staff,
    order_hold_reject_by_staff,
    order_note_add,
    payment_refund_by_staff,
)
from jornada.backoffice.stages import BOARD_ORDER, Stage, due_at, urgency
from jornada.backoffice.timeline import timeline_entries
from jornada.backoffice.views.common import client_ip
from jornada.brazil.documents import tax_id_format
from jornada.brazil.errors import DocumentError
from jornada.core.errors import DomainError
from jornada.core.models import Document
from jornada.orders.models import Order, PaymentMethod, SalesChannel
from jornada.orders.states import BEFORE_DISPATCH, OrderStatus
from jornada.shipping.models import Carrier

FILTER_KEYS = ("q", "uf", "payment_method", "channel", "carrier")


def _filters(request: HttpRequest) -> selectors.BoardFilters:
    get = request.GET
    stage = get.get("stage", "")
    payment = get.get("payment_method", "")
    channel = get.get("channel", "")
    return selectors.BoardFilters(
        stage=stage if stage in Stage.values else "",
        q=get.get("q", "")[:200],
        uf=get.get("uf", "")[:2].upper(),
        payment_method=payment if payment in PaymentMethod.values else "",
        channel=channel if channel in SalesChannel.values else "",
        carrier=_known_carrier(get.get("carrier", "")),
    )


def _known_carrier(code: str) -> str:
    """The carrier's code when there is such a carrier ("" otherwise, like any unknown
    filter value)."""
    code = code.strip()[:40]
    if not code:
        return ""
    return code if Carrier.objects.filter(code=code).exists() else ""


def _query(filters: selectors.BoardFilters, **extra: str) -> str:
    values = {key: getattr(filters, key) for key in FILTER_KEYS}
    values.update(extra)
    return urlencode({k: v for k, v in values.items() if v})


def _stage_tabs(filters: selectors.BoardFilters, counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "value": stage.value,
            "label": stage.label,
            "count": counts[stage.value],
            "query": _query(filters, stage=stage.value),
            "current": filters.stage == stage.value,
        }
        for stage in BOARD_ORDER
    ]


def _board_context(request: HttpRequest) -> dict[str, Any]:
    filters = _filters(request)
    now = timezone.now()
    counts = selectors.board_counts(filters=filters, now=now)
    page = selectors.board_page(filters=filters, now=now, cursor=request.GET.get("after", ""))
    # Labels translated once per page: ``get_FOO_display`` per row re-hashes every lazy
    # choice label, which costs more than the rest of the row.
    statuses = {value: str(label) for value, label in OrderStatus.choices}
    methods = {value: str(label) for value, label in PaymentMethod.choices}
    channels = {value: str(label) for value, label in SalesChannel.choices}
    rows = [
        {
            "order": order,
            "status": statuses.get(order.status, order.status),
            "payment_method": methods.get(order.payment_method, order.payment_method),
            "channel": channels.get(order.channel, order.channel),
            "urgency": urgency(status=order.status, since=order.updated_at, now=now),
            "due_at": due_at(status=order.status, since=order.updated_at),
        }
        for order in page.orders
    ]
    return {
        "filters": filters,
        "stages": _stage_tabs(filters, counts),
        "all_query": _query(filters),
        "filter_query": _query(filters, stage=filters.stage),
        "next_query": _query(filters, stage=filters.stage, after=page.next_cursor)
        if page.next_cursor
        else "",
        "is_later_page": bool(request.GET.get("after")),
        "rows": rows,
        "oldest_first": page.oldest_first,
        "current_stage_label": Stage(filters.stage).label if filters.stage else _("All orders"),
        "choices": {
            **selectors.board_filter_choices(),
            "payment_methods": PaymentMethod.choices,
            "channels": SalesChannel.choices,
        },
    }


@require_GET
@capability_required("orders.view")
def order_board(request: HttpRequest) -> HttpResponse:
    context = _board_context(request)
    if request.htmx and request.htmx.target == "board-area":  # type: ignore[attr-defined]
        return render(request, "backoffice/orders/board_area.html", context)
    return render(request, "backoffice/orders/board.html", context)


@require_GET
@capability_required("orders.view")
def order_counts(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    counts = selectors.board_counts(filters=filters, now=timezone.now())
    context = {
        "stages": _stage_tabs(filters, counts),
        "filters": filters,
        "all_query": _query(filters),
        "filter_query": _query(filters, stage=filters.stage),
    }
    return render(request, "backoffice/orders/stage_counts.html", context)


def _order_or_404(number: str) -> Order:
    order = selectors.order_for_page(number)
    if order is None:
        raise Http404(_("Order not found."))
    return order


def _live_context(
    request: HttpRequest,
    order: Order,
    *,
    note_form: NoteForm | None = None,
    cancel_form: CancelForm | None = None,
    reject_form: RejectForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    entries = timeline_entries(selectors.order_events(order))
    user = request.user
    return {
        "order": order,
        "entries": entries,
        "notes": [entry for entry in entries if entry.is_note],
        "can_note": allowed(user, "orders.note"),
        "can_cancel": allowed(user, "orders.cancel") and order.status in BEFORE_DISPATCH,
        "can_validate": allowed(user, "orders.validate") and order.status == OrderStatus.ON_HOLD,
        "can_refund": allowed(user, "payments.refund"),
        "can_resend": allowed(user, "messages.resend"),
        "approve_form": ApproveForm(prefix="approve"),
        "reject_form": reject_form or RejectForm(prefix="reject"),
        "note_form": note_form or NoteForm(),
        "cancel_form": cancel_form or CancelForm(),
        "error": error,
        "urgency": urgency(status=order.status, since=order.updated_at, now=timezone.now()),
    }


def _document_text(value: str) -> str:
    try:
        return tax_id_format(value)
    except DocumentError:
        return value


@require_GET
@capability_required("orders.view")
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    context = _live_context(request, order)
    context.update(
        {
            "lines": selectors.order_lines(order),
            "history": selectors.customer_history(order),
            "document_text": _document_text(order.customer_document),
            "panels": panels_for(order, request.user),
        }
    )
    return render(request, "backoffice/orders/detail.html", context)


def _action_answer(
    request: HttpRequest,
    order: Order,
    *,
    message: str = "",
    error: DomainError | None = None,
    note_form: NoteForm | None = None,
    cancel_form: CancelForm | None = None,
    reject_form: RejectForm | None = None,
) -> HttpResponse:
    """htmx: the order's live block (status, actions, notes, timeline) and the message in
    the live region; without JavaScript: back to the order page."""
    status = error.status if error is not None else 200
    error_text = str(error.message) if error is not None else ""
    if request.htmx:  # type: ignore[attr-defined]
        fresh = selectors.order_for_page(order.number) or order
        context = _live_context(
            request,
            fresh,
            note_form=note_form,
            cancel_form=cancel_form,
            reject_form=reject_form,
            error=error_text,
        )
        context["message"] = message or error_text
        return render(request, "backoffice/orders/order_live.html", context, status=status)
    if error is not None:
        messages.error(request, error_text)
    else:
        messages.success(request, message)
    return redirect("backoffice:order_detail", number=order.number)


def _form_error(form: Any) -> DomainError:
    return DomainError(_("Check the highlighted field."), fields=dict(form.errors))


@require_POST
@capability_required("orders.note")
def order_note(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _action_answer(request, order, error=_form_error(form), note_form=form)
    try:
        order_note_add(
            order=order,
            user=request.user,
            text=form.cleaned_data["text"],
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _action_answer(request, order, error=error, note_form=form)
    return _action_answer(request, order, message=_("Note added."))


@require_POST
@capability_required("orders.cancel")
def order_cancel(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _action_answer(request, order, error=_form_error(form), cancel_form=form)
    try:
        order_cancel_by_staff(
            order=order,
            user=request.user,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _action_answer(request, order, error=error, cancel_form=form)
    return _action_answer(request, order, message=_("Order cancelled."))


@require_POST
@capability_required("orders.validate")
def order_approve(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    form = ApproveForm(request.POST, prefix="approve")
    if not form.is_valid():
        return _action_answer(request, order, error=_form_error(form))
    try:
        order_hold_approve_by_staff(
            order=order,
            user=request.user,
            note=form.cleaned_data["note"],
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _action_answer(request, order, error=error)
    return _action_answer(request, order, message=_("Order approved."))


@require_POST
@capability_required("orders.validate")
def order_reject(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    form = RejectForm(request.POST, prefix="reject")
    if not form.is_valid():
        return _action_answer(request, order, error=_form_error(form), reject_form=form)
    try:
        order_hold_reject_by_staff(
            order=order,
            user=request.user,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _action_answer(request, order, error=error, reject_form=form)
    return _action_answer(request, order, message=_("Order rejected and cancelled."))


@require_POST
@capability_required("payments.refund")
def order_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Refund one of the order's payments (finance); answers by going back to the page."""
    order = _order_or_404(number)
    try:
        payment_id = int(request.POST.get("payment", ""))
    except ValueError:
        payment_id = 0
    try:
        refund = payment_refund_by_staff(
            order=order,
            payment_id=payment_id,
            user=request.user,
            amount=request.POST.get("amount", "").strip().replace(",", ".") or None,
            reason=request.POST.get("reason", ""),
            ip_address=client_ip(request),
        )
    except DomainError as error:
        text = str(error.message)
        details = [str(m) for messages_ in (error.fields or {}).values() for m in messages_]
        messages.error(request, " ".join([text, *details]))
        return redirect("backoffice:order_detail", number=order.number)
    messages.success(
        request,
        _("Refund of %(amount)s: %(status)s.")
        % {"amount": refund.amount, "status": refund.get_status_display()},
    )
    return redirect("backoffice:order_detail", number=order.number)


@require_GET
@capability_required("documents.view")
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404(_("Document not found."))
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    safe_name = document.filename.replace('"', "")
    response["Content-Disposition"] = f'inline; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@capability_required("messages.resend")
def order_message_resend(request: HttpRequest, number: str, message_id: int) -> HttpResponse:
    """Send a failed message again; answers by going back to the page."""
    order = _order_or_404(number)
    try:
        message_resend_by_staff(
            order=order, message_id=message_id, user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Message queued to be sent again."))
    return redirect("backoffice:order_detail", number=order.number)
