"""``jornada init``: migrate and create the staff admin. Safe to run any number of times."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jornada.core.demo import demo_load


class Command(BaseCommand):
    help = "Create or upgrade the database and make sure a staff admin exists (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default=None, help="default JORNADA_ADMIN_EMAIL")
        parser.add_argument(
            "--password", default=None, help="default JORNADA_ADMIN_PASSWORD, else generated"
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="also load the demo store: profile, catalog, stock and a few orders",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        self.stdout.write("database: migrated")
        user_model = get_user_model()
        username = options["username"]
        with transaction.atomic():
            if user_model.objects.filter(username=username).exists():
                self.stdout.write(f"admin: {username} already exists (password unchanged)")
            else:
                password = (
                    options["password"] or settings.ADMIN_PASSWORD or secrets.token_urlsafe(12)
                )
                user_model.objects.create_superuser(
                    username=username,
                    email=options["email"] or settings.ADMIN_EMAIL,
                    password=password,
                )
                self.stdout.write(self.style.SUCCESS(f"admin: created {username} / {password}"))
        if options["demo"]:
            for step in demo_load():
                self.stdout.write(f"demo: {step}")
