"""Demo data for branches that needs people: affiliate delegates, directory choices, a
Membership Action Report imported, and the monthly mailings. Runs after officers.demo (and
meetings.demo, so that the mailing can pull in the next CLP meeting's business)."""

import datetime

from django.utils import timezone

from branches import followups, services
from branches.models import (
    Affiliate,
    AffiliateDelegate,
    DirectoryChoice,
    FollowUp,
    Mailing,
    MembershipImport,
)
from clp.notifications.models import Notification
from clp.notifications.services import notify
from officers.models import Person
from officers.selectors import branch_secretary_posts

DELEGATES = [
    # (affiliate name, number, first, last, status)
    ("Unison Northtown Health Branch", "D6001", "Bernadette", "Okoye", Person.Status.MEMBER),
    ("Unison Northtown Health Branch", "D6002", "Gareth", "Pryce", Person.Status.NON_MEMBER),
    ("GMB Northtown General Branch", "D6003", "Sandra", "Mulholland", Person.Status.MEMBER),
    ("Unite Community Northtown", "D6004", "Wasim", "Akhtar", Person.Status.NON_MEMBER),
    ("Fabian Society (Northtown Local Society)", "D6005", "Helen", "Ashworth", Person.Status.MEMBER),
    ("Northtown Co-operative Party", "D6006", "Colin", "Barraclough", Person.Status.MEMBER),
    ("Northtown Co-operative Party", "D6007", "Mei", "Chen", Person.Status.MEMBER),
]
REPORT_NAME = "membership-action-report-demo.csv"
LAPSED_OFFICER = "D2022"  # a branch treasurer with no demo login (officers.demo)
NEW_MEMBERS = [
    ("D5001", "Zara", "Ahmed", "Castle"),
    ("D5002", "Liam", "Brennan", "Quayside"),
    ("D5003", "Grace", "Nwosu", "Moorland"),
    ("D5004", "Oliver", "Pike", "Brookside"),
    ("D5005", "Freya", "Lindqvist", "Abbey"),
    ("D5006", "Tariq", "Hussain", "Heath"),
]
MAILING_BODY = """Dear branch secretaries,

Thank you for everything your branches did this month. A few things from the CLP:

- **Campaign days**: every Saturday from 10:00, meeting at the Trades Hall. Please share in your branch.
- **Training**: *Welcoming new members* on Zoom on the second Tuesday, 19:00. Book through the Secretary.
- **Membership**: the latest Membership Action Report is on your branch page. Please contact new members
  within a fortnight, and give lapsed members a friendly call.

The business of the next CLP meeting is below. Motions and nominations to the Secretary, please, at
least ten days before.
"""


def seed(context):
    _delegates(context)
    _choices(context)
    _membership_report(context)
    _mailings(context)


def _delegates(context):
    affiliates = {a.name: a for a in Affiliate.objects.all()}
    since = context.get("agm") or timezone.localdate() - datetime.timedelta(days=200)
    for name, number, first, last, status in DELEGATES:
        person, _ = Person.objects.update_or_create(
            membership_number=number,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{first}.{last}@example.org".lower(),
                "phone": f"07700 900{number[-3:]}",
                "membership_status": status,
            },
        )
        AffiliateDelegate.objects.get_or_create(
            affiliate=affiliates[name], person=person, defaults={"starts_on": since}
        )


def _choices(context):
    # Some officers keep their phone number out of the directory; one shares an address.
    people = context.get("people", [])
    for index, person in enumerate(people[:8]):
        if index % 3 == 1:
            DirectoryChoice.objects.update_or_create(
                person=person, defaults={"show_email": True, "show_phone": False, "show_address": False}
            )
        elif index == 2:
            DirectoryChoice.objects.update_or_create(
                person=person, defaults={"show_email": True, "show_phone": True, "show_address": True}
            )


