"""The AGM's election records: the AGM, one contest per post, nominations, the tellers'
rounds and the Chair's lots. Loaded with officers.models (app label `officers`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from officers.elections.count import BLOCK, EXHAUSTIVE, FPTP, METHODS, STV


class Agm(models.Model):
    name = models.CharField(max_length=120)
    held_on = models.DateField(help_text="The date of the AGM: the first day in office of those elected.")
    nominations_close_on = models.DateField(help_text="The last day nominations are received.")
    qualifying_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Members of at least this many weeks on the AGM's date may stand and vote."
    )
    terms_end_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day in office of those elected (usually the day before next AGM).",
    )
    candidates_published_at = models.DateTimeField(null=True, blank=True)
    in_office_at = models.DateTimeField(null=True, blank=True)
    present = models.ManyToManyField("officers.Person", blank=True, related_name="agms_attended")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_on__lte=models.F("held_on")),
                name="agm_nominations_close_by_the_agm",
                violation_error_message="Nominations must close on or before the day of the AGM.",
            ),
        ]

    def __str__(self):
        return self.name


class Contest(models.Model):
    """One post's election at one AGM, with the Standing Orders' settings for it."""

    agm = models.ForeignKey(Agm, on_delete=models.CASCADE, related_name="contests")
    post = models.ForeignKey("officers.Post", on_delete=models.PROTECT, related_name="contests")
    order = models.PositiveSmallIntegerField(default=0, help_text="Posts are elected in this order.")
    places = models.PositiveSmallIntegerField(default=1)
    method = models.CharField(max_length=12, choices=list(METHODS.items()), default=FPTP)
    closes_on = models.DateField(help_text="The last day nominations for this post are received.")
    from_members = models.BooleanField("Members may nominate", default=True)
    from_branches = models.BooleanField("Branches may nominate", default=True)
    from_affiliates = models.BooleanField("Affiliates may nominate", default=False)
    seconder_required = models.BooleanField("A seconder is required", default=False)
    briefing = models.TextField(blank=True, help_text="What was said before the ballot (balance rules).")
    declaration = models.JSONField(default=dict, blank=True)  # {"steps": [...], "elected": [nomination ids]}
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agm", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agm", "post"],
                name="contest_once_per_post",
                violation_error_message="This post is already being elected at this AGM.",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="contest_places_positive",
                violation_error_message="A post has at least one place to elect.",
            ),
        ]

    def __str__(self):
        return f"{self.post.name} at {self.agm}"

    @property
    def multi_seat_methods(self):
        return {BLOCK, STV}

    @property
    def rounds_wanted(self):
        return self.method == EXHAUSTIVE


class Nomination(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey("officers.Person", on_delete=models.PROTECT, related_name="nominations")
    by_member = models.ForeignKey(
        "officers.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations_made"
    )
    by_branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    by_affiliate = models.ForeignKey(
        "branches.Affiliate", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    seconder = models.ForeignKey(
        "officers.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations_seconded",
    )
    received_on = models.DateField()
    consent_on = models.DateField(null=True, blank=True, help_text="The day the nominee consented.")
    group_confirmed = models.BooleanField(
        default=False, help_text="The nominee confirms they belong to the group the post requires."
    )
    override_reason = models.TextField(
        blank=True, help_text="Why the Secretary lets an ineligible nominee stand."
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "nominee__last_name", "nominee__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "nominee"],
                name="nomination_once_per_contest",
                violation_error_message="This person is already nominated for this post.",
            ),
        ]

    def __str__(self):
        return f"{self.nominee} for {self.contest.post.name}"

    @property
    def nominator(self):
        return self.by_member or self.by_branch or self.by_affiliate


class BallotRound(models.Model):
    """A round as the tellers recorded it: voters present and votes per nomination (or, for
    STV, the ballot papers as rankings of nominations)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    present = models.PositiveIntegerField(help_text="Voters present when the ballot was taken.")
    votes = models.JSONField(default=dict, blank=True)  # {"<nomination id>": votes}
    ballots = models.JSONField(default=list, blank=True)  # STV: [[nomination ids, first preference first]]
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"],
                name="ballot_round_once",
                violation_error_message="This round is already recorded.",
            ),
        ]

    def __str__(self):
        return f"Round {self.number} for {self.contest}"


class Lot(models.Model):
    """The Chair's decision of a tie by lot, as recorded."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="lots")
    round = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10)
    among = models.JSONField()  # nomination ids
    chosen = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "round", "pk"]

    def __str__(self):
        return f"Lot in round {self.round} for {self.contest}"
