"""Login, logout and password reset: Django's views with our templates and the log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from jornada.backoffice.models import StaffActionKind
from jornada.backoffice.services import staff_action_record
from jornada.backoffice.views.common import client_ip

EMAIL_TEMPLATE = "backoffice/auth/password_reset_email.txt"
SUBJECT_TEMPLATE = "backoffice/auth/password_reset_subject.txt"


class LoginView(auth_views.LoginView):
    template_name = "backoffice/auth/login.html"
    redirect_authenticated_user = True
    next_page = "backoffice:home"  # a URL name: resolved when used

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        staff_action_record(
            user=form.get_user(), kind=StaffActionKind.LOGIN, ip_address=client_ip(self.request)
        )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        typed = str(form.data.get("username", ""))[:150]
        if typed:
            staff_action_record(
                user=None,
                kind=StaffActionKind.LOGIN_FAILED,
                label=typed,
                ip_address=client_ip(self.request),
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    next_page = "backoffice:login"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            staff_action_record(
                user=request.user, kind=StaffActionKind.LOGOUT, ip_address=client_ip(request)
            )
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "backoffice/auth/password_reset_form.html"
    email_template_name = EMAIL_TEMPLATE
    subject_template_name = SUBJECT_TEMPLATE
    success_url = reverse_lazy("backoffice:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        for user in form.get_users(form.cleaned_data["email"]):
            staff_action_record(
                user=user,
                kind=StaffActionKind.PASSWORD_RESET_REQUESTED,
                ip_address=client_ip(self.request),
            )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "backoffice/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "backoffice/auth/password_reset_confirm.html"
    success_url = reverse_lazy("backoffice:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        staff_action_record(
            user=form.user,
            kind=StaffActionKind.PASSWORD_RESET_DONE,
            ip_address=client_ip(self.request),
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "backoffice/auth/password_reset_complete.html"


class SetPasswordMailForm(PasswordResetForm):
    """The reset email, sent to one new staff member (whose password is not set yet,
    which Django's own form would skip)."""

    def __init__(self, member: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__({"email": member.email}, *args, **kwargs)
        self.member = member

    def get_users(self, email: str) -> Any:
        return [self.member] if self.member.is_active else []


def send_set_password_mail(request: HttpRequest, member: Any) -> None:
    form = SetPasswordMailForm(member)
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
        )
