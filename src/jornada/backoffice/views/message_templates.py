"""Message templates (marketing): the list per message, channel and language; the editor
with its preview beside it, rendered by notifications' own renderer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jornada.backoffice.access import capability_required
from jornada.backoffice.marketing_forms import TemplateForm
from jornada.backoffice.marketing_services import template_save_by_staff
from jornada.backoffice.views.common import client_ip
from jornada.core.errors import DomainError
from jornada.customers.types import Channel
from jornada.notifications.models import MessageTemplate
from jornada.notifications.template_edits import (
    TemplateDraft,
    TemplatePreview,
    template_preview,
)

LANGUAGES = ("pt-br", "es", "en")


def _template_or_404(template_id: int) -> MessageTemplate:
    template = MessageTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise Http404(_("Message template not found."))
    return template


@require_GET
@capability_required("templates.edit")
def template_list(request: HttpRequest) -> HttpResponse:
    """One row per message and channel, a cell per language (rows ordered by key)."""
    grouped: dict[tuple[str, str], dict[str, MessageTemplate]] = {}
    for template in MessageTemplate.objects.order_by("key", "channel", "language").only(
        "id", "key", "channel", "language", "purpose", "is_active", "updated_at", "updated_by"
    ):
        grouped.setdefault((template.key, template.channel), {})[template.language] = template
    channel_labels = dict(Channel.choices)
    rows = [
        {
            "key": key,
            "channel": channel_labels.get(channel, channel),
            "cells": [(language, by_language.get(language)) for language in LANGUAGES],
        }
        for (key, channel), by_language in grouped.items()
    ]
    return render(
        request,
        "backoffice/marketing/templates.html",
        {"rows": rows, "languages": LANGUAGES},
    )


def _edit_page(
    request: HttpRequest,
    template: MessageTemplate,
    form: TemplateForm,
    *,
    preview: TemplatePreview | None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"template": template, "form": form, "preview": preview}
    return render(request, "backoffice/marketing/template_edit.html", context, status=status)


def _add_errors(form: TemplateForm, errors: dict[str, list[Any]]) -> None:
    for name, problems in errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))


@require_http_methods(["GET", "POST"])
@capability_required("templates.edit")
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    """GET: the editor with the saved wording previewed on the sample order. POST: save
    (refused with the errors under their fields when the draft does not render)."""
    template = _template_or_404(template_id)
    if request.method == "GET":
        draft = TemplateDraft.of(template)
        form = TemplateForm(initial=TemplateForm.initial_for(draft))
        return _edit_page(
            request, template, form, preview=template_preview(template=template, draft=draft)
        )
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, template, form, preview=None, status=422)
    draft = form.draft()
    try:
        _saved, changed = template_save_by_staff(
            template_id=template.pk,
            draft=draft,
            user=request.user,
            ip_address=client_ip(request),
        )
    except DomainError as error:
        _add_errors(form, dict(error.fields) or {"": [error.message]})
        return _edit_page(request, template, form, preview=None, status=error.status)
    if changed:
        messages.success(request, _("Template saved."))
    else:
        messages.success(request, _("Nothing changed."))
    return redirect("backoffice:message_template_edit", template_id=template.pk)


@require_POST
@capability_required("templates.edit")
def template_preview_view(request: HttpRequest, template_id: int) -> HttpResponse:
    """The draft in the editor rendered, saving nothing: htmx swaps the preview beside the
    editor; without JavaScript the editor page comes back with it."""
    template = _template_or_404(template_id)
    form = TemplateForm(request.POST)
    preview: TemplatePreview | None = None
    if form.is_valid():
        preview = template_preview(
            template=template, draft=form.draft(), order_number=form.cleaned_data["order"]
        )
        _add_errors(form, dict(preview.errors))
    if request.htmx:  # type: ignore[attr-defined]
        context = {"template": template, "form": form, "preview": preview}
        return render(request, "backoffice/marketing/template_preview.html", context)
    return _edit_page(request, template, form, preview=preview)
