from django.db import models
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


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "For decision"
        INFORMATION = "information", "For information"
        REPORT = "report", "Report"
        STANDING = "standing", "Standing item"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=120, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DECISION)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title
