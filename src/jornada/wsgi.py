"""WSGI entry point (``jornada serve`` runs it under granian)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jornada.settings")

application = get_wsgi_application()
