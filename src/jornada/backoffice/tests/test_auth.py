from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.backoffice.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_logging_in_opens_the_board_and_is_logged(client, agent):
    response = client.post(reverse("backoffice:login"), {"username": "carla", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    action = StaffAction.objects.get()
    assert (action.user_id, action.kind, action.ip_address) == (agent.pk, "login", "127.0.0.1")


def test_login_keeps_the_page_asked_for(client, agent):
    board = reverse("backoffice:order_board")
    response = client.post(
        reverse("backoffice:login") + f"?next={board}",
        {"username": "carla", "password": PASSWORD, "next": board},
    )
    assert response["Location"] == board


def test_a_wrong_password_is_refused_and_logged_with_the_typed_name(client, agent):
    response = client.post(reverse("backoffice:login"), {"username": "carla", "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    action = StaffAction.objects.get()
    assert (action.user_id, action.user_label, action.kind) == (None, "carla", "login_failed")


def test_logging_out_is_logged_and_ends_the_session(client, agent):
    client.force_login(agent)
    response = client.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:login")
    assert "_auth_user_id" not in client.session
    assert StaffAction.objects.get().kind == "logout"


def test_password_reset_by_email(client, agent):
    # when: asking for the link
    response = client.post(reverse("backoffice:password_reset"), {"email": agent.email})
    # then
    assert response["Location"] == reverse("backoffice:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "carla" in body
    link = next(line for line in body.splitlines() if "/password-reset/" in line)
    # when: following it and choosing a password
    form = client.get(link.split("testserver", 1)[1], follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Goiaba-Nova-77", "new_password2": "Goiaba-Nova-77"},
    )
    # then
    assert done["Location"] == reverse("backoffice:password_reset_complete")
    assert client.login(username="carla", password="Goiaba-Nova-77")
    kinds = list(StaffAction.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["password_reset_requested", "password_reset_done"]


def test_password_reset_for_an_unknown_email_sends_nothing(client, agent):
    response = client.post(reverse("backoffice:password_reset"), {"email": "who@else.example"})
    assert response.status_code == 302  # the same answer: nothing to learn about accounts
    assert mail.outbox == []
    assert not StaffAction.objects.exists()


def test_the_login_page_is_in_portuguese_by_default_and_switches_language(client):
    assert "Entrar na retaguarda" in client.get(reverse("backoffice:login")).content.decode()
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("backoffice:login")}
    )
    assert response["Location"] == reverse("backoffice:login")
    body = client.get(reverse("backoffice:login")).content.decode()
    assert "Iniciar sesión en el back office" in body
