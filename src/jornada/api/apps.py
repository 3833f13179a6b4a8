from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jornada.api"
    label = "api"
    verbose_name = "API"
