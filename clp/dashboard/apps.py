from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "clp.dashboard"
    label = "dashboard"
    verbose_name = "CLP Desk"
