from jornada.notifications.tests.conftest import (  # noqa: F401 - fixtures
    catalog,
    clock,
    only_our_handlers,
    quiet_settings,
)
