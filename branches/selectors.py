"""Reads for branches, the directory, imports and mailings, with their joins already on."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone

from branches import followup_rules
from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    FollowUp,
    FollowUpContact,
    Mailing,
    MembershipImport,
    MembershipReportEntry,
)
from clp.notifications.models import Notification
from meetings.models import Meeting
from meetings.rules import agenda_lines
from meetings.selectors import next_clp_meeting
from officers.models import Person, Post, Term
from officers.selectors import LEFT


def branches(*, branch_ids=None):
    """The branches `branch_ids` (every branch with None), each with its wards."""
    found = Branch.objects.prefetch_related("wards")
    return found if branch_ids is None else found.filter(pk__in=branch_ids)


def branches_with_open_follow_ups(*, branch_ids=None):
    """The branches `branch_ids` (every branch with None), each with the number of its open
    follow-ups (`open_count`), in the order of the follow-ups list (their wards, which the list
    does not show, are left: prefetched, they were a query and a queryset made per branch)."""
    found = Branch.objects.annotate(open_count=Count("follow_ups", filter=Q(follow_ups__closed_on=None)))
    if branch_ids is not None:
        found = found.filter(pk__in=branch_ids)
    return found.order_by("order", "name")


def branch_officer_terms(*, branch_ids, on=None):
    """Current terms of branch posts in `branch_ids`, with post, person and directory choice."""
    on = on or timezone.localdate()
    return (
        Term.objects.current(on)
        .filter(post__scope=Post.Scope.BRANCH, post__branch_id__in=branch_ids)
        .select_related("post", "person", "person__directory_choice")
        .order_by("post__branch_id", "post__order", "post__name", "person__last_name")
    )


def branch_secretaries(*, branch_ids, on=None):
    """{branch id: [whoever holds its secretary's post today]} for the branches `branch_ids`."""
    found = {}
    terms = branch_officer_terms(branch_ids=branch_ids, on=on).filter(post__role=Post.Role.BRANCH_SECRETARY)
    for term in terms:
        found.setdefault(term.post.branch_id, []).append(term.person)
    return found


def branch_meetings(branch, *, now=None, past_limit=12):
    """(upcoming, past) meetings of the branch; past newest first."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(kind=Meeting.Kind.BRANCH, branch=branch)
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at"))
    past = list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:past_limit])
    return upcoming, past


def business_text(meeting):
    """The next CLP meeting's business as plain text, for the mailing: the meeting, then its
    agenda as numbered on the circulated agenda (items for information in the correspondence
    file, unnumbered)."""
    if meeting is None:
        return ""
    when = timezone.localtime(meeting.starts_at)
    lines = [
        f"{meeting}: {when:%A} {when.day} {when:%B %Y at %H:%M}"
        + (f", {meeting.venue}" if meeting.venue else "")
    ]
    lines += agenda_lines(meeting.items.all())
    return "\n".join(lines)


def mailing_current_business(mailing):
    """(meeting, business) the mailing carries: as sent, or for a draft as it would go now."""
    if mailing.status != Mailing.Status.DRAFT:
        return mailing.meeting, mailing.business
    meeting = next_clp_meeting()
    return meeting, business_text(meeting)


def mailings_sent(limit=12):
    """Mailings gone out (not those scheduled for later), newest first."""
    sent = Mailing.objects.filter(status=Mailing.Status.SENT, sent_at__lte=timezone.now())
    return sent.order_by("-sent_at")[:limit]


def mailing_sent_in(year, month):
    """Whether a mailing went out in that month."""
    return Mailing.objects.filter(
        status=Mailing.Status.SENT, sent_at__year=year, sent_at__month=month
    ).exists()


def mailings_all():
    return Mailing.objects.select_related("created_by").order_by("-created_at")


def latest_report():
    """The most recent Membership Action Report imported, or None."""
    imports = MembershipImport.objects.filter(status=MembershipImport.Status.DONE).defer("content")
    return imports.order_by("-imported_at").first()


def report_entries_for_branch(report, branch):
    """The branch's rows of `report`, grouped by status (new, arrears, lapsed, resigned)."""
    groups = {status: [] for status in ACTIONABLE}
    if report is None:
        return groups
    entries = (
        MembershipReportEntry.objects.filter(report=report, branch=branch, status__in=ACTIONABLE)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    for entry in entries:
        groups[entry.status].append(entry)
    return groups


ACTIONABLE = [s for s in MembershipReportEntry.Status.values if s != MembershipReportEntry.Status.CURRENT]


def member_timeline(person):
    """The member's rows across every report imported, oldest first: one timeline."""
    return (
        MembershipReportEntry.objects.filter(person=person, report__status=MembershipImport.Status.DONE)
        .select_related("report", "branch")
        .defer("report__content")
        .order_by("report__imported_at", "pk")
    )


# Follow-ups ------------------------------------------------------------------------------


def follow_ups_open(*, branch_ids=None):
    """Open follow-ups of `branch_ids` (every branch with None), oldest first, with the member,
    who contacts them and the branch."""
    found = FollowUp.objects.filter(closed_on=None).select_related("person", "assigned_to", "branch")
    if branch_ids is not None:
        found = found.filter(branch_id__in=branch_ids)
    return found.order_by(*OPEN_ORDER)


OPEN_ORDER = ("branch__order", "branch__name", "opened_on", "pk")


def follow_ups_open_slice(*, branch_ids=None, start, stop):
    """The open follow-ups from `start` to `stop` in the order of follow_ups_open, in one
    query that picks the slice's ids from the follow-ups alone and then joins only those to
    their member, contact and branch (joined first, PostgreSQL sorted every open one whole)."""
    ids = follow_ups_open(branch_ids=branch_ids).select_related(None).values("pk")[start:stop]
    found = FollowUp.objects.filter(pk__in=ids).select_related("person", "assigned_to", "branch")
    return found.only(*LISTED).order_by(*OPEN_ORDER)


# What the list shows of a follow-up, its member and who contacts them: a member has some
# thirty fields, and building 70 of them whole and their contacts was a tenth of the page.
LISTED = (
    "branch_id", "person_id", "reason", "opened_on", "assigned_to_id", "contact_on", "method",
    "outcome", "closed_on", "person__first_name", "person__last_name", "assigned_to__first_name",
    "assigned_to__last_name", "branch__name", "branch__slug", "branch__order",
)  # fmt: skip


def follow_ups_closed_recently(*, branch_ids=None, limit=20):
    """The `limit` follow-ups closed last, their ids picked before the joins (as above)."""
    found = FollowUp.objects.exclude(closed_on=None)
    if branch_ids is not None:
        found = found.filter(branch_id__in=branch_ids)
    ids = found.order_by("-closed_on", "-pk").values("pk")[:limit]
    found = FollowUp.objects.filter(pk__in=ids).select_related("person", "assigned_to", "branch")
    return found.only(*LISTED).order_by("-closed_on", "-pk")


def follow_up_detail():
    """The queryset a follow-up's page reads from (its contacts in order)."""
    contacts = FollowUpContact.objects.select_related("by").order_by("contacted_on", "pk")
    found = FollowUp.objects.select_related("person", "assigned_to", "branch", "entry__report")
    return found.prefetch_related(Prefetch("contacts", queryset=contacts))


def follow_up_rates(*, branch_ids=None, today=None):
    """{branch id: (welcome rate, lapsed rate)} over the follow-ups opened in the last year:
    one query (followup_rules has the arithmetic)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=followup_rules.RATE_PERIOD_DAYS)
    rows = FollowUp.objects.filter(
        opened_on__gte=since, reason__in=[FollowUp.Reason.NEW, FollowUp.Reason.LAPSED]
    )
    if branch_ids is not None:
        rows = rows.filter(branch_id__in=branch_ids)
    welcomed = Min("contacts__contacted_on", filter=Q(contacts__outcome=FollowUp.Outcome.WELCOMED))
    reached = Min("contacts__contacted_on", filter=~Q(contacts__outcome=FollowUp.Outcome.NOT_REACHED))
    facts = {}
    Facts, new = followup_rules.Facts, FollowUp.Reason.NEW
    rows = rows.annotate(welcomed=welcomed, reached=reached).values_list(
        "branch_id", "reason", "opened_on", "welcomed", "reached"
    )  # tuples, not a dict a row: some thousand rows a year
    for branch_id, reason, opened_on, welcomed_on, reached_on in rows:
        met = welcomed_on if reason == new else reached_on
        facts.setdefault(branch_id, []).append(Facts(reason, opened_on, met))
    ids = branch_ids if branch_ids is not None else list(Branch.objects.values_list("pk", flat=True))
    return {pk: followup_rules.branch_rates(facts.get(pk, []), today=today) for pk in ids}


@dataclass(frozen=True)
class ToContact:
    """A member on a branch's contact list, with only what they let the branch use."""

    follow_up: object
    email: str
    phone: str


def branch_contacts(branch, *, today=None):
    """The branch's members to contact: its open follow-ups, less anyone who has asked not to
    be contacted, and less leavers past the retention period (officers.selectors); each with
    the email and phone their directory choice lets the branch see."""
    today = today or timezone.localdate()
    retained_since = today - datetime.timedelta(days=settings.RETENTION_DAYS)
    declined = FollowUp.objects.filter(outcome=FollowUp.Outcome.NO_CONTACT).values("person_id")
    rows = (
        follow_ups_open(branch_ids=[branch.pk])
        .exclude(person_id__in=declined)
        .exclude(person__membership_status__in=LEFT, person__left_on__lt=retained_since)
        .select_related("person__directory_choice")
    )
    return [ToContact(f, *contact_for(f.person)[:2]) for f in rows]


def branch_officers_of(branch, on=None):
    """The people holding one of the branch's posts today (who may take a follow-up)."""
    people = {term.person.pk: term.person for term in branch_officer_terms(branch_ids=[branch.pk], on=on)}
    return sorted(people.values(), key=lambda p: (p.last_name, p.first_name))


def branch_member(branch, membership_number):
    """The member of `branch` with that number, or None (never a member of another branch)."""
    number = membership_number.strip()
    return Person.objects.filter(branch=branch, membership_number=number).first() if number else None


def imports_recent(limit=10):
    return MembershipImport.objects.select_related("uploaded_by").defer("content")[:limit]


def mailing_delivery(mailing):
    """(delivered, total) notifications of a sent mailing: the progress while it goes out."""
    rows = Notification.objects.filter(key__startswith=f"{mailing.notification_key}:")
    done = Q(status__in=[Notification.Status.SENT, Notification.Status.FAILED, Notification.Status.CANCELLED])
    counts = rows.aggregate(total=Count("pk"), delivered=Count("pk", filter=done))
    return counts["delivered"], counts["total"]


# The directory ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """One line of the constituency directory."""

    section: str  # "CLP officers", "Executive Committee", "Branch officers", "Affiliated delegates"
    group: str  # the branch or affiliate, or "" for the CLP
    role: str  # the post, or "Delegate"
    name: str
    email: str
    phone: str
    address: str

    def matches(self, query):
        haystack = " ".join((self.section, self.group, self.role, self.name, self.email)).lower()
        return all(word in haystack for word in query.lower().split())


SECTIONS = ["CLP officers", "Executive Committee", "Branch officers", "Affiliated delegates"]


def contact_for(person):
    """The contact details `person` lets the directory show: (email, phone, address)."""
    choice = getattr(person, "directory_choice", None)
    shown = None if choice is None else tuple(getattr(choice, k) for k in DirectoryChoice.DEFAULTS)
    return _shown_contact(person.email, person.phone, person.address, person.postcode, shown)


def _shown_contact(email, phone, address, postcode, shown):
    """(email, phone, address) as the person's choice `shown` (its show_email, show_phone and
    show_address, or None: no choice made, the defaults) lets the directory show them."""
    show_email, show_phone, show_address = (
        DirectoryChoice.DEFAULTS.values() if shown is None or shown[0] is None else shown
    )
    address = ", ".join(p for p in (address.replace("\n", ", ").strip(), postcode) if p)
    return (email if show_email else "", phone if show_phone else "", address if show_address else "")


def _section(kind, on_ec, scope, branch_name):
    """Delegates on the EC are listed as the EC; every other post with its CLP or branch."""
    if kind == Post.Kind.DELEGATE and on_ec:
        return "Executive Committee", branch_name or ""
    if scope == Post.Scope.BRANCH:
        return "Branch officers", branch_name
    return "CLP officers", ""


# What a directory line reads of a person (its name and the details it may show, with their
# choice), as plain values: a model for each term, post, branch, person and choice was most of
# the page at a large CLP.
_PERSON = (
    "first_name", "last_name", "email", "phone", "address", "postcode",
    *[f"directory_choice__{k}" for k in DirectoryChoice.DEFAULTS],
)  # fmt: skip


def _name_and_contact(values):
    first, last, email, phone, address, postcode, *shown = values
    return (Person.name_of(first, last), *_shown_contact(email, phone, address, postcode, shown))


def directory(*, query="", on=None):
    """Everyone in the constituency directory today, in order, honouring each person's choice."""
    on = on or timezone.localdate()
    listings = []
    terms = (
        Term.objects.current(on)
        .order_by("post__scope", "post__branch__order", "post__branch__name", "post__order", "post__name")
        .values_list(
            "post__name",
            "post__kind",
            "post__ec_membership",
            "post__scope",
            "post__branch__name",
            *[f"person__{f}" for f in _PERSON],
        )
    )
    for name, kind, ec_membership, scope, branch_name, *person in terms:
        on_ec = Post.sits_on_ec(ec_membership)
        section, group = _section(kind, on_ec, scope, branch_name)
        role = f"{name} (EC)" if section == "CLP officers" and on_ec else name
        listings.append(Listing(section, group, role, *_name_and_contact(person)))
    kinds = dict(Affiliate.Kind.choices)
    delegates = (
        AffiliateDelegate.objects.current(on)
        .order_by("affiliate__name", "person__last_name")
        .values_list("affiliate__name", "affiliate__kind", *[f"person__{f}" for f in _PERSON])
    )
    for affiliate, kind, *person in delegates:
        listings.append(
            Listing(
                "Affiliated delegates",
                affiliate,
                f"Delegate ({kinds.get(kind, kind)})",
                *_name_and_contact(person),
            )
        )
    if query:
        listings = [listing for listing in listings if listing.matches(query)]
    return sorted(listings, key=lambda item: SECTIONS.index(item.section))


def directory_sections(listings, before=None):
    """[(section, [(group, [listing, ...]), ...]), ...] for templates. `before` is the listing
    just before these (a page after the first): a section or group it shares with the first
    of them is headed "(continued)"."""
    sections = []
    last = (before.section, before.group) if before else None  # the section and group open
    for listing in listings:
        if last is None or last[0] != listing.section:
            sections.append((listing.section, []))
        elif not sections:
            sections.append((_continued(listing.section), []))
        groups = sections[-1][1]
        if last != (listing.section, listing.group):
            groups.append((listing.group, []))
        elif not groups:
            groups.append((_continued(listing.group) if listing.group else "", []))
        groups[-1][1].append(listing)
        last = (listing.section, listing.group)
    return sections


def _continued(heading):
    return f"{heading} (continued)"


DIRECTORY_PAGE = 50  # entries a page; the PDF and the CSV hold every one


def directory_page(*, query="", number=None):
    """The directory a page at a time: (sections of the page's entries, the page). A section
    or group carried over from the page before says so."""
    listings = directory(query=query)
    page = Paginator(listings, DIRECTORY_PAGE).get_page(number)
    before = listings[page.start_index() - 2] if page.number > 1 else None
    return directory_sections(page.object_list, before), page


def affiliates_with_delegates(on=None):
    """Each affiliate with its delegates of today and those due to start later."""
    on = on or timezone.localdate()
    current = (
        AffiliateDelegate.objects.filter(Q(ends_on=None) | Q(ends_on__gte=on))
        .select_related("person")
        .order_by("starts_on", "person__last_name")
    )
    return Affiliate.objects.prefetch_related(
        Prefetch("delegates", queryset=current, to_attr="current_delegates")
    )
