from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "clp.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"
