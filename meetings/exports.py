"""The agenda and the minutes as a secretary circulates them: PDFs from HTML templates.

Each exporter returns (filename, content_type, bytes) and serves the view, the management
command and the notifications engine (as an email attachment) alike.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from clp.core import charts
from clp.core.exports import Exported, pdf_export
from meetings import diary, rules, selectors
from meetings.models import AgendaItem, Paper
from officers import plan_exports, plan_selectors


def _name(meeting, what):
    body = slugify(str(meeting.branch or settings.CLP_NAME))
    return f"{body}-{meeting.kind}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{what}.pdf"


def agenda_pdf(meeting_id) -> Exported:
    meeting = selectors.meeting_with_agenda(meeting_id)
    rule = selectors.standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    numbered = rules.agenda_numbers(items)
    context = {
        "meeting": meeting,
        "timetable": rules.timetable(
            items, timezone.localtime(meeting.starts_at), limit_minutes=rule.max_minutes
        ),
        "correspondence": rules.correspondence(items),
        "papers": [(number, item, paper) for number, item in numbered for paper in item.paper_list],
        "open_actions": (matters := selectors.matters_arising(meeting))[0],
        "other_open_actions": matters[1],
        "plan_review": _plan_review(meeting, items),
    }
    return pdf_export(_name(meeting, "agenda"), "meetings/pdf/agenda.html", context)


def _plan_review(meeting, items):
    """The development plan's status for the papers, when the agenda reviews it."""
    if not any(item.standing == AgendaItem.Standing.PLAN_REVIEW for item in items):
        return None
    day = timezone.localdate(meeting.starts_at)
    plan = plan_selectors.plan_on(day)
    if plan is None:
        return None
    progress = [p for _, rows in plan_selectors.plan_progress(plan, day) for p in rows]
    return {
        "plan": plan,
        "chart": plan_exports.plan_chart(progress, f"{plan}: the targets on {day:%d %B %Y}"),
    }


def minutes_pdf(meeting_id) -> Exported:
    meeting = selectors.meeting_with_agenda(meeting_id)
    items = list(meeting.items.all())
    numbered = rules.agenda_numbers(items)
    attendance = list(selectors.attendance_for(meeting))
    context = {
        "meeting": meeting,
        # the business as numbered on the agenda; items for information under Correspondence
        "items": [(number, item) for number, item in numbered if number is not None],
        "correspondence": rules.correspondence(items),
        "actions": [(number, action) for number, item in numbered for action in item.action_list],
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
    return pdf_export(_name(meeting, "minutes"), "meetings/pdf/minutes.html", context)


def agenda_attachment(meeting_id) -> Exported:
    return agenda_pdf(meeting_id)


def paper_attachment(paper_id) -> Exported:
    """A paper as circulated with the agenda: the file as uploaded."""
    paper = Paper.objects.get(pk=paper_id)
    with paper.file.open("rb") as handle:
        return Exported(paper.filename, paper.content_type, handle.read())


def minutes_attachment(meeting_id) -> Exported:
    return minutes_pdf(meeting_id)


def diary_chart(events_per_month, year):
    """Events per month: a column chart with its table (the page and the PDF show both)."""
    labels = [m for m, _ in events_per_month]
    values = [n for _, n in events_per_month]
    return charts.Chart(
        svg=charts.column_chart(title=f"Events per month, {year}", labels=labels, values=values),
        caption=f"Events per month, {year}",
        header=["Month", "Events"],
        rows=[[m, charts.figure(n)] for m, n in events_per_month],
    )


def diary_month_pdf(year, month, *, members) -> Exported:
    """The month's diary, printable: the month's events (members-only ones too when
    `members`), and the year's events per month as a chart and a table."""
    context = {
        "events": diary.month_events(year, month, members=members),
        "month": diary.month_bounds(year, month)[0],
        "chart": diary_chart(diary.events_per_month(year, members=members), year),
    }
    return pdf_export(f"diary-{year}-{month:02d}.pdf", "meetings/pdf/diary_month.html", context)
