from django.apps import AppConfig


class BrazilConfig(AppConfig):
    name = "jornada.brazil"
    label = "brazil"
    verbose_name = "Brazil toolkit"
