"""WSGI entry point (``jornada serve`` runs it under granian).

``POST /api/v1/orders`` with an API key takes the fast lane of ``jornada.fastpath``;
everything else goes through Django as usual.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jornada.settings")

django_application = get_wsgi_application()

from jornada.fastpath import with_order_intake  # noqa: E402  (needs Django set up)

application = with_order_intake(django_application)
