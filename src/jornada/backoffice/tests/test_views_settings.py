from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jornada.backoffice.models import StaffAction
from jornada.core.roles import Role, roles_of
from jornada.core.store import store_profile

pytestmark = pytest.mark.django_db


def store_form(**overrides: str) -> dict[str, str]:
    profile = store_profile()
    data = {
        "name": profile.name,
        "legal_name": "",
        "document": "",
        "email": profile.email,
        "phone": "",
        "whatsapp": "",
        "website": "",
        "logradouro": "",
        "numero": "",
        "complemento": "",
        "bairro": "",
        "cidade": "",
        "uf": "",
        "cep": "",
        "return_policy": profile.return_policy,
        "refund_policy": profile.refund_policy,
        "thank_you_note": profile.thank_you_note,
    }
    data.update(overrides)
    return data


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


# --- store profile -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent", "packer", "marketer"])
def test_only_owners_reach_the_store_settings(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("backoffice:store_settings")).status_code == 403
    response = client.post(reverse("backoffice:store_settings"), store_form(name="Hacked"))
    assert response.status_code == 403
    assert store_profile().name != "Hacked"


def test_owner_saves_the_profile_and_a_logo_becomes_a_png(client, owner):
    # given
    client.force_login(owner)
    upload = SimpleUploadedFile("logo.jpg", jpeg(1200, 600), content_type="image/jpeg")
    # when
    response = client.post(
        reverse("backoffice:store_settings"),
        {
            **store_form(
                name="Café Jornada",
                cep="01310-100",
                uf="SP",
                thank_you_note="Valeu!",
                website="loja.example",
            ),
            "logo": upload,
        },
    )
    # then
    assert response.status_code == 302, response.context["form"].errors
    profile = store_profile()
    assert (profile.name, profile.cep, profile.uf, profile.thank_you_note) == (
        "Café Jornada",
        "01310100",
        "SP",
        "Valeu!",
    )
    assert profile.website == "https://loja.example"
    logo = Image.open(io.BytesIO(bytes(profile.logo_png)))
    assert logo.format == "PNG"
    assert logo.size == (512, 256)
    action = StaffAction.objects.get()
    assert action.kind == "store_profile_updated"
    assert action.params["logo"] == "replaced"
    assert "name" in action.params["fields"]
    logo_response = client.get(reverse("backoffice:store_logo"))
    assert logo_response["Content-Type"] == "image/png"
    assert logo_response.content == bytes(profile.logo_png)


def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(client, owner):
    client.force_login(owner)
    before = store_profile().name
    upload = SimpleUploadedFile("logo.png", b"not really a png", content_type="image/png")
    response = client.post(
        reverse("backoffice:store_settings"), {**store_form(name="Outra"), "logo": upload}
    )
    assert response.status_code == 422
    assert store_profile().name == before
    assert not StaffAction.objects.exists()


def test_a_bad_email_is_refused_naming_the_field(client, owner):
    client.force_login(owner)
    response = client.post(reverse("backoffice:store_settings"), store_form(email="not-an-email"))
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert not StaffAction.objects.exists()


def test_the_logo_can_be_removed(client, owner):
    client.force_login(owner)
    client.post(
        reverse("backoffice:store_settings"),
        {**store_form(), "logo": SimpleUploadedFile("l.jpg", jpeg(10, 10))},
    )
    client.post(reverse("backoffice:store_settings"), {**store_form(), "remove_logo": "on"})
    assert bytes(store_profile().logo_png) == b""
    assert client.get(reverse("backoffice:store_logo")).status_code == 404


# --- staff --------------------------------------------------------------------------


def test_owner_sees_the_staff_with_their_roles(client, owner, packer, agent):
    client.force_login(owner)
    response = client.get(reverse("backoffice:staff_list"))
    members = {m["user"].username: m["roles"] for m in response.context["members"]}
    assert members == {"olga": {"owner"}, "wagner": {"warehouse"}, "carla": {"customer_service"}}


def test_owner_changes_a_members_roles_and_it_is_logged(client, owner, packer):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:staff_roles", args=[packer.pk]),
        {"roles": ["warehouse", "finance"]},
    )
    assert response.status_code == 302
    packer.refresh_from_db()
    assert roles_of(packer) == {"warehouse", "finance"}
    action = StaffAction.objects.get()
    assert action.kind == "staff_roles_changed"
    assert action.params == {
        "member": "wagner",
        "before": ["warehouse"],
        "after": ["finance", "warehouse"],
    }


def test_an_owner_cannot_remove_their_own_owner_role(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:staff_roles", args=[owner.pk]), {"roles": ["finance"]}
    )
    assert response.status_code == 422
    owner.refresh_from_db()
    assert roles_of(owner) == {"owner"}
    assert not StaffAction.objects.exists()


def test_non_owners_cannot_change_roles(client, agent, packer):
    client.force_login(agent)
    response = client.post(reverse("backoffice:staff_roles", args=[agent.pk]), {"roles": ["owner"]})
    assert response.status_code == 403
    agent.refresh_from_db()
    assert Role.OWNER not in roles_of(agent)


def test_adding_a_staff_member_emails_a_link_to_choose_a_password(client, owner):
    # when
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:staff_add"),
        {
            "username": "fabio",
            "name": "Fábio Lima",
            "email": "Fabio@Loja.example",
            "roles": ["finance"],
        },
    )
    # then
    assert response.status_code == 302
    action = StaffAction.objects.get(kind="staff_invited")
    assert action.params == {"member": "fabio", "email": "fabio@loja.example", "roles": ["finance"]}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fabio@loja.example"]
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    # the link opens the set-password form and the new password logs in
    client.logout()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Maracuja-2026!", "new_password2": "Maracuja-2026!"},
    )
    assert done.status_code == 302
    assert client.login(username="fabio", password="Maracuja-2026!")


def test_adding_a_staff_member_needs_a_free_user_name_and_a_role(client, owner, packer):
    client.force_login(owner)
    response = client.post(
        reverse("backoffice:staff_add"),
        {"username": "WAGNER", "email": "w2@loja.example", "roles": []},
    )
    assert response.status_code == 422
    assert not StaffAction.objects.exists()
    assert len(mail.outbox) == 0


# --- the log -------------------------------------------------------------------------


def test_only_owners_read_the_log(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:action_log")).status_code == 403


def test_the_log_lists_actions_newest_first_and_filters_by_order(client, owner, agent, order):
    client.force_login(agent)
    note_url = reverse("backoffice:order_note", args=[order.number])
    client.post(note_url, {"text": "primeira"})
    client.post(note_url, {"text": "segunda"})
    client.force_login(owner)
    response = client.get(reverse("backoffice:action_log") + f"?order={order.number}")
    actions = response.context["actions"]
    assert [a.params["text"] for a in actions] == ["segunda", "primeira"]
    assert all(a.user_label == "Carla" for a in actions)
    assert "adicionou uma nota a um pedido" in response.content.decode()
    other = client.get(reverse("backoffice:action_log") + "?order=1")
    assert list(other.context["actions"]) == []


def test_log_rows_cannot_be_changed_or_deleted(owner):
    from jornada.backoffice.services import staff_action_record

    action = staff_action_record(user=owner, kind="logout")
    action.kind = "login"
    with pytest.raises(ValueError, match="append-only"):
        action.save()
    with pytest.raises(ValueError, match="append-only"):
        action.delete()
