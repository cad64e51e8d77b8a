"""The agenda and the minutes as a secretary circulates them: PDFs from HTML (WeasyPrint).

Each exporter returns (filename, content_type, bytes) and serves the view, the management
command and the notifications engine (as an email attachment) alike.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML

from meetings import rules, selectors
from meetings.models import Paper

PDF = "application/pdf"


def _render(template, context):
    html = render_to_string(template, {"clp_name": settings.CLP_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _name(meeting, what):
    body = slugify(str(meeting.branch or settings.CLP_NAME))
    return f"{body}-{meeting.kind}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{what}.pdf"


def agenda_pdf(meeting_id):
    meeting = selectors.meeting_with_agenda(meeting_id)
    rule = selectors.standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    context = {
        "meeting": meeting,
        "timetable": rules.timetable(
            items, timezone.localtime(meeting.starts_at), limit_minutes=rule.max_minutes
        ),
        "correspondence": [i for i in items if not i.takes_time],
        "papers": [(_number(item, items), item, paper) for item in items for paper in item.papers.all()],
        "open_actions": list(selectors.open_actions_for_body(meeting)),
    }
    return _name(meeting, "agenda"), PDF, _render("meetings/pdf/agenda.html", context)


def minutes_pdf(meeting_id):
    meeting = selectors.meeting_with_agenda(meeting_id)
    items = list(meeting.items.all())
    attendance = list(selectors.attendance_for(meeting))
    context = {
        "meeting": meeting,
        "items": [(n, item) for n, item in enumerate((i for i in items if i.takes_time), start=1)],
        "correspondence": [i for i in items if not i.takes_time],
        "actions": [(_number(item, items), a) for item in items for a in item.actions.all()],
        "present": [
            f"{a.person}" + ("" if a.voting else " (non-voting)")
            for a in attendance
            if a.status == "present" and not a.is_visitor
        ],
        "apologies": [a.name for a in attendance if a.status == "apologies"],
        "visitors": [a.name for a in attendance if a.is_visitor and a.status == "present"],
        "quorum": selectors.quorum_for(meeting),
        "amendments": list(meeting.amendments.all()),
        # "Minutes of the last meeting": those approved at this one
        "approved_here": list(meeting.approved_minutes_of.order_by("starts_at")),
    }
    return _name(meeting, "minutes"), PDF, _render("meetings/pdf/minutes.html", context)


def _number(item, items):
    """The item's number on the circulated agenda (items for information have none)."""
    return agenda_number(item, items) or "—"


def agenda_number(item, items):
    """The item's number on the circulated agenda; None for an item for information."""
    timed = [i for i in items if i.takes_time]
    return timed.index(item) + 1 if item in timed else None


def agenda_attachment(meeting_id):
    return agenda_pdf(meeting_id)


def paper_attachment(paper_id):
    """A paper as circulated with the agenda: the file as uploaded."""
    paper = Paper.objects.get(pk=paper_id)
    with paper.file.open("rb") as handle:
        return paper.filename, paper.content_type, handle.read()


def minutes_attachment(meeting_id):
    return minutes_pdf(meeting_id)
