from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "jornada.orders"
    label = "orders"
    verbose_name = "Orders"
