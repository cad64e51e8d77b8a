import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Meeting(models.Model):
    """A meeting of the CLP (EC, General Meeting, AGM) or of one branch."""

    class Kind(models.TextChoices):
        EC = "ec", "Executive Committee"
        GENERAL = "general", "General Meeting"
        AGM = "agm", "Annual General Meeting"
        BRANCH = "branch", "Branch meeting"
        OTHER = "other", "Other meeting"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        AGENDA_DRAFTED = "agenda_drafted", "Agenda drafted"
        AGENDA_AGREED = "agenda_agreed", "Agenda agreed with the Chair"
        PAPERS_CIRCULATED = "papers_circulated", "Papers circulated"
        HELD = "held", "Held"
        MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    agenda_agreed_at = models.DateTimeField(null=True, blank=True)
    agenda_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agenda_agreed_on_behalf = models.BooleanField(
        default=False, help_text="Recorded by the Secretary on the Chair's behalf, not by the Chair."
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes_of",
        help_text="The meeting that approved these minutes.",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the meeting was cancelled, as those told are told."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="branch") & ~models.Q(branch=None))
                | (~models.Q(kind="branch") & models.Q(branch=None)),
                name="meeting_branch_iff_branch_kind",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()}, {self.starts_at:%d %B %Y}"

    ORDER = list(Status.values)

    def reached(self, status):
        """True once the meeting has got as far as `status` in its life."""
        return self.ORDER.index(self.status) >= self.ORDER.index(status)

    @property
    def cancelled(self):
        return self.cancelled_at is not None

    @property
    def reached_held(self):
        return self.reached(self.Status.HELD)

    @property
    def minutes_locked(self):
        return self.status == self.Status.MINUTES_APPROVED

    @property
    def is_clp(self):
        return self.branch_id is None

    @property
    def body_label(self):
        return str(self.branch) if self.branch_id else settings.CLP_NAME

    @property
    def minutes_status(self):
        if self.status == self.Status.MINUTES_APPROVED:
            return "Approved"
        if self.status == self.Status.MINUTES_DRAFTED:
            return "Drafted, awaiting approval"
        if self.status == self.Status.HELD:
            return "Not yet drafted"
        return "Meeting not yet held"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "For decision"
        INFORMATION = "information", "For information"
        REPORT = "report", "Report"
        STANDING = "standing", "Standing item"

    class Standing(models.TextChoices):
        NONE = "", "Not a standing item"
        APOLOGIES = "apologies", "Apologies"
        MINUTES = "minutes", "Minutes of the last meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        CORRESPONDENCE = "correspondence", "Correspondence"
        PLAN_REVIEW = "plan_review", "Review of the development plan"
        AOB = "aob", "Any other business"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=120, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DECISION)
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True, default="")
    description = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="The minutes: a short note of the discussion.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def takes_time(self):
        """Items for information go to the correspondence file and take no meeting time."""
        return self.kind != self.Kind.INFORMATION


def paper_path(instance, filename):
    return f"meetings/papers/{instance.item.meeting_id}/{secrets.token_hex(8)}-{filename}"


