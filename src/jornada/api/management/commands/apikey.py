"""``jornada apikey create|list|revoke``: API keys for integrations, from the shell."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jornada.api.models import ApiKey
from jornada.api.services import api_key_create, api_key_revoke
from jornada.core.errors import DomainError


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class Command(BaseCommand):
    help = "Create, list and revoke API keys."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a key; its secret is printed once")
        create.add_argument("--name", required=True, help="who uses it, e.g. 'ERP'")
        create.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            required=True,
            help="repeatable: orders:read, orders:write, orders:*, or *",
        )
        listing = actions.add_parser("list", help="show keys (never their secrets)")
        listing.add_argument("--all", action="store_true", help="include revoked keys")
        revoke = actions.add_parser("revoke", help="stop a key from working")
        revoke.add_argument("prefix", help="the key's prefix, e.g. jk_live_ab12cd34")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(name=options["name"], scopes=options["scopes"])
        elif action == "list":
            self._list(include_revoked=options["all"])
        else:
            self._revoke(prefix=options["prefix"])

    def _create(self, *, name: str, scopes: list[str]) -> None:
        try:
            api_key, plaintext = api_key_create(name=name, scopes=scopes)
        except DomainError as exc:
            problems = "; ".join(m for msgs in exc.fields.values() for m in map(str, msgs))
            raise CommandError(f"{exc.message} {problems}") from exc
        self.stdout.write(f"Created API key {api_key.prefix} ({api_key.name}).")
        self.stdout.write(f"Scopes: {' '.join(api_key.scopes)}")
        self.stdout.write("Secret (shown only now; store it safely):")
        self.stdout.write(plaintext)

    def _list(self, *, include_revoked: bool) -> None:
        keys = ApiKey.objects.order_by("created_at")
        if not include_revoked:
            keys = keys.filter(revoked_at__isnull=True)
        for api_key in keys:
            state = f"revoked {_local(api_key.revoked_at)}" if api_key.revoked_at else "active"
            used = _local(api_key.last_used_at) if api_key.last_used_at else "never"
            self.stdout.write(
                f"{api_key.prefix}  {api_key.name}  [{' '.join(api_key.scopes)}]  "
                f"{state}  last used: {used}"
            )

    def _revoke(self, *, prefix: str) -> None:
        api_key = ApiKey.objects.filter(prefix=prefix).first()
        if api_key is None:
            raise CommandError(f"No API key with prefix {prefix}.")
        if api_key.revoked_at is not None:
            self.stdout.write(f"API key {prefix} was already revoked.")
            return
        api_key_revoke(api_key=api_key, actor=None)
        self.stdout.write(f"Revoked API key {prefix} ({api_key.name}).")
