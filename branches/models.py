from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from simple_history.models import HistoricalRecords


class Branch(models.Model):
    """A branch of the CLP, usually covering a group of wards."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    contact_email = models.EmailField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "branches"

    def __str__(self):
        return self.name


class Ward(models.Model):
    """An electoral ward; each belongs to one branch (used to place members by address)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="wards")
    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="ONS ward code, e.g. E05000001")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Affiliate(models.Model):
    """An organisation affiliated to the CLP: a trade union branch, a socialist society, the Co-op Party."""

    class Kind(models.TextChoices):
        TRADE_UNION = "trade_union", "Trade union branch"
        SOCIALIST_SOCIETY = "socialist_society", "Socialist society"
        COOP_PARTY = "coop_party", "Co-operative Party"
        OTHER = "other", "Other affiliated organisation"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    contact_email = models.EmailField(blank=True)
    delegates_allowed = models.PositiveSmallIntegerField(
        default=1, help_text="How many delegates to the CLP the Standing Orders allow it."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AffiliateDelegateQuerySet(models.QuerySet):
    def current(self, on):
        return self.filter(starts_on__lte=on).filter(models.Q(ends_on=None) | models.Q(ends_on__gte=on))


class AffiliateDelegate(models.Model):
    """A person an affiliate sends to the CLP, from starts_on to ends_on (inclusive)."""

    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(
        "officers.Person", on_delete=models.PROTECT, related_name="affiliate_delegations"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day as a delegate.")

    objects = AffiliateDelegateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["affiliate__name", "person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on=None) | models.Q(ends_on__gte=models.F("starts_on")),
                name="affiliate_delegate_ends_after_it_starts",
                violation_error_message="A delegation cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.affiliate}"


class DirectoryChoice(models.Model):
    """Which of a person's contact details the constituency directory shows (their choice)."""

    person = models.OneToOneField(
        "officers.Person", on_delete=models.CASCADE, related_name="directory_choice"
    )
    show_email = models.BooleanField("Show my email address", default=True)
    show_phone = models.BooleanField("Show my phone number", default=True)
    show_address = models.BooleanField("Show my postal address", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    # What the directory shows for someone who has not chosen yet.
    DEFAULTS = {"show_email": True, "show_phone": True, "show_address": False}

    def __str__(self):
        return f"Directory choice of {self.person}"


class MembershipImport(models.Model):
    """One upload of the party's Membership Action Report, from preview to import."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Checked, waiting for confirmation"
        INVALID = "invalid", "Has errors, nothing imported"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed, nothing imported"

    filename = models.CharField(max_length=200)
    # The file itself, kept only until it is imported (or abandoned): personal data.
    content = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True, help_text="What the import changes, by kind.")
    errors = models.JSONField(default=list, blank=True, help_text="[[row number, message], ...]")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["content", "processed_rows"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Membership Action Report {self.filename} ({self.created_at:%d %b %Y})"

    @property
    def percent(self):
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def in_progress(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class MembershipReportEntry(models.Model):
    """One row of an imported Membership Action Report. Every report's rows are kept: a
    member's rows across reports are their timeline (branches.selectors.member_timeline)."""

    class Status(models.TextChoices):
        NEW = "new", "New member"
        ARREARS = "arrears", "In arrears"
        LAPSED = "lapsed", "Lapsed"
        RESIGNED = "resigned", "Resigned"
        CURRENT = "member", "Current member"  # kept for the member's timeline, not acted on

    report = models.ForeignKey(MembershipImport, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("officers.Person", on_delete=models.CASCADE, related_name="report_entries")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    status_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["report", "branch"])]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class FollowUp(models.Model):
    """A member a branch should contact: a new member to welcome, one in arrears (lapsing),
    lapsed or resigned to win back. Opened by the Membership Action Report (or by hand);
    each attempt is a FollowUpContact, and the follow-up closes with an outcome."""

    class Reason(models.TextChoices):
        NEW = "new", "Welcome a new member"
        ARREARS = "arrears", "Contact a member in arrears"
        LAPSED = "lapsed", "Contact a lapsed member"
        RESIGNED = "resigned", "Contact a member who resigned"

    class Method(models.TextChoices):
        CALL = "call", "Phone call"
        EMAIL = "email", "Email"
        VISIT = "visit", "Visit"
        LETTER = "letter", "Letter"

    class Outcome(models.TextChoices):
        WELCOMED = "welcomed", "Welcomed"
        RENEWED = "renewed", "Renewed"
        NOT_REACHED = "not_reached", "Not reached"
        NO_CONTACT = "no_contact", "Asked not to be contacted"

    # An outcome that ends the follow-up; "not reached" leaves it open for another try.
    CLOSING = frozenset({Outcome.WELCOMED, Outcome.RENEWED, Outcome.NO_CONTACT})

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="follow_ups")
    person = models.ForeignKey("officers.Person", on_delete=models.CASCADE, related_name="follow_ups")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    entry = models.ForeignKey(
        MembershipReportEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_on = models.DateField(help_text="When the branch was asked to follow them up.")
    assigned_to = models.ForeignKey(
        "officers.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups_assigned",
        help_text="The branch officer or buddy who contacts them.",
    )
    contact_on = models.DateField("Contact them by", null=True, blank=True)
    method = models.CharField("How", max_length=10, choices=Method.choices, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "reason"],
                condition=models.Q(closed_on=None),
                name="follow_up_one_open_per_member_and_reason",
                violation_error_message="This member already has an open follow-up for that reason.",
            ),
        ]
        indexes = [models.Index(fields=["branch", "closed_on"])]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.person}"

    @property
    def is_open(self):
        return self.closed_on is None


