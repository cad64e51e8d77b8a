"""Writes for branches: directory choices, affiliates, Membership Action Report imports, mailings."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from branches import progress
from branches.followups import follow_ups_from_report
from branches.markup import links, render_markdown, site_path
from branches.membership_report import ReportError, parse_rows
from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    Mailing,
    MailingAttachment,
    MembershipImport,
    MembershipReportEntry,
    Ward,
)
from branches.selectors import business_text, next_clp_meeting
from clp.core.history import CHANGED, history_of
from clp.core.uploads import check_upload
from clp.notifications.services import notify
from meetings.diary import NEXT_EVENTS, next_events_text
from officers.models import Person
from officers.selectors import audience_posts
from officers.services import officer_lapses_record

# Directory -------------------------------------------------------------------------------


@transaction.atomic
def directory_choice_save(*, person, show_email, show_phone, show_address) -> DirectoryChoice:
    """Record which of `person`'s contact details the constituency directory shows."""
    choice, _ = DirectoryChoice.objects.get_or_create(person=person)
    choice.show_email, choice.show_phone, choice.show_address = show_email, show_phone, show_address
    choice.full_clean()
    choice.save()
    return choice


# Affiliates ------------------------------------------------------------------------------


@transaction.atomic
def affiliate_create(*, name, kind, contact_email="", delegates_allowed=1) -> Affiliate:
    affiliate = Affiliate(
        name=name, kind=kind, contact_email=contact_email, delegates_allowed=delegates_allowed
    )
    affiliate.full_clean()
    affiliate.save()
    return affiliate


@transaction.atomic
def affiliate_delegate_add(*, affiliate, person, starts_on) -> AffiliateDelegate:
    """Record `person` as a delegate of `affiliate` from `starts_on`, within its allowance."""
    Affiliate.objects.select_for_update().get(pk=affiliate.pk)
    current = AffiliateDelegate.objects.current(starts_on).filter(affiliate=affiliate)
    if current.filter(person=person).exists():
        raise ValidationError(f"{person} is already a delegate of {affiliate}.")
    if current.count() >= affiliate.delegates_allowed:
        raise ValidationError(
            f"{affiliate} already has {affiliate.delegates_allowed} delegate(s), as many as it may send. "
            "End one delegation first."
        )
    delegate = AffiliateDelegate(affiliate=affiliate, person=person, starts_on=starts_on)
    delegate.full_clean()
    delegate.save()
    return delegate


def _delegate_person(*, membership_number, first_name, last_name, email, phone):
    """The person an organisation nominates: by membership number, else by email, else new."""
    person = None
    if membership_number:
        person = Person.objects.filter(membership_number=membership_number).first()
    if person is None and email:
        person = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if person is None:
        person = Person(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            membership_number=membership_number or None,
            membership_status=Person.Status.MEMBER if membership_number else Person.Status.NON_MEMBER,
        )
        person.full_clean()
        person.save()
    return person


@transaction.atomic
def affiliate_delegate_appoint(
    *, affiliate, starts_on, first_name, last_name, membership_number="", email="", phone=""
) -> AffiliateDelegate:
    """Record the delegate `affiliate` nominates, adding them as a person if the CLP has no record."""
    person = _delegate_person(
        membership_number=membership_number,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
    )
    return affiliate_delegate_add(affiliate=affiliate, person=person, starts_on=starts_on)


@transaction.atomic
def affiliate_delegate_end(*, delegate, ends_on) -> AffiliateDelegate | None:
    """End a delegation on `ends_on` (its last day). One that has not begun yet is cancelled
    (deleted, its history kept) and None returned; one already ended is left as it was."""
    if delegate.ends_on is not None and delegate.ends_on <= ends_on:
        raise ValidationError(
            f"{delegate.person}'s delegation for {delegate.affiliate} already ended on "
            f"{delegate.ends_on:%d/%m/%Y}."
        )
    if delegate.starts_on > ends_on:
        delegate.delete()
        return None
    delegate.ends_on = ends_on
    delegate.full_clean()
    delegate.save()
    return delegate


