"""Reads for branches, the directory, imports and mailings, with their joins already on."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    Mailing,
    MembershipImport,
    MembershipReportEntry,
)
from clp.notifications.models import Notification
from meetings.models import Meeting
from meetings.rules import agenda_lines
from meetings.selectors import next_clp_meeting
from officers.models import Post, Term


def branches(*, branch_ids=None):
    """The branches `branch_ids` (every branch with None), each with its wards."""
    found = Branch.objects.prefetch_related("wards")
    return found if branch_ids is None else found.filter(pk__in=branch_ids)


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
    return Mailing.objects.filter(status=Mailing.Status.SENT).order_by("-sent_at")[:limit]


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
    groups = {status: [] for status, _ in MembershipReportEntry.Status.choices}
    if report is None:
        return groups
    entries = (
        MembershipReportEntry.objects.filter(report=report, branch=branch)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    for entry in entries:
        groups[entry.status].append(entry)
    return groups


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
    shown = (
        DirectoryChoice.DEFAULTS
        if choice is None
        else {k: getattr(choice, k) for k in DirectoryChoice.DEFAULTS}
    )
    address = ", ".join(p for p in (person.address.replace("\n", ", ").strip(), person.postcode) if p)
    return (
        person.email if shown["show_email"] else "",
        person.phone if shown["show_phone"] else "",
        address if shown["show_address"] else "",
    )


def _section(post):
    """Delegates on the EC are listed as the EC; every other post with its CLP or branch."""
    if post.kind == Post.Kind.DELEGATE and post.on_ec:
        return "Executive Committee", str(post.branch) if post.branch_id else ""
    if post.scope == Post.Scope.BRANCH:
        return "Branch officers", str(post.branch)
    return "CLP officers", ""


def directory(*, query="", on=None):
    """Everyone in the constituency directory today, in order, honouring each person's choice."""
    on = on or timezone.localdate()
    listings = []
    terms = (
        Term.objects.current(on)
        .select_related("post", "post__branch", "person", "person__directory_choice")
        .order_by("post__scope", "post__branch__order", "post__branch__name", "post__order", "post__name")
    )
    for term in terms:
        section, group = _section(term.post)
        role = f"{term.post.name} (EC)" if section == "CLP officers" and term.post.on_ec else term.post.name
        listings.append(Listing(section, group, role, term.person.full_name, *contact_for(term.person)))
    delegates = (
        AffiliateDelegate.objects.current(on)
        .select_related("affiliate", "person", "person__directory_choice")
        .order_by("affiliate__name", "person__last_name")
    )
    for delegate in delegates:
        listings.append(
            Listing(
                "Affiliated delegates",
                delegate.affiliate.name,
                f"Delegate ({delegate.affiliate.get_kind_display()})",
                delegate.person.full_name,
                *contact_for(delegate.person),
            )
        )
    if query:
        listings = [listing for listing in listings if listing.matches(query)]
    return sorted(listings, key=lambda item: SECTIONS.index(item.section))


def directory_sections(listings):
    """[(section, [(group, [listing, ...]), ...]), ...] for templates."""
    sections = []
    for listing in listings:
        if not sections or sections[-1][0] != listing.section:
            sections.append((listing.section, []))
        groups = sections[-1][1]
        if not groups or groups[-1][0] != listing.group:
            groups.append((listing.group, []))
        groups[-1][1].append(listing)
    return sections


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
