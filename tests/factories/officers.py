import datetime

import factory

from officers.elections.models import Agm, BallotRound, Contest, Lot, Nomination
from officers.models import (
    BalanceRule,
    Handover,
    Objective,
    OfficerLapse,
    Person,
    Plan,
    Post,
    ProgressUpdate,
    RoleChange,
    Target,
    Term,
)
from tests.factories.accounts import UserFactory
from tests.factories.branches import BranchFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttributeSequence(lambda o, n: f"{o.first_name.lower()}.{n}@example.org")
    phone = "01234 567890"
    branch = factory.SubFactory(BranchFactory)
    membership_number = factory.Sequence(lambda n: f"L{100000 + n}")
    counts_as_woman = False
    gender = factory.LazyAttribute(lambda o: "Woman" if o.counts_as_woman else "Man")

    class Params:
        woman = factory.Trait(counts_as_woman=True, gender="Woman")
        with_login = factory.Trait(
            user=factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))
        )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    scope = Post.Scope.CLP
    kind = Post.Kind.OFFICER
    ec_membership = Post.EC.VOTING

    class Params:
        in_branch = factory.Trait(
            scope=Post.Scope.BRANCH, branch=factory.SubFactory(BranchFactory), ec_membership=Post.EC.NONE
        )


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
    ends_on = None


class BalanceRuleFactory(factory.django.DjangoModelFactory):
    """A rule; pass posts=[...] to name its posts (at least one, as the service insists)."""

    class Meta:
        model = BalanceRule
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rule {n}")
    kind = BalanceRule.Kind.MIN_WOMEN
    minimum = factory.LazyAttribute(lambda o: 1 if o.kind == BalanceRule.Kind.MIN_WOMEN else None)
    age = factory.LazyAttribute(lambda o: 27 if o.kind == BalanceRule.Kind.MAX_AGE else None)
    hard = True

    @factory.post_generation
    def posts(self, create, extracted, **kwargs):
        if create and extracted:
            self.posts.set(extracted)


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    post = factory.SubFactory(PostFactory, role=Post.Role.TREASURER)
    incoming = factory.SubFactory(PersonFactory)
    changed_on = factory.LazyFunction(datetime.date.today)


def _year_start():
    return datetime.date.today().replace(month=1, day=1)


class PlanFactory(factory.django.DjangoModelFactory):
    """This calendar year's plan."""

    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Development plan {n}")
    starts_on = factory.LazyFunction(_year_start)
    ends_on = factory.LazyAttribute(lambda p: p.starts_on.replace(month=12, day=31))


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    function = Objective.Function.MEMBERSHIP
    title = "Grow the membership"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    objective = factory.SubFactory(ObjectiveFactory)
    description = "Recruit 40 new members"
    target_value = 40
    due_on = factory.LazyAttribute(lambda t: t.objective.plan.ends_on)
    owner = factory.SubFactory(PostFactory)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    target = factory.SubFactory(TargetFactory)
    value = 10
    on = factory.LazyFunction(datetime.date.today)


class OfficerLapseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerLapse

    term = factory.SubFactory(TermFactory)
    status = Person.Status.LAPSED
    lapsed_on = factory.LazyFunction(datetime.date.today)
    decision = OfficerLapse.Decision.KEPT
    reason = "The post's rules allow a lapsed member to hold it."


class RoleChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleChange

    term = factory.SubFactory(TermFactory)
    kind = RoleChange.Kind.START
    on = factory.SelfAttribute("term.starts_on")
    source = "Appointed"


class AgmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agm

    name = factory.Sequence(lambda n: f"AGM {2030 + n}")
    held_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    nominations_close_on = factory.LazyAttribute(lambda a: a.held_on - datetime.timedelta(days=14))


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    agm = factory.SubFactory(AgmFactory)
    post = factory.SubFactory(PostFactory)
    closes_on = factory.SelfAttribute("agm.nominations_close_on")


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    contest = factory.SubFactory(ContestFactory)
    nominee = factory.SubFactory(PersonFactory)
    received_on = factory.LazyFunction(datetime.date.today)


class BallotRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotRound

    contest = factory.SubFactory(ContestFactory)
    number = 1
    present = 20


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    chosen = factory.SubFactory(NominationFactory)
    contest = factory.SelfAttribute("chosen.contest")
    round = 1
    kind = "tie"
    among = factory.LazyAttribute(lambda lot: [lot.chosen.pk])