# The Membership Action Report ------------------------------------------------------------

SAMPLE_SIZE = 100  # changes listed in the preview; the counts cover every row


@dataclass
class _Planned:
    row: object
    person: Person | None
    branch: Branch


def _branch_lookup():
    by_name, by_ward = {}, {}
    for branch in Branch.objects.all():
        for key in (branch.name, branch.slug, branch.name.removesuffix(" Branch")):
            by_name[key.strip().lower()] = branch
    for ward in Ward.objects.select_related("branch"):
        by_ward[ward.name.strip().lower()] = ward.branch
        if ward.code:
            by_ward[ward.code.strip().lower()] = ward.branch
    return by_name, by_ward


def _plan(text):
    """Read the report and match each row to its person (by membership number) and its branch;
    ReportError listing, in row order, every row that is malformed or names no branch or ward
    we know."""
    rows, errors = parse_rows(text)
    by_name, by_ward = _branch_lookup()
    numbers = [row.membership_number for row in rows]
    people = {}
    for start in range(0, len(numbers), 5000):
        chunk = numbers[start : start + 5000]
        people.update({p.membership_number: p for p in Person.objects.filter(membership_number__in=chunk)})
    planned = []
    for row in rows:
        branch = by_name.get(row.branch.lower()) or by_ward.get(row.ward.lower())
        if branch is None:
            what = " or ".join(
                f"{label} “{value}”" for label, value in (("branch", row.branch), ("ward", row.ward)) if value
            )
            errors.append((row.line, f"The {what} is not a branch or ward of this CLP."))
            continue
        planned.append(_Planned(row, people.get(row.membership_number), branch))
    if errors:
        raise ReportError(sorted(errors))
    return planned


def _describe(item):
    """What the import would change for one planned row, in words ("" for nothing)."""
    row, person = item.row, item.person
    if person is None:
        return f"New person ({Person.Status(row.status).label}) in {item.branch}"
    changes = []
    if person.membership_status != row.status:
        old, new = Person.Status(person.membership_status).label, Person.Status(row.status).label
        changes.append(f"{old} → {new}")
    if person.branch_id != item.branch.pk:
        changes.append(f"moves to {item.branch}")
    return "; ".join(changes)


def _summarise(planned):
    summary = {"rows": len(planned), "new_people": 0, "status_changes": 0, "branch_moves": 0, "unchanged": 0}
    summary["by_status"] = dict.fromkeys(Person.Status.values, 0)
    sample = []
    for item in planned:
        summary["by_status"][item.row.status] += 1
        if item.person is None:
            summary["new_people"] += 1
        else:
            moved = item.person.branch_id != item.branch.pk
            changed = item.person.membership_status != item.row.status
            summary["status_changes"] += changed
            summary["branch_moves"] += moved
            summary["unchanged"] += not (changed or moved)
        what = _describe(item)
        if what and len(sample) < SAMPLE_SIZE:
            name = f"{item.row.first_name} {item.row.last_name}"
            sample.append([item.row.line, item.row.membership_number, name, what])
    summary["sample"] = sample
    return summary


@transaction.atomic
def membership_import_preview(*, filename, text, by) -> MembershipImport:
    """Check an uploaded report and record what importing it would change; writes no member.

    Earlier previews never confirmed are dropped, file and all: a report is personal data."""
    MembershipImport.objects.filter(status=MembershipImport.Status.PREVIEW).update(
        status=MembershipImport.Status.INVALID,
        content="",
        errors=[[0, "A later file was uploaded instead; nothing was imported from this one."]],
    )
    report = MembershipImport(filename=filename[:200], uploaded_by=by)
    try:
        planned = _plan(text)
    except ReportError as exc:
        report.status = MembershipImport.Status.INVALID
        report.errors = [list(e) for e in exc.errors]
    else:
        report.content = text
        report.total_rows = len(planned)
        report.summary = _summarise(planned)
    report.full_clean()
    report.save()
    return report


