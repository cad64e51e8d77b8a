from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Person(models.Model):
    """A party member (or affiliate delegate) the CLP knows about."""

    class Status(models.TextChoices):
        MEMBER = "member", "Member"
        NEW = "new", "New member"
        ARREARS = "arrears", "In arrears"
        LAPSED = "lapsed", "Lapsed"
        RESIGNED = "resigned", "Resigned"
        NON_MEMBER = "non_member", "Not a member (affiliate or guest)"

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    membership_number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    membership_status = models.CharField(max_length=12, choices=Status.choices, default=Status.MEMBER)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True, help_text="When they lapsed, resigned or left.")
    gender = models.CharField(max_length=60, blank=True, help_text="As the member describes it.")
    counts_as_woman = models.BooleanField(
        null=True,
        blank=True,
        help_text="For the gender-balance rules: women include self-identifying women. "
        "Leave unknown when the member has not said.",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    trade_union = models.CharField(
        "Affiliated trade union",
        max_length=120,
        blank=True,
        help_text="The affiliated trade union they belong to, if any (a TULO officer must belong to one).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    # Special-category data (UK GDPR art. 9): optional, seen only by the person, the
    # Secretary and the Equality officer, never kept in the change history.
    disability = models.CharField(max_length=120, blank=True)
    ethnicity = models.CharField(max_length=120, blank=True)
    lgbt = models.CharField("LGBT+", max_length=120, blank=True)

    history = HistoricalRecords(excluded_fields=["disability", "ethnicity", "lgbt"])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name, last_name):
        """A person's name as every page and document writes it, from its two parts (for a
        row read as values, without a model)."""
        return f"{first_name} {last_name}".strip()


class Post(models.Model):
    """A post as the CLP's Standing Orders define it, at CLP level or in one branch."""

    class Scope(models.TextChoices):
        CLP = "clp", "CLP"
        BRANCH = "branch", "Branch"

    class Kind(models.TextChoices):
        OFFICER = "officer", "Officer"
        COORDINATOR = "coordinator", "Co-ordinator"
        DELEGATE = "delegate", "Delegate"

    class Role(models.TextChoices):
        """What the post means to the product: the access it gives and who gets what.
        Most posts have no special role."""

        NONE = "", "No special role"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        SECRETARY = "secretary", "Secretary"
        TREASURER = "treasurer", "Treasurer"
        WOMENS_OFFICER = "womens_officer", "Women's Officer"
        YOUTH_OFFICER = "youth_officer", "Youth Officer"
        EQUALITY_OFFICER = "equality_officer", "Equality Officer"
        MEMBERSHIP_OFFICER = "membership_officer", "Membership Officer"
        BRANCH_CHAIR = "branch_chair", "Branch Chair"
        BRANCH_SECRETARY = "branch_secretary", "Branch Secretary"
        BRANCH_TREASURER = "branch_treasurer", "Branch Treasurer"
        EC_DELEGATE = "ec_delegate", "Delegate to the Executive Committee"

    class EC(models.TextChoices):
        VOTING = "voting", "Voting member of the EC"
        NON_VOTING = "non_voting", "Non-voting member of the EC"
        NONE = "none", "Not on the EC"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    scope = models.CharField(max_length=6, choices=Scope.choices, default=Scope.CLP)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OFFICER)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, default="")
    ec_membership = models.CharField(max_length=10, choices=EC.choices, default=EC.NONE)
    duties = models.TextField(blank=True, help_text="The role description.")
    max_holders = models.PositiveSmallIntegerField(default=1, help_text="How many may hold it at once.")
    order = models.PositiveSmallIntegerField(default=0)
    union_members_only = models.BooleanField(
        "Only for members of an affiliated trade union",
        default=False,
        help_text="The Standing Orders say the holder must belong to an affiliated union (the TULO officer).",
    )
    must_belong_to = models.CharField(
        "The holder must belong to",
        max_length=120,
        blank=True,
        help_text="Where the Standing Orders say the holder must belong to a group (e.g. “BAME members”): "
        "the nominee confirms it when consenting.",
    )
    party_name = models.CharField(
        "Name in the party's membership system",
        max_length=120,
        blank=True,
        help_text="The post as MemberCentre names it, if not as here.",
    )
    lapsed_may_hold = models.BooleanField(
        "A lapsed or resigned member may hold it",
        default=False,
        help_text="If not, a holder the Membership Action Report shows as lapsed or resigned leaves "
        "the post (and its access and papers) the day the report is imported.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scope", "branch__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(branch=None),
                name="post_slug_unique_clp",
                violation_error_message="Another CLP post already uses this short name.",
            ),
            models.UniqueConstraint(
                fields=["branch", "slug"],
                name="post_slug_unique_in_branch",
                violation_error_message="Another post in this branch already uses this short name.",
            ),
            models.CheckConstraint(
                condition=(Q(scope="clp", branch=None) | (Q(scope="branch") & ~Q(branch=None))),
                name="post_branch_matches_scope",
                violation_error_message="A branch post needs its branch; a CLP post has none.",
            ),
            models.CheckConstraint(
                condition=Q(max_holders__gte=1),
                name="post_max_holders_positive",
                violation_error_message="At least one person must be able to hold the post.",
            ),
        ]

    def __str__(self):
        return self.label_of(self.name, self.branch.name if self.branch_id else None)

    @staticmethod
    def label_of(name, branch_name):
        """A post as every page writes it, "Secretary (Northgate)" for a branch's, from its name
        and its branch's (for a row read as values, without a model)."""
        return f"{name} ({branch_name})" if branch_name else name

    @property
    def on_ec(self):
        return self.sits_on_ec(self.ec_membership)

    @classmethod
    def sits_on_ec(cls, ec_membership):
        """Whether a post with this EC membership sits on the Executive Committee (for a post
        read as values)."""
        return ec_membership != cls.EC.NONE

    @property
    def name_for_party(self):
        return self.party_name or self.name


