from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "jornada.catalog"
    label = "catalog"
    verbose_name = "Catalog"
