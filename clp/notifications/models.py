import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clp.notifications.kinds import Channel


class Notification(models.Model):
    """The outbox: one row per recipient and purpose, written in the same transaction as
    the change that causes it. `key` makes the same reminder impossible to create twice.

    A row addressed to a post has no person until it is sent: it goes to whoever holds the
    post that day (a second holder gets a copy: a row of the same `group`, `copy_of` it).
    Its life: PENDING (waiting to fall due, or for the morning) -> QUEUED (handed to a
    worker) -> SENDING (claimed by one worker) -> SENT, or DIGEST (in the inbox, waiting for
    tomorrow's digest email) -> SENT, or FAILED with the error.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        QUEUED = "queued", "Handed to a worker"
        SENDING = "sending", "Sending"
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    key = models.CharField(max_length=255, unique=True)
    group = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The key given to notify(): every copy shares it.",
    )
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The row this copies for a second recipient (a post held by two, two Secretaries).",
    )
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
    due_at = models.DateTimeField(default=timezone.now, help_text="When it falls due.")
    send_after = models.DateTimeField(
        default=timezone.now, help_text="Not before: due_at, moved on by quiet hours or a retry."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    email = models.EmailField(blank=True, help_text="The address it went to.")
    note = models.CharField(
        max_length=300, blank=True, help_text="Why it came to this person, e.g. the post was vacant."
    )
    fallback = models.BooleanField(
        default=False, help_text="Sent to the Secretary because nobody held the post."
    )
    claim = models.UUIDField(null=True, blank=True, help_text="The worker run that claimed it.")
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(
        null=True, blank=True, help_text="Set just before the email is handed to the mail server."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="When it reached the inbox.")
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [
            models.Index(fields=["status", "send_after"]),
            models.Index(fields=["person", "-delivered_at"], name="notification_inbox"),
            models.Index(fields=["person"], condition=Q(read_at=None), name="notification_unread"),
            # The default order (the admin's changelist, newest due first): a page of 100 read
            # from the index, not a sort of the whole outbox (issue 18).
            models.Index(fields=["-due_at", "-id"], name="notification_due"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.subject}"

    @property
    def kind_label(self):
        from clp.notifications.kinds import kind_label

        return kind_label(self.kind)

    @property
    def recipient_label(self):
        if self.person_id:
            return str(self.person)
        if self.post_id:
            return f"Whoever holds {self.post}"
        return self.email or "Nobody"


def _default_quiet_start():
    return settings.NOTIFICATIONS_QUIET_HOURS[0]


def _default_quiet_end():
    return settings.NOTIFICATIONS_QUIET_HOURS[1]


def _default_digest_at():
    return datetime.time(7, 0)


class Preferences(models.Model):
    """A person's quiet hours (Europe/London) and digest time. No row means the defaults
    (settings.NOTIFICATIONS_QUIET_HOURS, 23:00-06:00 unless configured otherwise)."""

    person = models.OneToOneField(
        "officers.Person", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    quiet_start = models.TimeField(default=_default_quiet_start, help_text="No email from this time...")
    quiet_end = models.TimeField(default=_default_quiet_end, help_text="...until this time.")
    digest_at = models.TimeField(default=_default_digest_at, help_text="When the daily digest goes out.")
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Notification preferences of {self.person}"


class KindChoice(models.Model):
    """How a person wants one kind of notification: email, daily digest or in-product only."""

    person = models.ForeignKey(
        "officers.Person", on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(max_length=50)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="kind_choice_unique")]

    def __str__(self):
        return f"{self.person}: {self.kind} by {self.channel}"
