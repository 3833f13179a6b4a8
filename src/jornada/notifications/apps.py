from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "jornada.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Delivery status reported by email providers (anymail's tracking webhooks).
        from jornada.notifications import inbound

        inbound.connect_anymail_tracking()