def membership_import_confirm(*, report) -> bool:
    """Queue a previewed report for import. False if it was not waiting (already queued or done)."""
    claimed = MembershipImport.objects.filter(pk=report.pk, status=MembershipImport.Status.PREVIEW).update(
        status=MembershipImport.Status.QUEUED
    )
    if claimed:
        from branches.tasks import membership_import_run

        transaction.on_commit(lambda: membership_import_run.delay(report.pk))
    return bool(claimed)


def _apply_row(person, row, branch, today):
    """Set `person` from the report's row; return True if anything changed."""
    before = [getattr(person, field) for field in PERSON_FIELDS_ATTNAMES]
    status_changed = person.membership_status != row.status
    person.membership_status = row.status
    person.branch = branch
    if row.joined_on:
        person.joined_on = row.joined_on
    elif row.status == Person.Status.NEW and person.joined_on is None:
        person.joined_on = row.status_on or today
    if row.status in (Person.Status.LAPSED, Person.Status.RESIGNED):
        if status_changed or person.left_on is None:
            person.left_on = row.status_on or today
    else:
        person.left_on = None
    # Fill in contact details we lack; never overwrite what the CLP already holds.
    for field in ("email", "phone", "address", "postcode"):
        if not getattr(person, field) and getattr(row, field):
            setattr(person, field, getattr(row, field))
    return before != [getattr(person, field) for field in PERSON_FIELDS_ATTNAMES]


PERSON_FIELDS = [
    "membership_status",
    "branch",
    "joined_on",
    "left_on",
    "email",
    "phone",
    "address",
    "postcode",
]
PERSON_FIELDS_ATTNAMES = [("branch_id" if f == "branch" else f) for f in PERSON_FIELDS]
ENTRY_STATUSES = set(MembershipReportEntry.Status.values)


