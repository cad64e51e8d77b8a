"""Motions: submitted to a meeting, amended on numbered lines, voted, sent onwards.

Imported by meetings.models (Django finds the models there). The rules on lines and
deadlines are pure functions in meetings.motions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from meetings import motions as lines_rules


class Motion(models.Model):
    """A motion to one meeting (of the General Meeting, the EC or a branch)."""

    class From(models.TextChoices):
        BRANCH = "branch", "A branch"
        AFFILIATE = "affiliate", "An affiliated organisation"
        MEMBERS = "members", "Members"
        COMPOSITE = "composite", "A composite of several motions"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPOSITED = "composited", "Composited"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="motions")
    number = models.PositiveSmallIntegerField(default=0, help_text="Its number among the meeting's motions.")
    title = models.CharField(max_length=200)
    text = models.TextField()
    proposer = models.CharField(max_length=120)
    seconder = models.CharField(max_length=120)
    submitted_from = models.CharField(max_length=10, choices=From.choices)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    affiliate = models.ForeignKey(
        "branches.Affiliate", null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    source_decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="motions_sent",
        help_text="The branch meeting's decision that carried it.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    deadline = models.DateField(help_text="The last day for motions to this meeting, when it was submitted.")
    digest = models.CharField(max_length=64, editable=False)
    emergency = models.BooleanField(default=False, help_text="Received after the deadline.")
    emergency_accepted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    final_text = models.TextField(blank=True, help_text="The motion as amended, when voted.")
    composited_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="composited_from"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "digest"],
                condition=~Q(status__in=["withdrawn", "composited"]),
                name="motion_once_per_meeting",
                violation_error_message="This motion has already been submitted to this meeting.",
            ),
            models.CheckConstraint(
                condition=~Q(submitted_from="branch") | ~Q(branch=None),
                name="motion_from_a_branch_names_it",
                violation_error_message="A motion from a branch names the branch.",
            ),
            models.CheckConstraint(
                condition=~Q(submitted_from="affiliate") | ~Q(affiliate=None),
                name="motion_from_an_affiliate_names_it",
                violation_error_message="A motion from an affiliate names the affiliate.",
            ),
        ]

    def __str__(self):
        return f"Motion {self.number}: {self.title}"

    @property
    def lines(self):
        return lines_rules.numbered_lines(self.text)

    @property
    def words(self):
        return lines_rules.word_count(self.text)

    @property
    def submitter(self):
        if self.submitted_from == self.From.BRANCH:
            return str(self.branch)
        if self.submitted_from == self.From.AFFILIATE:
            return str(self.affiliate)
        return self.get_submitted_from_display()

    @property
    def awaits_chair(self):
        """A late (emergency) motion waits for the Chair's acceptance before it is debated."""
        return self.emergency and self.emergency_accepted_at is None

    @property
    def open(self):
        return self.status == self.Status.SUBMITTED


class MotionAmendment(models.Model):
    """An amendment to a motion on its numbered lines (the motion as submitted)."""

    class Op(models.TextChoices):
        INSERT = "insert", "Insert after a line"
        DELETE = "delete", "Delete lines"
        REPLACE = "replace", "Replace lines"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        FRIENDLY = "friendly", "Accepted by the mover as friendly"
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"
        WITHDRAWN = "withdrawn", "Withdrawn"

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(default=0)
    op = models.CharField(max_length=7, choices=Op.choices)
    first_line = models.PositiveSmallIntegerField(help_text="Insert: after this line (0 for the start).")
    last_line = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The new words (none for a deletion).")
    mover = models.CharField(max_length=120)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "number", "pk"]

    def __str__(self):
        return f"Amendment {self.number} to motion {self.motion.number}"

    @property
    def change(self):
        return lines_rules.Change(self.op, self.first_line, self.last_line or self.first_line, self.text)

    @property
    def lines_label(self):
        if self.op == self.Op.INSERT:
            return "at the start" if self.first_line == 0 else f"after line {self.first_line}"
        last = self.last_line or self.first_line
        return f"line {self.first_line}" if last == self.first_line else f"lines {self.first_line}–{last}"

    @property
    def summary(self):
        verb = {"insert": "Insert", "delete": "Delete", "replace": "Replace"}[self.op]
        what = f"{verb} {self.lines_label}"
        if self.op == self.Op.REPLACE:
            what += " with"
        return what

    @property
    def live(self):
        """Still to be debated or already part of the motion (friendly, carried)."""
        return self.status in (self.Status.PROPOSED, self.Status.FRIENDLY, self.Status.CARRIED)


class MotionEdit(models.Model):
    """A change to a motion after its deadline, by the Secretary: recorded with the words before."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="edits")
    title_before = models.CharField(max_length=200)
    text_before = models.TextField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Change to {self.motion}: {self.reason[:60]}"


class OnwardBody(models.TextChoices):
    NPF = "npf", "National Policy Forum"
    REGIONAL = "regional", "Regional conference"
    ANNUAL = "annual", "Annual conference"
    COUNCIL_GROUP = "council_group", "The council group"


class ConferenceRule(models.Model):
    """What the party sets for motions to a body outside the CLP, from a date: a word limit
    and a deadline (each optional). A new rule book or call for motions is a new row."""

    body = models.CharField(max_length=15, choices=OnwardBody.choices)
    effective_from = models.DateField()
    word_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True, help_text="The last day motions are received.")
    source = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["body", "effective_from"], name="conference_rule_once_per_date")
        ]

    def __str__(self):
        return f"{self.get_body_display()} from {self.effective_from:%d %b %Y}"


class MotionSending(models.Model):
    """A carried motion sent on to another body, and what came back."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="sendings")
    body = models.CharField(max_length=15, choices=OnwardBody.choices)
    sent_on = models.DateField()
    reply = models.TextField(blank=True)
    replied_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "body"], name="motion_sent_once_per_body"),
        ]

    def __str__(self):
        return f"{self.motion} sent to {self.get_body_display()}"