class FollowUpContact(models.Model):
    """One attempt to contact the member of a follow-up: when, how, and what came of it."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("When")
    method = models.CharField("How", max_length=10, choices=FollowUp.Method.choices)
    outcome = models.CharField(max_length=12, choices=FollowUp.Outcome.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contacted_on", "pk"]

    def __str__(self):
        return f"{self.get_method_display()} on {self.contacted_on:%d %b %Y}: {self.get_outcome_display()}"


def default_audiences():
    return ["branch_secretaries"]


class Mailing(models.Model):
    """The monthly branch mailing: written by the Secretary, sent to the audiences chosen
    (every branch secretary by default)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"  # handed to the notifications engine; delivery shows per recipient

    class Audience(models.TextChoices):
        BRANCH_SECRETARIES = "branch_secretaries", "Branch secretaries"
        BRANCH_CHAIRS = "branch_chairs", "Branch chairs"
        BRANCH_OFFICERS = "branch_officers", "All branch officers"
        EC_DELEGATES = "ec_delegates", "Delegates to the Executive Committee"
        AFFILIATE_DELEGATES = "affiliate_delegates", "Affiliated organisations' delegates"

    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown: **bold**, *italic*, lists with -, links as [text](url).")
    business = models.TextField(
        blank=True, help_text="The next CLP meeting's business, as pulled in when the mailing was saved."
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    audiences = models.JSONField(default=default_audiences, help_text="Who it goes to (Audience values).")
    attach_agenda = models.BooleanField(
        "Attach the next CLP meeting's agenda (PDF)",
        default=True,
        help_text="Its business is summarised in the mailing either way; nobody is sent a link to a "
        "meeting page they cannot open.",
    )
    send_at = models.DateTimeField(
        "Send at",
        null=True,
        blank=True,
        help_text="Leave blank to send when you press Send. Emails that would arrive in someone's "
        "quiet hours wait for the morning.",
    )
    recipients = models.PositiveSmallIntegerField(default=0, help_text="Posts and people sent to.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def notification_key(self):
        return f"branch-mailing:{self.pk}"

    @property
    def audience_labels(self):
        return [self.Audience(a).label for a in self.audiences if a in self.Audience.values]


def mailing_attachment_path(attachment, filename):
    return f"mailings/{attachment.mailing_id}/{filename}"


class MailingAttachment(models.Model):
    """A file sent with a mailing (checked as meeting papers are), attached to every email and
    downloaded from the mailing's page by whoever may read the mailing."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=mailing_attachment_path, max_length=300)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mailing", "pk"]

    def __str__(self):
        return self.title

    @property
    def filename(self):
        """The name it is sent and downloaded under: its title, with the stored file's extension."""
        extension = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        name = get_valid_filename(self.title) or "attachment"
        return f"{name}.{extension}" if extension else name
