"""The dashboard panels: the next meetings this person is expected at (with the papers and
their apologies), and the actions this person (or a post they hold) owns.

Each row is written here, once, with format_html (escaped as the templates escape), rather
than by a dozen template tags and filters a row: the actions' rows were a fifth of the
Chair's dashboard. The templates keep the panel around them."""

from django.db.models import Exists, OuterRef
from django.template.backends.utils import csrf_input
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from clp.core.formats import short, short_day
from clp.core.links import url_of
from clp.core.once import once_token
from meetings import selectors
from meetings.models import Attendance, Meeting, Paper
from meetings.rows import MEETING_FIELDS

NEXT_MEETINGS = 5


_MEETING_ROW = (
    '\n    <li><strong><a href="{}">{}</a></strong>\n'
    "      <br><small>{}{}{}</small>\n"
    "      {}\n"
    "      <br>{}{}\n"
    "    </li>"
)
_PAPERS = "<br><small>Papers: {}</small>"
# meetings/_apologies_button.html with next="/"
_APOLOGIES = (
    '<form method="post" action="{}" class="inline-form">{}\n'
    '  <input type="hidden" name="next" value="/">\n'
    "  {}\n"
    "</form>\n"
)
_SEND = (
    '<input type="hidden" name="apologies" value="send"><button type="submit" class="secondary">'
    'Send my apologies<span class="visually-hidden">: {}</span></button>'
)
_WITHDRAW = (
    '<input type="hidden" name="apologies" value="withdraw"><button type="submit" class="secondary outline">'
    'Withdraw my apologies<span class="visually-hidden">: {}</span></button>\n  '
)

_ACTION_ROW = (
    "\n    <li>{} — due {}{}\n"
    "      <small>({})</small>\n"
    '      <form method="post" action="{}" class="inline-form">{}'
    "{}"
    '<input type="hidden" name="next" value="/">'
    '<button type="submit" class="link-button">Done<span class="visually-hidden">: {}</span></button>'
    "</form>\n"
    "    </li>"
)
_OVERDUE = mark_safe(' <strong class="status-breach">overdue</strong>')
_SENT = mark_safe("<small>Apologies sent.</small> ")


def dashboard_panels(request, access):
    if not access.person_id:
        return []
    return _next_meetings(request, access) + _actions(request, access)


def _form_fields(csrf):
    """The hidden fields of a one-time form: the page's CSRF input and a fresh once token."""
    return csrf + once_token()


def _next_meetings(request, access):
    """Officers and delegates see their next meetings with the papers; a member with no post,
    the General Meetings and AGM they may attend. Each with their apologies, sent or not."""
    person = request.user.person
    # Only what the rows show (not the branch, nor the minutes' and agenda's dates), and
    # whether this person has sent apologies, in the same query.
    shown_fields = (*MEETING_FIELDS, "venue", "online_link")
    apologies = Attendance.objects.filter(
        meeting=OuterRef("pk"), person=person, status=Attendance.Status.APOLOGIES
    )
    expected = selectors.meetings_expecting(person, access=access).select_related(None).only(*shown_fields)
    meetings = list(expected.annotate(apologies_sent=Exists(apologies))[:NEXT_MEETINGS])
    if not meetings:
        return []
    sent = {m.pk for m in meetings if m.apologies_sent}
    visible = {m.pk: access.can_see_meeting(m) for m in meetings}
    # The papers of the meetings this person may open, in one query and in agenda order
    # (rather than every agenda item of five meetings, prefetched only to reach their papers).
    papers = {}
    shown = [pk for pk, v in visible.items() if v]
    if shown:
        paper_url = url_of("meetings:paper")
        for pk, title, meeting_id in (
            Paper.objects.filter(item__meeting_id__in=shown)
            .order_by("item__order", "item_id", "pk")
            .values_list("pk", "title", "item__meeting_id")
        ):
            papers.setdefault(meeting_id, []).append((paper_url(pk), title))
    detail_url, apologies_url = url_of("meetings:detail"), url_of("meetings:apologies")
    csrf = csrf_input(request)
    rows = []
    for m in meetings:
        name = str(m)
        listed = papers.get(m.pk) if visible[m.pk] else None
        apologies = format_html(
            _APOLOGIES,
            apologies_url(m.pk),
            _form_fields(csrf),
            format_html(_WITHDRAW if m.pk in sent else _SEND, name),
        )
        rows.append(
            format_html(
                _MEETING_ROW,
                detail_url(m.pk) if visible[m.pk] else apologies_url(m.pk),
                name,
                dateformat.format(timezone.localtime(m.starts_at), "D j M, H:i"),
                format_html(" · {}", m.venue) if m.venue else "",
                " · online" if m.online_link else "",
                format_html(_PAPERS, format_html_join(", ", '<a href="{}">{}</a>', listed)) if listed else "",
                _SENT if m.pk in sent else "",
                apologies,
            )
        )
    return [{"template": "meetings/panels/my_meetings.html", "rows": rows}]


def _actions(request, access):
    today = timezone.localdate()
    rows = list(
        selectors.actions_for_owner(access)[:20].values_list(
            "pk", "description", "due_on", "item_id", *(f"item__meeting__{f}" for f in MEETING_FIELDS)
        )
    )
    if not rows:
        return []
    minutes_url, done_url = url_of("meetings:minutes"), url_of("meetings:action_done")
    csrf = csrf_input(request)
    meetings = {}  # the meetings named, one each (what their names and access are judged by)
    html = []
    for pk, description, due_on, item_id, *meeting in rows:
        if meeting[0] not in meetings:
            m = Meeting(**dict(zip(MEETING_FIELDS, meeting, strict=True)))
            meetings[m.pk] = (m, access.can_see_meeting(m), str(m))
        m, visible, name = meetings[meeting[0]]
        # An action can come from a meeting the owner cannot open (another branch's, say):
        # it is still theirs to do, but the meeting is named without a link.
        where = name
        if visible:
            where = format_html('<a href="{}#item-{}">{}</a>', minutes_url(m.pk), item_id, name)
        html.append(
            format_html(
                _ACTION_ROW,
                short(description, 90),
                short_day(due_on),
                _OVERDUE if due_on < today else "",  # open actions only: overdue or open
                where,
                done_url(pk),
                csrf,
                once_token(),
                short(description, 40),
            )
        )
    return [{"template": "meetings/panels/my_actions.html", "rows": html}]
