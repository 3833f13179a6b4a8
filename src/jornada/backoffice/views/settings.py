"""Owner settings: the store profile (with its logo) and the staff with their roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jornada.backoffice import selectors
from jornada.backoffice.access import ROLE_LABELS, capability_required
from jornada.backoffice.forms import STORE_FIELDS, StaffInviteForm, StaffRolesForm, StoreProfileForm
from jornada.backoffice.services import staff_invite, staff_roles_set, store_profile_save
from jornada.backoffice.views.auth import send_set_password_mail
from jornada.backoffice.views.common import client_ip
from jornada.core.errors import DomainError
from jornada.core.store import store_profile


def _add_errors(
    form: StoreProfileForm | StaffInviteForm | StaffRolesForm, error: DomainError
) -> None:
    for field, problems in error.fields.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, str(problem))
    if not error.fields:
        form.add_error(None, str(error.message))


@require_http_methods(["GET", "POST"])
@capability_required("settings.store")
def store_settings(request: HttpRequest) -> HttpResponse:
    profile = store_profile()
    if request.method == "POST":
        form = StoreProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            upload = form.cleaned_data.get("logo")
            try:
                store_profile_save(
                    user=request.user,
                    fields={name: form.cleaned_data[name] for name in STORE_FIELDS},
                    logo=upload.read() if upload else None,
                    remove_logo=bool(form.cleaned_data.get("remove_logo")),
                    ip_address=client_ip(request),
                )
            except DomainError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Store profile saved."))
                return redirect("backoffice:store_settings")
        status = 422
    else:
        form = StoreProfileForm(instance=store_profile())
        status = 200
    context = {"form": form, "has_logo": bool(profile.logo_png), "profile": profile}
    return render(request, "backoffice/settings/store.html", context, status=status)


@require_GET
@capability_required("settings.store")
def store_logo(request: HttpRequest) -> HttpResponse:
    logo = bytes(store_profile().logo_png or b"")
    if not logo:
        raise Http404(_("The store has no logo."))
    response = HttpResponse(logo, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    return response


def _staff_page(
    request: HttpRequest, *, invite_form: StaffInviteForm | None = None, status: int = 200
) -> HttpResponse:
    members = [
        {
            "user": member,
            "roles": selectors.staff_roles(member),
            "is_self": member.pk == request.user.pk,
        }
        for member in selectors.staff_members()
    ]
    context = {
        "members": members,
        "role_labels": list(ROLE_LABELS.items()),
        "invite_form": invite_form or StaffInviteForm(),
    }
    return render(request, "backoffice/settings/staff.html", context, status=status)


@require_GET
@capability_required("settings.staff")
def staff_list(request: HttpRequest) -> HttpResponse:
    return _staff_page(request)


@require_POST
@capability_required("settings.staff")
def staff_roles(request: HttpRequest, member_id: int) -> HttpResponse:
    form = StaffRolesForm(request.POST)
    if form.is_valid():
        try:
            member = staff_roles_set(
                user=request.user,
                member_id=member_id,
                roles=set(form.cleaned_data["roles"]),
                ip_address=client_ip(request),
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            return _staff_page(request, status=error.status)
        messages.success(request, _("Roles of %(name)s saved.") % {"name": member.get_username()})
    else:
        messages.error(request, _("Unknown role."))
    return redirect("backoffice:staff_list")


@require_POST
@capability_required("settings.staff")
def staff_add(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, invite_form=form, status=422)
    try:
        member = staff_invite(
            user=request.user,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            roles=form.role_set(),
            ip_address=client_ip(request),
        )
    except DomainError as error:
        _add_errors(form, error)
        return _staff_page(request, invite_form=form, status=422)
    send_set_password_mail(request, member)
    messages.success(
        request,
        _("%(name)s was added and got an email to choose a password.")
        % {"name": member.get_username()},
    )
    return redirect("backoffice:staff_list")
