from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "jornada.storefront"
    label = "storefront"
    verbose_name = "Storefront"
