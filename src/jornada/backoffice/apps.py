from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "jornada.backoffice"
    label = "backoffice"
    verbose_name = _("back office")
    default_auto_field = "django.db.models.BigAutoField"