class TermQuerySet(models.QuerySet):
    def current(self, on):
        """Terms in force on the date `on` (ends_on is the last day in office)."""
        return self.filter(starts_on__lte=on).filter(Q(ends_on=None) | Q(ends_on__gte=on))


class Term(models.Model):
    """A person holding a post from starts_on to ends_on (inclusive; open-ended if blank)."""

    class How(models.TextChoices):
        ELECTED = "elected", "Elected"
        CO_OPTED = "co_opted", "Co-opted"
        ACTING = "acting", "Acting"
        APPOINTED = "appointed", "Appointed"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="terms")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day in office.")
    how = models.CharField(max_length=10, choices=How.choices, default=How.ELECTED)
    override_reason = models.TextField(
        blank=True, help_text="Why this appointment stands although it breaks a balance rule."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} as {self.post} from {self.starts_on:%d %b %Y}"

    def holds_on(self, on):
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class BalanceRule(models.Model):
    """A rule of the Standing Orders on who may hold posts, kept as data because rule books
    change at each conference. Judged by officers.rules over the roster as of a date."""

    class Kind(models.TextChoices):
        MIN_WOMEN = "min_women", "At least N women among these posts"
        WOMAN_HOLDER = "woman_holder", "Each of these posts must be held by a woman"
        MAX_AGE = "max_age", "The holder must be under an age on the date of election"
        BALANCE = "balance", "Gender balance as far as possible (a warning only)"
        SINGLE_DELEGATE_ALTERNATES = (
            "single_delegate_alternates",
            "A single delegate must be a woman at least every other year",
        )
        DELEGATION_HALF_WOMEN = "delegation_half_women", "A delegation of more than one: at least half women"
        SHARED_AT_MOST = "shared_at_most", "Each of these posts is shared by at most N people"

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    posts = models.ManyToManyField(Post, related_name="balance_rules")

    class Counts(models.TextChoices):
        PEOPLE = "people", "Different women (a woman holding two of the posts counts once)"
        PLACES = "places", "Places held by women (a woman holding two of the posts counts twice)"

    minimum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For “at least N women”: the N."
    )
    counts = models.CharField(
        "What “at least N women” counts",
        max_length=6,
        choices=Counts.choices,
        default=Counts.PEOPLE,
        help_text="“At least N of the officers must be women” counts different women; "
        "“at least N of the positions must be held by women” counts places.",
    )
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For the age rule: the holder must be under this age."
    )
    maximum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For “shared by at most N people”: the N (1: not shared)."
    )
    hard = models.BooleanField(
        default=True, help_text="A hard rule blocks an election result unless overridden; otherwise it warns."
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the rule comes from.")
    preset = models.SlugField(max_length=60, blank=True, help_text="The preset that loaded it, if any.")
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[posts])

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="min_women") | Q(minimum__isnull=False, minimum__gte=1),
                name="balance_rule_min_women_has_minimum",
                violation_error_message="Say how many women the rule requires.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="max_age") | Q(age__isnull=False, age__gte=1),
                name="balance_rule_max_age_has_age",
                violation_error_message="Say the age the holder must be under.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="shared_at_most") | Q(maximum__isnull=False, maximum__gte=1),
                name="balance_rule_shared_has_maximum",
                violation_error_message="Say how many people may share each post.",
            ),
        ]

    def __str__(self):
        return self.name


