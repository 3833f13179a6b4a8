from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "jornada.customers"
    label = "customers"
    verbose_name = "Customers"
