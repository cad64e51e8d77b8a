from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """The outbox: one row per recipient and purpose, written in the same transaction as
    the change that causes it. `key` makes the same reminder impossible to create twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=50)
    person = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey(
        "officers.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    legal = models.BooleanField(default=False)
    attachments = models.JSONField(default=list, blank=True)
    due_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.kind}: {self.subject}"
