from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from jornada.core.documents import document_latest, document_store
from jornada.core.roles import Role, has_role, roles_of
from jornada.core.store import store_profile, store_profile_update

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_roles_come_from_groups_and_owners_may_do_everything():
    packer = User.objects.create_user("packer", is_staff=True)
    packer.groups.add(Group.objects.get(name=Role.WAREHOUSE))
    owner = User.objects.create_user("owner", is_staff=True)
    owner.groups.add(Group.objects.get(name=Role.OWNER))
    root = User.objects.create_superuser("root", password="x")

    assert has_role(packer, Role.WAREHOUSE)
    assert not has_role(packer, Role.FINANCE)
    assert has_role(owner, Role.FINANCE)
    assert roles_of(root) == frozenset(Role.values)
    assert not has_role(AnonymousUser(), Role.WAREHOUSE)
    packer.is_active = False
    assert not has_role(packer, Role.WAREHOUSE)


def test_the_store_profile_starts_with_pt_br_policies_and_can_be_edited():
    profile = store_profile()
    assert "7 dias" in profile.return_policy
    store_profile_update(name="Casa Aurora", phone="+551133334444")
    assert store_profile().name == "Casa Aurora"
    with pytest.raises(ValueError):
        store_profile_update(colour="red")


def test_documents_keep_their_bytes_and_digest():
    doc = document_store(kind="order_report", filename="r.pdf", content=b"%PDF-1", order_id=7)
    again = document_latest(kind="order_report", order_id=7)
    assert again is not None and again.pk == doc.pk
    assert bytes(again.content) == b"%PDF-1"
    assert again.sha256 == hashlib.sha256(b"%PDF-1").hexdigest()
    assert document_latest(kind="order_report", order_id=8) is None