class Paper(models.Model):
    """A file circulated with an agenda item. Stored under MEDIA_ROOT; downloaded only
    through a view that checks the reader may see the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path, max_length=300)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self):
        return self.title

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    visitor_name = models.CharField(
        max_length=120, blank=True, help_text="A visitor (not on the records): attends, never votes."
    )
    visitor_from = models.CharField(max_length=120, blank=True, help_text="e.g. the regional office.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ABSENT)
    online = models.BooleanField(default=False, help_text="Present online rather than in the room.")
    voting = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__last_name", "person__first_name", "visitor_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(online=False) | Q(status="present"),
                name="attendance_online_only_when_present",
                violation_error_message="Only someone present can be present online.",
            ),
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=(~Q(person=None) & Q(visitor_name=""))
                | (Q(person=None) & ~Q(visitor_name="") & Q(voting=False)),
                name="attendance_person_or_visitor",
                violation_error_message="Attendance is of a person on the records or of a named "
                "visitor, and visitors do not vote.",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"

    @property
    def is_visitor(self):
        return self.person_id is None

    @property
    def presence(self):
        """One word for the attendance list: present (in the room), online, apologies, absent."""
        return "online" if self.online else self.status

    @property
    def name(self):
        if self.person_id:
            return str(self.person)
        return self.visitor_name + (f" ({self.visitor_from})" if self.visitor_from else "")


class Decision(models.Model):
    class Outcome(models.TextChoices):
        CARRIED = "carried", "Carried"
        CASTING = "casting", "Carried on the Chair's casting vote"
        LOST = "lost", "Lost"
        WITHDRAWN = "withdrawn", "Withdrawn"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    motion = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    quorate = models.BooleanField(
        default=True, help_text="False when recorded while the meeting was not quorate."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self):
        return f"{self.motion[:60]} ({self.get_outcome_display()})"

    @property
    def counted(self):
        return self.votes_for is not None or self.votes_against is not None


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on=None)

    def overdue(self, today):
        return self.filter(done_on=None, due_on__lt=today)

    def owned_by(self, *, person_id, post_ids):
        return self.filter(Q(owner_person_id=person_id) | Q(owner_post_id__in=post_ids))


class Action(models.Model):
    """Who does what by when, agreed under an agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_person = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    owner_post = models.ForeignKey(
        "officers.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # The tracker's open and overdue lists, a page at a time in this order: read from
            # the index, not every open action joined to its meeting and owner and sorted.
            models.Index(fields=["due_on", "id"], condition=Q(done_on=None), name="action_open_by_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_person=None) | ~Q(owner_post=None),
                name="action_has_an_owner",
                violation_error_message="An action needs an owner: a person or a post.",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def owner(self):
        return self.owner_person or self.owner_post

    def state(self, today):
        return self.state_of(self.done_on, self.due_on, today)

    @staticmethod
    def state_of(done_on, due_on, today):
        """ "done", "overdue" or "open" (for a row read as values, without a model)."""
        if done_on:
            return "done"
        return "overdue" if due_on < today else "open"


class MinutesAmendment(models.Model):
    """A correction to minutes after they were approved: recorded, never a silent edit."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    at_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amendments_made",
        help_text="The meeting at which the correction was agreed.",
    )
    correction = models.TextField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"Amendment to {self.meeting}: {self.correction[:60]}"


class StandingOrder(models.Model):
    """What the CLP's Standing Orders say about one kind of meeting, from a date.

    The quorum is either a number of voting members or a fraction of those entitled to vote.
    """

    kind = models.CharField(max_length=10, choices=Meeting.Kind.choices)
    effective_from = models.DateField()
    quorum_number = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_fraction = models.DecimalField(
        max_digits=4, decimal_places=3, null=True, blank=True, help_text="e.g. 0.333 for a third."
    )
    notice_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days' notice to members or delegates."
    )
    branch_notice_days = models.PositiveSmallIntegerField(
        default=0, help_text="Days' notice to branches and affiliates (e.g. 28 for an AGM); 0 if none."
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=2, help_text="Remind attendees this many days before."
    )
    action_reminder_days = models.PositiveSmallIntegerField(
        default=3, help_text="Remind action owners this many days before the due date."
    )
    max_minutes = models.PositiveSmallIntegerField(default=120, help_text="Warn when an agenda runs longer.")
    motion_deadline_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Motions are due this many days before the meeting; later ones are emergency motions.",
    )
    motion_word_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most words a motion may have; blank for no limit."
    )
    members_may_submit = models.BooleanField(
        default=False, help_text="Members (not only branches and affiliates) may submit motions."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="The Standing Order or rule it comes from."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="standing_order_once_per_date"),
            models.CheckConstraint(
                condition=Q(quorum_number=None) | Q(quorum_fraction=None),
                name="standing_order_quorum_number_or_fraction",
                violation_error_message="Give the quorum as a number or as a fraction, not both.",
            ),
            models.CheckConstraint(
                condition=Q(quorum_fraction=None) | (Q(quorum_fraction__gt=0) & Q(quorum_fraction__lte=1)),
                name="standing_order_fraction_in_range",
                violation_error_message="A quorum fraction lies between 0 and 1.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.effective_from:%d %b %Y}"


def _new_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever has the token can read the feed."""

    person = models.OneToOneField("officers.Person", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.person}"


class DiaryEvent(models.Model):
    """An entry in the events diary: a campaigning session, a social or fundraising event, a
    coffee morning, a policy discussion, training, a guest speaker. Public events go in the
    feed anyone may subscribe to; members-only ones only in members' private feeds."""

    class Kind(models.TextChoices):
        CAMPAIGNING = "campaigning", "Campaigning session"
        SOCIAL = "social", "Social event"
        FUNDRAISING = "fundraising", "Fundraising event"
        COFFEE_MORNING = "coffee_morning", "Coffee morning"
        POLICY = "policy", "Policy discussion"
        TRAINING = "training", "Training"
        SPEAKER = "speaker", "Guest speaker"
        OTHER = "other", "Other event"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_public = models.BooleanField(
        "open to the public", default=False, help_text="Public events are listed in the public calendar."
    )
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="diary_events"
    )
    organiser_post = models.ForeignKey(
        "officers.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser_person = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.ForeignKey(
        "officers.Target",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The plan's target this event counts toward (events held, attendance, money raised).",
    )
    attendance = models.PositiveIntegerField(null=True, blank=True, help_text="How many came.")
    raised = models.DecimalField("money raised (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="diary_event_ends_after_it_starts",
                violation_error_message="An event must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(raised=None) | Q(raised__gte=0),
                name="diary_event_raised_not_negative",
                violation_error_message="Money raised cannot be less than £0.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def organiser(self):
        return self.organiser_person or self.organiser_post

    @property
    def where(self):
        return self.venue or ("Online" if self.online_link else "")


from meetings.motion_models import (  # noqa: E402  (the motions' models, split by topic)
    ConferenceRule,
    Motion,
    MotionAmendment,
    MotionEdit,
    MotionSending,
    OnwardBody,
)

__all__ = [
    "Action",
    "AgendaItem",
    "Attendance",
    "CalendarFeed",
    "ConferenceRule",
    "Decision",
    "DiaryEvent",
    "Meeting",
    "MinutesAmendment",
    "Motion",
    "MotionAmendment",
    "MotionEdit",
    "MotionSending",
    "OnwardBody",
    "Paper",
    "StandingOrder",
]
