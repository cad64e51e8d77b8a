from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clp.core"
    label = "core"
    verbose_name = "CLP Desk"
