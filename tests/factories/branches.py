import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    FollowUp,
    FollowUpContact,
    Mailing,
    MailingAttachment,
    MembershipImport,
    MembershipReportEntry,
    Ward,
)

# Person lives in officers, whose factories import this module: refer to it by path.
PERSON = "tests.factories.officers.PersonFactory"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Branch {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")


class AffiliateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliate

    name = factory.Sequence(lambda n: f"Unison Branch {n}")
    kind = Affiliate.Kind.TRADE_UNION
    delegates_allowed = 2


class AffiliateDelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliateDelegate

    affiliate = factory.SubFactory(AffiliateFactory)
    person = factory.SubFactory(PERSON, branch=None, membership_status="non_member")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))


class DirectoryChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryChoice
        django_get_or_create = ("person",)

    person = factory.SubFactory(PERSON)


class MembershipImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipImport

    filename = factory.Sequence(lambda n: f"membership-action-report-{n}.csv")
    status = MembershipImport.Status.DONE
    imported_at = factory.LazyFunction(timezone.now)


class MembershipReportEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipReportEntry

    report = factory.SubFactory(MembershipImportFactory)
    person = factory.SubFactory(PERSON, membership_status="new")
    branch = factory.SelfAttribute("person.branch")
    status = MembershipReportEntry.Status.NEW


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    subject = factory.Sequence(lambda n: f"Branch mailing no. {n}")
    body = "This month the CLP is **campaigning** in every ward."
    status = Mailing.Status.DRAFT

    class Params:
        sent = factory.Trait(status=Mailing.Status.SENT, sent_at=factory.LazyFunction(timezone.now))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    branch = factory.SubFactory(BranchFactory)
    person = factory.SubFactory(PERSON, branch=factory.SelfAttribute("..branch"), membership_status="new")
    reason = FollowUp.Reason.NEW
    opened_on = factory.LazyFunction(timezone.localdate)


class FollowUpContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpContact

    follow_up = factory.SubFactory(FollowUpFactory)
    contacted_on = factory.LazyFunction(timezone.localdate)
    method = FollowUp.Method.CALL
    outcome = FollowUp.Outcome.WELCOMED


class MailingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingAttachment

    mailing = factory.SubFactory(MailingFactory)
    title = factory.Sequence(lambda n: f"Leaflet {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%%EOF\n", name="leaflet.pdf"))
    content_type = "application/pdf"
    size = 14