class Handover(models.Model):
    """A change of Treasurer or Chair, which the Secretary must tell the party's Governance
    and Legal Unit about; reminders repeat until it is marked done."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="handovers")
    outgoing = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="handovers_out"
    )
    incoming = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="handovers_in"
    )
    changed_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-changed_on"]
        constraints = [
            models.UniqueConstraint(fields=["post", "changed_on"], name="handover_once_per_post_and_day")
        ]

    def __str__(self):
        return f"New {self.post.name} from {self.changed_on:%-d %B %Y}"


class OfficerLapse(models.Model):
    """A post-holder the Membership Action Report shows as lapsed or resigned, and what
    followed from the post's rule (Post.lapsed_may_hold): kept in post, or the term ended.
    Shown on the roster until the Secretary has seen it."""

    class Decision(models.TextChoices):
        KEPT = "kept", "Stays in post (the post's rules allow it)"
        ENDED = "ended", "Term ended (the post's rules do not allow it)"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="lapses")
    status = models.CharField(max_length=12, choices=Person.Status.choices)
    lapsed_on = models.DateField()
    decision = models.CharField(max_length=6, choices=Decision.choices)
    reason = models.TextField()
    source = models.CharField(max_length=250, blank=True, help_text="The report that showed it.")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["term", "status"], name="officer_lapse_once_per_term_and_status")
        ]

    def __str__(self):
        return f"{self.term.person} ({self.get_status_display().lower()}) as {self.term.post}"


class RoleChange(models.Model):
    """A change of who holds a post, to be made in the party's membership system
    (MemberCentre): recorded by the term services, exported and marked done by the Secretary."""

    class Kind(models.TextChoices):
        START = "start", "Takes up the post"
        END = "end", "Leaves the post"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="role_changes")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    on = models.DateField(help_text="The first day in office (taking up) or the last (leaving).")
    source = models.CharField(max_length=60, help_text="What made the change: an AGM result, an appointment…")
    glu = models.BooleanField(
        "Also to the Governance and Legal Unit",
        default=False,
        help_text="A change of CLP Chair or Treasurer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.term.person}: {self.get_kind_display().lower()} {self.term.post} ({self.on:%d %b %Y})"


# The year's development plan -----------------------------------------------------------------


class Plan(models.Model):
    """The officers' 12-month development plan, agreed at an Executive."""

    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    agreed_on = models.DateField(null=True, blank=True, help_text="The day the Executive agreed it.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="plan_ends_after_it_starts",
                violation_error_message="A plan must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.title


class Objective(models.Model):
    """An objective of the plan under one of the CLP's key functions."""

    class Function(models.TextChoices):
        CAMPAIGNING = "campaigning", "Campaigning"
        MEMBERSHIP = "membership", "Membership"
        FUNDRAISING = "fundraising", "Fundraising"
        POLICY = "policy", "Policy and political education"
        ELECTIONS = "elections", "Elections"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    function = models.CharField(max_length=12, choices=Function.choices)
    title = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "function", "pk"]

    def __str__(self):
        return self.title


class Target(models.Model):
    """A measurable target: a number by a date, owned by a post (so it follows a handover).
    A target with a measure other than "updated by its owner" updates itself from data the
    product holds (officers.plan explains how)."""

    class Measure(models.TextChoices):
        MANUAL = "manual", "Updated by its owner"
        NEW_MEMBERS = "new_members", "New members (from the Membership Action Reports)"
        MONEY_RAISED = "money_raised", "Money raised (fundraising income in the ledger, £)"
        EVENTS_HELD = "events_held", "Events held (from the diary)"
        ATTENDANCE = "attendance", "Attendance at its events (from the diary)"
        EVENT_MONEY = "event_money", "Money raised at its events (from the diary, £)"

    MONEY_MEASURES = {Measure.MONEY_RAISED, Measure.EVENT_MONEY}

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    description = models.CharField(max_length=300, help_text='For example "Recruit 40 new members".')
    measure = models.CharField(max_length=14, choices=Measure.choices, default=Measure.MANUAL)
    unit = models.CharField(max_length=40, blank=True, help_text='What is counted, e.g. "doors knocked".')
    target_value = models.DecimalField("number to reach", max_digits=12, decimal_places=2)
    due_on = models.DateField("by")
    owner = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="plan_targets")
    branch = models.ForeignKey(
        "branches.Branch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Count only this branch (new members, money raised); empty for the whole CLP.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gt=0),
                name="target_value_positive",
                violation_error_message="A target needs a number to reach, more than 0.",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_automatic(self):
        return self.measure != self.Measure.MANUAL

    @property
    def is_money(self):
        return self.measure in self.MONEY_MEASURES


class ProgressUpdate(models.Model):
    """Where a target stood on a day, as its owner reported it (and why)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField("reached so far", max_digits=12, decimal_places=2)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="progress_not_negative",
                violation_error_message="Progress cannot be less than 0.",
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.value} on {self.on}"


# The AGM's election records live with the election rules (officers/elections/).
from officers.elections.models import Agm, BallotRound, Contest, Lot, Nomination  # noqa: E402, F401