def _membership_report(context):
    """Import a fortnightly report through the real path: preview, then apply."""
    if MembershipImport.objects.filter(filename=REPORT_NAME, status=MembershipImport.Status.DONE).exists():
        return
    today = timezone.localdate()
    rows = ["Membership Number,First Name,Last Name,Status,Email,Mobile,Branch,Ward,Joined,Status Date"]
    for n, (number, first, last, ward) in enumerate(NEW_MEMBERS):
        joined = (today - datetime.timedelta(days=3 + n * 2)).strftime("%d/%m/%Y")
        email = f"{first}.{last}@example.org".lower()
        rows.append(f"{number},{first},{last},New,{email},07700 900{number[-3:]},,{ward},{joined},{joined}")
    members = Person.objects.filter(membership_number__regex=r"^D3\d{3}$").select_related("branch")
    changes = ["Lapsed", "Resigned", "Arrears", "Current"]
    for n, person in enumerate(members.order_by("membership_number")):
        if n % 5:
            continue
        status = changes[(n // 5) % len(changes)]
        when = (today - datetime.timedelta(days=5 + n % 9)).strftime("%d/%m/%Y")
        rows.append(
            f"{person.membership_number},{person.first_name},{person.last_name},{status},{person.email},"
            f",{person.branch.name},,,{when}"
        )
    # A branch treasurer whose membership lapsed: the roster flags the post, the Secretary is
    # told, the term ends (the post's rules do not let a lapsed member hold it), and the end
    # waits as a role change to make in MemberCentre.
    lapsed = Person.objects.filter(membership_number=LAPSED_OFFICER).select_related("branch").first()
    if lapsed is not None:
        when = (today - datetime.timedelta(days=4)).strftime("%d/%m/%Y")
        rows.append(
            f"{lapsed.membership_number},{lapsed.first_name},{lapsed.last_name},Lapsed,{lapsed.email},"
            f",{lapsed.branch.name if lapsed.branch else ''},,,{when}"
        )
    report = services.membership_import_preview(filename=REPORT_NAME, text="\n".join(rows) + "\n", by=None)
    if report.status != MembershipImport.Status.PREVIEW:
        raise RuntimeError(f"The demo Membership Action Report does not import: {report.errors}")
    MembershipImport.objects.filter(pk=report.pk).update(status=MembershipImport.Status.RUNNING)
    services.membership_import_apply(report_id=report.pk)
    # One new member already welcomed by their branch: the follow-ups page shows a rate.
    welcomed = FollowUp.objects.filter(person__membership_number=NEW_MEMBERS[0][0], closed_on=None).first()
    if welcomed:
        followups.follow_up_contact_record(
            follow_up=welcomed,
            contacted_on=today,
            method=FollowUp.Method.CALL,
            outcome=FollowUp.Outcome.WELCOMED,
            note="Coming to the next branch meeting.",
        )


def _mailings(context):
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    sent, created = Mailing.objects.get_or_create(
        subject=f"Branch mailing, {last_month:%B %Y}",
        defaults={"body": MAILING_BODY, "status": Mailing.Status.DRAFT},
    )
    if created:
        sent = services.mailing_save(mailing=sent, subject=sent.subject, body=MAILING_BODY, by=None)
        posts = branch_secretary_posts()
        sent_at = timezone.now() - datetime.timedelta(days=today.day + 3)
        Mailing.objects.filter(pk=sent.pk).update(
            status=Mailing.Status.SENT, sent_at=sent_at, recipients=len(posts)
        )
        # Delivered last month: recorded in the outbox as sent, so nobody is emailed again now.
        notify(
            key=sent.notification_key,
            kind="branch_mailing",
            subject=sent.subject,
            body=MAILING_BODY,
            to_posts=posts,
            due_at=sent_at,
        )
        Notification.objects.filter(key__startswith=f"{sent.notification_key}:").update(
            status=Notification.Status.SENT, sent_at=sent_at
        )
    draft = Mailing.objects.filter(subject=f"Branch mailing, {today:%B %Y}").first()
    if draft is None:
        services.mailing_save(
            subject=f"Branch mailing, {today:%B %Y}",
            body=MAILING_BODY.replace("this month", "since the last mailing"),
            by=None,
        )
