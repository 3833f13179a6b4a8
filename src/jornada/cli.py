"""The ``jornada`` command: Django's management commands under Jornada's settings.

``jornada init | run | serve | worker | check`` are Jornada's own; every other Django
command (``migrate``, ``createsuperuser``, ``apikey`` …) works too. ``--help`` on each.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jornada.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jornada", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
