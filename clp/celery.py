"""The Celery app: `celery -A clp worker` and `celery -A clp beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clp.settings")

app = Celery("clp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
