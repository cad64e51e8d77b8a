import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings import motions as motion_rules
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarFeed,
    ConferenceRule,
    Decision,
    Meeting,
    MinutesAmendment,
    Motion,
    MotionAmendment,
    MotionEdit,
    MotionSending,
    Paper,
    StandingOrder,
)
from tests.factories.branches import BranchFactory
from tests.factories.officers import PersonFactory

# The smallest valid PDF a reader will open: enough for content checks.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/MediaBox[0 0 3 3]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.EC
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    venue = "Trades Hall"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Item {n}")
    minutes_allowed = 10


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="report.pdf"))
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT
    voting = True


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    motion = factory.Sequence(lambda n: f"That the CLP supports motion {n}")
    outcome = Decision.Outcome.CARRIED


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    item = factory.SubFactory(AgendaItemFactory)
    description = factory.Sequence(lambda n: f"Book the hall for event {n}")
    owner_person = factory.SubFactory(PersonFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class MinutesAmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesAmendment

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.MINUTES_APPROVED)
    correction = "The vote on item 5 was 12 for, not 11."
    reason = "Miscounted on the night."


class StandingOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandingOrder
        django_get_or_create = ("kind", "effective_from")

    kind = Meeting.Kind.EC
    effective_from = datetime.date(2020, 1, 1)
    notice_days = 7


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    person = factory.SubFactory(PersonFactory)


class MotionFactory(factory.django.DjangoModelFactory):
    """A branch's motion to a General Meeting a month away, on time."""

    class Meta:
        model = Motion

    meeting = factory.SubFactory(
        MeetingFactory,
        kind=Meeting.Kind.GENERAL,
        starts_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30)),
    )
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Motion on subject {n}")
    text = factory.Sequence(lambda n: f"This CLP notes point {n}.\nThis CLP resolves to act on it.")
    proposer = "Alice Alpha"
    seconder = "Ann Other"
    submitted_from = Motion.From.BRANCH
    branch = factory.SubFactory(BranchFactory)
    submitted_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=16))
    digest = factory.LazyAttribute(lambda m: motion_rules.digest(m.text))


class MotionAmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MotionAmendment

    motion = factory.SubFactory(MotionFactory)
    number = factory.Sequence(lambda n: n + 1)
    op = MotionAmendment.Op.REPLACE
    first_line = 2
    last_line = 2
    text = "This CLP resolves to campaign on it."
    mover = "Bob Beta"


class MotionEditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MotionEdit

    motion = factory.SubFactory(MotionFactory)
    title_before = "The title before"
    text_before = "The words before."
    reason = "The branch asked for a correction."


class ConferenceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceRule
        django_get_or_create = ("body", "effective_from")

    body = "annual"
    effective_from = datetime.date(2026, 1, 1)
    word_limit = 250


class MotionSendingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MotionSending

    motion = factory.SubFactory(MotionFactory, status=Motion.Status.CARRIED)
    body = "regional"
    sent_on = factory.LazyFunction(timezone.localdate)