@transaction.atomic
def membership_import_apply(*, report_id, on_progress=None) -> MembershipImport:
    """Import a confirmed report in one transaction: create new people, update statuses and
    branches, keep every row (each member's timeline) and open a follow-up for each member a
    branch should contact. ReportError (nothing written) if the
    file or any row is wrong."""
    report = MembershipImport.objects.select_for_update().get(pk=report_id)
    planned = _plan(report.content)
    today = timezone.localdate()
    user = report.uploaded_by
    reason = f"Membership Action Report {report.filename}"
    created, updated = [], []
    for index, item in enumerate(planned, start=1):
        person = item.person or Person(
            membership_number=item.row.membership_number,
            first_name=item.row.first_name,
            last_name=item.row.last_name,
        )
        # The parser has checked lengths and formats; a full_clean() per row would cost a
        # uniqueness query each, and the database enforces uniqueness anyway.
        changed = _apply_row(person, item.row, item.branch, today)
        if item.person is None:
            created.append(person)
            item.person = person
        elif changed:
            updated.append(person)
        if on_progress and index % 500 == 0:
            on_progress(index // 2)  # matching is the first half of the work
    # The history of every row written here is one INSERT ... SELECT (clp.core.history), not
    # a historical instance per row built and prepared in Python.
    Person.objects.bulk_create(created, batch_size=1000)
    history_of(created, Person, default_user=user, default_change_reason=reason)
    if on_progress:
        on_progress(len(planned) * 3 // 4)
    if updated:
        # An upsert on the membership number: one statement per batch, where bulk_update's
        # CASE expressions take seconds per thousand rows.
        Person.objects.bulk_create(
            updated,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["membership_number"],
            update_fields=PERSON_FIELDS,
        )
        history_of(updated, Person, history_type=CHANGED, default_user=user, default_change_reason=reason)
    # Every row is kept, so that a member's rows across reports are one timeline.
    entries = MembershipReportEntry.objects.bulk_create(
        [
            MembershipReportEntry(  # ids, not instances: no related-object bookkeeping per row
                report_id=report.pk,
                person_id=item.person.pk,
                branch_id=item.branch.pk,
                status=item.row.status,
                status_on=item.row.status_on,
            )
            for item in planned
            if item.row.status in ENTRY_STATUSES
        ],
        batch_size=2000,
    )
    opened = follow_ups_from_report(entries=entries, opened_on=today, by=user)
    # Post-holders the report shows as lapsed or resigned: each post's rule decides, and the
    # Secretary is told (officers.services).
    lapses = officer_lapses_record(
        lapses=[(item.person, item.row.status, item.row.status_on) for item in planned],
        source=reason,
        on=today,
        by=user,
    )
    report.summary = {**report.summary, **_counts_after(created, updated, len(planned))}
    report.summary.update(follow_ups=opened, officers_lapsed=len(lapses))
    report.status = MembershipImport.Status.DONE
    report.processed_rows = report.total_rows = len(planned)
    report.imported_at = timezone.now()
    report.content = ""  # personal data: the people table now holds what we need
    report.save()
    return report


def _counts_after(created, updated, rows):
    return {"created": len(created), "updated": len(updated), "imported_rows": rows}


def membership_import_fail(*, report_id, errors):
    """Record why an import failed (after its transaction rolled back: nothing was imported)."""
    MembershipImport.objects.filter(pk=report_id).update(
        status=MembershipImport.Status.FAILED, errors=[list(e) for e in errors], content="", processed_rows=0
    )
    progress.clear(report_id)


# The monthly branch mailing --------------------------------------------------------------

KEEP = object()  # an argument not given: the mailing keeps its value
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Every attachment goes to every recipient: mail servers commonly refuse emails over 20-25 MB.
ATTACHMENTS_MOST = 5
ATTACHMENTS_MAX_TOTAL_BYTES = 15 * 1024 * 1024


# Links a mailing may carry to pages of CLP Desk: those every recipient may open (its own
# page and attachments; branches.views.mailing_detail lets every recipient in).
MAILING_SAFE_VIEWS = {"branches:mailing_detail", "branches:mailing_attachment"}


def _check_links(body):
    """Refuse a link to a page of CLP Desk that not every recipient may open (a CLP meeting's
    agenda, a branch's page...): the business is summarised and the agenda can be attached."""
    for href in links(render_markdown(body)):
        path = site_path(href)
        if path is None:
            continue
        try:
            view = resolve(path).view_name
        except Resolver404:
            view = None
        if view not in MAILING_SAFE_VIEWS:
            raise ValidationError(
                {
                    "body": f"The link to “{href}” leads to a page of CLP Desk that not everyone this "
                    "mailing goes to may open. The next CLP meeting's business is summarised in the "
                    "mailing and its agenda can be attached: remove the link."
                }
            )


@transaction.atomic
def mailing_save(
    *, subject, body, by, mailing=None, audiences=None, attach_agenda=None, send_at=KEEP
) -> Mailing:
    """Create or update a draft mailing, pulling in the next CLP meeting's business afresh.
    `audiences` (Mailing.Audience values), `attach_agenda` and `send_at` keep their values
    when not given."""
    mailing = mailing or Mailing(created_by=by)
    if mailing.status != Mailing.Status.DRAFT:
        raise ValidationError("This mailing has been sent; it can no longer be changed.")
    meeting = next_clp_meeting()
    mailing.subject, mailing.body = subject, body
    if audiences is not None:
        if not audiences:
            raise ValidationError({"audiences": "Choose who the mailing goes to."})
        mailing.audiences = [a for a in Mailing.Audience.values if a in set(audiences)]
    if attach_agenda is not None:
        mailing.attach_agenda = attach_agenda
    if send_at is not KEEP:
        if send_at is not None and send_at <= timezone.now():
            raise ValidationError(
                {"send_at": "Choose a time in the future, or leave it blank to send it now."}
            )
        mailing.send_at = send_at
    mailing.meeting, mailing.business = meeting, business_text(meeting)
    _check_links(body)
    mailing.full_clean()
    mailing.save()
    return mailing


@transaction.atomic
def mailing_attachment_add(*, mailing, upload, title="", by=None) -> MailingAttachment:
    """Attach a file to a draft mailing, checked by size and content as meeting papers are."""
    if not mailing.is_draft:
        raise ValidationError("This mailing has been sent; nothing can be attached to it now.")
    content_type = check_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    attached = mailing.attachments.aggregate(n=Count("pk"), size=Sum("size"))
    if attached["n"] >= ATTACHMENTS_MOST:
        raise ValidationError(
            f"A mailing can carry at most {ATTACHMENTS_MOST} attachments: remove one first."
        )
    if (attached["size"] or 0) + upload.size > ATTACHMENTS_MAX_TOTAL_BYTES:
        raise ValidationError(
            f"With this file the attachments would come to more than "
            f"{ATTACHMENTS_MAX_TOTAL_BYTES // (1024 * 1024)} MB, which many mail servers refuse: "
            "send a link to the larger files instead."
        )
    attachment = MailingAttachment(
        mailing=mailing,
        title=(title or upload.name.rsplit(".", 1)[0])[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:  # the file is on disk before the row: if the row fails, remove the file again
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def mailing_attachment_remove(*, attachment):
    if not attachment.mailing.is_draft:
        raise ValidationError("This mailing has been sent; its attachments stay as they went.")
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def mailing_audience(mailing, on=None):
    """(posts, people): whom the mailing goes to. Posts reach whoever holds them on the day
    it is sent; affiliates' delegates are people."""
    posts = audience_posts(mailing.audiences)
    people = []
    if Mailing.Audience.AFFILIATE_DELEGATES in mailing.audiences:
        delegates = AffiliateDelegate.objects.current(on or timezone.localdate()).select_related("person")
        people = list({d.person_id: d.person for d in delegates.order_by("person__last_name")}.values())
    return posts, people


@transaction.atomic
def mailing_send(*, mailing) -> Mailing:
    """Send a draft mailing to its audiences: one email each, through the notifications engine
    (and so through Celery), addressed to the posts (and to affiliates' delegates), now or at
    its send time (quiet hours move an email on to the morning). Every link in it opens for
    its recipient: its page (whoever it went to may read it), its attachments, and the next
    CLP meeting's business summarised, its agenda attached rather than linked."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != Mailing.Status.DRAFT:
        raise ValidationError("This mailing has already been sent.")
    now = timezone.now()
    if mailing.send_at is not None and mailing.send_at <= now:
        raise ValidationError("Its send time has passed: choose a later one, or clear it to send it now.")
    _check_links(mailing.body)
    posts, people = mailing_audience(mailing)
    if not posts and not people:
        raise ValidationError("Nobody holds a post in the audiences chosen: choose who it goes to.")
    # The business as it stands now: the agenda may have grown since the draft was saved (the
    # draft's preview shows it as it stands now too).
    mailing.meeting = next_clp_meeting()
    mailing.business = business_text(mailing.meeting)
    url = reverse("branches:mailing_detail", kwargs={"pk": mailing.pk})
    body = mailing.body
    if mailing.business:
        body += f"\n\nAt the next CLP meeting\n{mailing.business}"
    if events := next_events_text():
        body += f"\n\n{NEXT_EVENTS}\n{events}"
    attachments = [["branches.exports.mailing_attachment", [a.pk]] for a in mailing.attachments.all()]
    if mailing.attach_agenda and mailing.meeting:
        attachments.append(["meetings.exports.agenda_attachment", [mailing.meeting.pk]])
    common = {"kind": "branch_mailing", "subject": mailing.subject, "body": body, "attachments": attachments}
    with_login = [p for p in people if p.user_id]
    due = mailing.send_at
    notify(key=mailing.notification_key, to_posts=posts, to_people=with_login, url=url, due_at=due, **common)
    no_login = [p for p in people if not p.user_id]
    if no_login:  # no login, so no link to a page: everything is in the email
        notify(
            key=f"{mailing.notification_key}:no-login", to_people=no_login, due_at=mailing.send_at, **common
        )
    mailing.status, mailing.sent_at = Mailing.Status.SENT, mailing.send_at or now
    mailing.recipients = len(posts) + len(people)
    mailing.save()
    return mailing
