from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "jornada.inventory"
    label = "inventory"
    verbose_name = "Inventory"
