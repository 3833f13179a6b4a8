from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jornada.core"
    label = "core"
    verbose_name = "Jornada core"

    def ready(self) -> None:
        # The one registry of event handlers and timer jobs is filled at start-up.
        from jornada.core import registry

        registry.autodiscover()
