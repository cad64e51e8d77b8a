"""The motions booklet for a meeting (PDF: each motion on its numbered lines, with its
amendments) and the register of motions for a year (CSV). Each exporter returns
(filename, content_type, bytes), for the view, a command or an email attachment alike."""

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from clp.core.exports import Exported, csv_export, pdf_export
from meetings import motion_selectors as selectors
from meetings.models import Meeting


def _booklet_entries(meeting):
    entries = []
    for motion in selectors.motions_for(meeting):
        if motion.status in (motion.Status.WITHDRAWN, motion.Status.COMPOSITED):
            continue
        conflicts = selectors.amendment_conflicts(motion)
        amendments = [
            (a, conflicts.get(a.pk, [])) for a in motion.amendments.all() if a.status != a.Status.WITHDRAWN
        ]
        entries.append((motion, amendments))
    return entries


def motions_booklet(meeting_id) -> Exported:
    meeting = Meeting.objects.select_related("branch").get(pk=meeting_id)
    body = slugify(str(meeting.branch or settings.CLP_NAME))
    filename = f"{body}-{meeting.kind}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-motions.pdf"
    context = {"meeting": meeting, "entries": _booklet_entries(meeting)}
    return pdf_export(filename, "meetings/pdf/motions.html", context)


def motions_booklet_attachment(meeting_id) -> Exported:
    return motions_booklet(meeting_id)


REGISTER_HEADER = [
    "Meeting",
    "Date",
    "Number",
    "Title",
    "Submitted by",
    "Proposer",
    "Seconder",
    "Emergency",
    "Amendments",
    "Outcome",
    "Votes for",
    "Against",
    "Abstentions",
    "Sent to",
    "Replies",
]


def register_rows(motions):
    for m in motions:
        decision = m.decision
        yield [
            str(m.meeting),
            timezone.localdate(m.meeting.starts_at),
            m.number,
            m.title,
            m.submitter,
            m.proposer,
            m.seconder,
            "yes" if m.emergency else "no",
            len([a for a in m.amendments.all() if a.status != a.Status.WITHDRAWN]),
            m.get_status_display(),
            decision.votes_for if decision else None,
            decision.votes_against if decision else None,
            decision.abstentions if decision else None,
            "; ".join(f"{s.get_body_display()} ({s.sent_on:%d/%m/%Y})" for s in m.sendings.all()),
            "; ".join(s.reply for s in m.sendings.all() if s.reply),
        ]


def motion_register_csv(motions, *, year) -> Exported:
    return csv_export(f"motions-{year}.csv", REGISTER_HEADER, register_rows(motions))
