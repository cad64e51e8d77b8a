"""The long pages' repeated blocks written in Python, as their templates wrote them: the
minutes page's items and running clock, the agenda's rows, a table of meetings, the register
of motions. A 60-item minutes page rendered some 2,200 template variables, tags and filters
through the template engine (three quarters of its 260,000 Python calls); written here they
are a few string joins a row. Every value is escaped (format_html, conditional_escape); the
forms a minute item shows open are still their own templates."""

from django.contrib.messages import get_messages
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from clp.core.formats import DAYS, LONG_MONTHS, MONTHS, clock, day, figure, long_day, moment, short, short_day
from clp.core.links import url_of
from clp.core.once import once_token
from meetings.models import Action, Meeting
from officers.models import Person, Post

OVERDUE = " <strong>(overdue)</strong>"
CHECKED = " checked"
LOAD_FORM = ' hx-trigger="click once" hx-target="next .form-slot" hx-swap="innerHTML"'


def clock_entries(slots):
    """The minutes page's running clock: an entry an item, to its place on the page."""
    e = conditional_escape
    parts = []
    for slot in slots:
        times = (
            f' data-starts="{timezone.localtime(slot.starts_at).isoformat()}"'
            f' data-ends="{timezone.localtime(slot.ends_at).isoformat()}"'
            if slot.starts_at
            else ""
        )
        number = f"{slot.number}. " if slot.number else ""
        at = f" <small>{clock(slot.starts_at)}</small>" if slot.starts_at else ""
        parts.append(
            f'\n    <li{times}><a href="#item-{slot.item.pk}">{number}{e(slot.item.title)}</a>{at}</li>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - the titles are escaped


def attendance_rows(rows, presence):
    """The attendance list's rows (`rows`: prefix, person, posts, votes, status), each a hidden
    person field and the presence radio buttons, as the form's widgets would write them."""
    e = conditional_escape
    choices = [(e(value), e(label)) for value, label in presence]
    parts = []
    for prefix, person, posts, votes, status in rows:
        branch = person.branch
        sep = " · " if posts and branch else ""
        buttons = "".join(
            f'<label for="id_{prefix}-status_{i}"><input type="radio" name="{prefix}-status"'
            f' value="{value}" id="id_{prefix}-status_{i}"{CHECKED if value == status else ""}>'
            f" {label}</label>"
            for i, (value, label) in enumerate(choices)
        )
        parts.append(
            f'\n    <li>\n      <input type="hidden" name="{prefix}-person" value="{person.pk}"'
            f' id="id_{prefix}-person">'
            f'\n      <fieldset>\n        <legend class="who"><strong>{e(person)}</strong>'
            f"\n          <small>{e(posts)}{sep}{e(branch) if branch else ''} · "
            f"{'votes' if votes else 'attends, no vote'}</small></legend>"
            f'\n        <div class="presence">{buttons}</div>\n      </fieldset>\n    </li>\n    '
        )
    if not parts:
        parts.append("<li>Nobody is expected at this meeting on the records.</li>\n    ")
    return mark_safe("".join(parts))  # noqa: S308 - the names, posts and branches are escaped


class MinuteItems:
    """The minutes page's items (meetings/_minute_item.html as it was), for one request:
    `editable` says the minutes are being taken (each item's note form, its forms to add,
    correct and remove decisions and actions)."""

    def __init__(self, request, *, editable):
        self.request = request
        self.editable = editable
        self.csrf = csrf_input(request)
        names = (
            "item_note",
            "decision_edit",
            "decision_delete",
            "action_edit",
            "action_delete",
            "decision_add",
            "action_add",
        )
        self.url = {name: url_of(f"meetings:{name}") for name in names}

    def _form(self, template, **context):
        return render_to_string(f"meetings/{template}", context, request=self.request)

    def _forms_of(self, pk, thing, label, noun, form, opened, edit_url, delete_url, template, context):
        """A decision's or action's "Correct" and "Remove" (`thing`: "d" or "a")."""
        e = conditional_escape
        named = e(short(label, 40))
        slot = (
            self._form(template, form=form, **context)
            if form
            else f'<p><a href="{edit_url}">Open the form<span class="visually-hidden">'
            f" to change the {noun} “{named}”</span></a></p>"
        )
        summary = "" if form else f' hx-get="{edit_url}"{LOAD_FORM}'
        is_open = " open" if (form and form.errors) or opened else ""
        return (
            f'\n    <details id="form-{thing}{pk}"{is_open}><summary{summary}>Correct'
            f'<span class="visually-hidden"> the {noun} “{named}”</span></summary>\n'
            f'      <div class="form-slot">{slot}</div>\n'
            "    </details>\n"
            f'    <form method="post" action="{delete_url}" hx-post="{delete_url}" class="inline-form"'
            f' hx-confirm="Remove this {noun}?">{self.csrf}{once_token()}\n'
            f'      <button type="submit" class="link-button">Remove<span class="visually-hidden"> the {noun}'
            f" “{named}”</span></button></form>\n    "
        )

    def _decision(self, d, item):
        e = conditional_escape
        counted = (
            f" ({d.votes_for or 0} for, {d.votes_against or 0} against, {d.abstentions or 0} abstaining)"
            if d.counted
            else ""
        )
        quorate = (
            " <small>(quorate)</small>"
            if d.quorate
            else ' <em class="status-breach">Taken without a quorum.</em>'
        )
        head = (
            f'\n  <div class="decision"><p><strong>Decision:</strong> {e(d.motion)} — '
            f"<strong>{e(d.get_outcome_display())}</strong>{counted}{quorate}</p>\n    "
        )
        forms = ""
        if self.editable:
            forms = self._forms_of(
                d.pk,
                "d",
                d.motion,
                "decision",
                d.form,
                d.opened,
                self.url["decision_edit"](d.pk),
                self.url["decision_delete"](d.pk),
                "_decision_correct_form.html",
                {"item": item, "d": d},
            )
        return f"{head}{forms}\n  </div>\n  "

    def _action(self, a, item):
        e = conditional_escape
        done = f" (done {short_day(a.done_on)})" if a.done_on else ""
        head = (
            f'\n  <div class="action"><p><strong>Action:</strong> {e(a.description)} — {e(a.owner)}, '
            f"by {day(a.due_on, LONG_MONTHS)}{done}</p>\n    "
        )
        forms = ""
        if self.editable:
            forms = self._forms_of(
                a.pk,
                "a",
                a.description,
                "action",
                a.form,
                a.opened,
                self.url["action_edit"](a.pk),
                self.url["action_delete"](a.pk),
                "_action_correct_form.html",
                {"item": item, "a": a},
            )
        return f"{head}{forms}\n  </div>\n  "

    def _add(self, item, what, form, title):
        """An item's "Add a decision" or "Add an action" (`what`: "decision" or "action")."""
        add_url = self.url[f"{what}_add"](item.pk)
        article = "an" if what == "action" else "a"
        is_open = " open" if (form and form.errors) or item.opened == what else ""
        summary = "" if form else f' hx-get="{add_url}"{LOAD_FORM}'
        slot = (
            self._form(f"_{what}_add_form.html", item=item, form=form)
            if form
            else f'<p><a href="{add_url}">Open the form<span class="visually-hidden">'
            f" for a new {what}: {title}</span></a></p>"
        )
        return (
            f'\n  <details id="form-{what}-{item.pk}"{is_open}><summary{summary}>Add {article} {what}'
            f'<span class="visually-hidden">: {title}</span></summary>\n'
            f'    <div class="form-slot">{slot}</div>\n  </details>'
        )

    def item(self, slot, *, fragment=False, done=""):
        """One item's <section> (`fragment`: alone, for htmx, with the request's messages)."""
        e = conditional_escape
        item, number = slot.item, slot.number
        pk = item.pk
        title = e(item.title)
        parts = [
            f'<section id="item-{pk}" class="minute-item" aria-labelledby="item-{pk}-heading"',
            ' hx-target="this" hx-swap="outerHTML">' if self.editable else ">",
            f'\n  <h2 id="item-{pk}-heading">',
            f"{number}. {title}"
            if number
            else f"{title} <small>(for information: the correspondence file)</small>",
            "</h2>\n  ",
        ]
        if slot.starts_at:
            presenter = f" · {e(item.presenter)}" if item.presenter else ""
            when = f"{clock(slot.starts_at)} to {clock(slot.ends_at)}"
            parts.append(f'<p class="planned"><small>Planned {when}{presenter}</small></p>')
        parts.append("\n  ")
        if fragment:
            parts.extend(
                format_html('<p class="message message-{}" role="alert">{}</p>', m.tags, m)
                for m in get_messages(self.request)
            )
        parts.append("\n  ")
        if done:
            parts.append(format_html('<p class="message message-success" role="status">{}</p>', done))
        parts.append("\n  ")
        if self.editable:
            note_url = self.url["item_note"](pk)
            parts.append(
                f'\n  <form method="post" action="{note_url}" hx-post="{note_url}">'
                f"{self.csrf}{once_token()}\n"
                f'    {e(item.note_field)}<button type="submit" class="secondary">Save the note'
                f'<span class="visually-hidden">: {title}</span></button></form>\n  '
            )
        elif item.note:
            parts.append(f"<p>{linebreaksbr(item.note, autoescape=True)}</p>")
        parts.append("\n\n  ")
        parts.extend(self._decision(d, item) for d in item.decision_list)
        parts.append("\n\n  ")
        parts.extend(self._action(a, item) for a in item.action_list)
        parts.append("\n\n  ")
        for am in item.amendment_list:
            when = (
                f" at the meeting of {long_day(am.at_meeting.starts_at)}"
                if am.at_meeting
                else f" on {long_day(am.recorded_at)}"
            )
            correction = e(am.correction)
            parts.append(f'\n  <p class="amendment"><strong>Amended{when}:</strong> {correction}</p>\n  ')
        parts.append("\n\n  ")
        if self.editable:
            parts.append('\n  <div class="add-forms">')
            parts.append(self._add(item, "decision", item.decision_form, title))
            parts.append(self._add(item, "action", item.action_form, title))
            parts.append("\n  </div>\n  ")
        parts.append("\n</section>\n")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class AgendaRows:
    """The agenda table's rows (meetings/_agenda.html): `can_edit` offers each item's controls
    (move, edit, attach a paper, remove) while the minutes are not locked; `matters` is the
    matters arising (the open actions due to report, and how many others), `correspondence`
    the items for information."""

    def __init__(self, request, *, meeting, can_edit, matters, correspondence, can_see_plan, today):
        self.meeting = meeting
        self.controls = can_edit and not meeting.minutes_locked
        self.can_edit = can_edit
        self.matters = matters
        self.correspondence = correspondence
        self.can_see_plan = can_see_plan
        self.today = today
        self.csrf = csrf_input(request) if self.can_edit else ""
        names = ("paper", "paper_delete", "item_move", "item_edit", "paper_upload", "item_delete")
        self.url = {name: url_of(f"meetings:{name}") for name in names}

    def _papers(self, item):
        e = conditional_escape
        parts = ['<ul class="papers">']
        for paper in item.paper_list:
            title = e(paper.title)
            remove = (
                f'<form method="post" action="{self.url["paper_delete"](paper.pk)}" class="inline-form">'
                f'{self.csrf}<button type="submit" class="link-button">Remove'
                f'<span class="visually-hidden"> {title}</span></button></form>'
                if self.controls
                else ""
            )
            parts.append(
                f'\n          <li><a href="{self.url["paper"](paper.pk)}">{title}</a>'
                f" <small>({e(filesizeformat(paper.size))})</small>\n          {remove}</li>\n        "
            )
        parts.append("</ul>")
        return "".join(parts)

    def _standing(self, item):
        e = conditional_escape
        if item.standing == "matters_arising":
            due, others = self.matters
            if due:
                lines = "".join(
                    f"\n            <li>{e(a.description)} — {e(a.owner)}, due {short_day(a.due_on)}"
                    f"{OVERDUE if a.due_on < self.today else ''}</li>\n          "
                    for a in due
                )
                listed = f'<ul class="matters-arising">{lines}</ul>'
            else:
                listed = "<br><small>No actions due to report at this meeting.</small>"
            tracker = reverse("meetings:actions")
            more = (
                f'<br><small><a href="{tracker}?for={self.meeting.pk}">{others} from earlier'
                " meetings</a></small>"
                if others
                else ""
            )
            return f"\n          {listed}\n          {more}\n        "
        if item.standing == "plan_review" and self.can_see_plan:
            return (
                f'\n          <br><small><a href="{reverse("officers:plan")}">The development plan and its'
                " targets</a> (their status is in the agenda PDF)</small>\n        "
            )
        if item.standing == "correspondence" and self.correspondence:
            titles = "".join(f"<li>{e(c.title)}</li>" for c in self.correspondence)
            return f'\n          <ul class="correspondence">{titles}</ul>\n        '
        return ""

    def _controls(self, item, index, last):
        title = conditional_escape(item.title)
        pk, csrf = item.pk, self.csrf
        move = self.url["item_move"](pk)
        up = (
            f'<form method="post" action="{move}" hx-post="{move}" class="inline-form">{csrf}\n'
            f'          <input type="hidden" name="position" value="{index}">\n'
            '          <button type="submit" class="link-button">Up<span class="visually-hidden">'
            f": move “{title}” up</span></button></form>"
            if index
            else ""
        )
        down = (
            f'<form method="post" action="{move}" hx-post="{move}" class="inline-form">{csrf}\n'
            f'          <input type="hidden" name="position" value="{index + 2}">\n'
            '          <button type="submit" class="link-button">Down<span class="visually-hidden">'
            f": move “{title}” down</span></button></form>"
            if not last
            else ""
        )
        return (
            f"\n        {up}\n        {down}\n"
            f'        <a href="{self.url["item_edit"](pk)}">Edit'
            f'<span class="visually-hidden"> “{title}”</span></a>\n'
            "        <details><summary>Paper</summary>\n"
            f'          <form method="post" action="{self.url["paper_upload"](pk)}"'
            ' enctype="multipart/form-data"'
            f" hx-disable>{csrf}{once_token()}\n"
            f'            <label for="paper-title-{pk}">Title</label>'
            f'<input id="paper-title-{pk}" name="title" maxlength="200">\n'
            f'            <label for="paper-file-{pk}">File</label>'
            f'<input id="paper-file-{pk}" type="file" name="file" required>\n'
            '            <button type="submit">Attach</button>\n'
            "          </form>\n"
            "        </details>\n"
            f'        <form method="post" action="{self.url["item_delete"](pk)}" class="inline-form"'
            f' data-confirm="Remove “{title}” from the agenda?" hx-disable>{csrf}\n'
            '          <button type="submit" class="link-button">Remove<span class="visually-hidden">'
            f" “{title}”</span></button></form>\n        "
        )

    def rows(self, slots):
        e = conditional_escape
        parts = []
        last = len(slots) - 1
        for index, slot in enumerate(slots):
            item = slot.item
            description = f"<br><small>{e(item.description)}</small>" if item.description else ""
            papers = self._papers(item) if item.paper_list else ""
            time = clock(slot.starts_at) if slot.starts_at else "<small>no time</small>"
            minutes = item.minutes_allowed if item.takes_time else "—"
            controls = ""
            if self.can_edit:
                inner = self._controls(item, index, index == last) if self.controls else ""
                controls = f'<td class="controls" data-label="Change">\n        {inner}\n      </td>'
            parts.append(
                f'\n    <tr id="item-{item.pk}">\n'
                f'      <td class="number" data-label="No.">{slot.number or "—"}</td>\n'
                f'      <td class="time" data-label="Time">{time}</td>\n'
                f'      <th scope="row">{e(item.title)}\n        {description}\n        {papers}\n'
                f"        {self._standing(item)}\n      </th>\n"
                f'      <td data-label="Kind">{e(item.get_kind_display())}</td>\n'
                f'      <td data-label="Presenter">{e(item.presenter or "")}</td>\n'
                f'      <td data-label="Minutes">{minutes}</td>\n'
                f"      {controls}\n    </tr>\n    "
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def meeting_rows(meetings):
    """The rows of a table of meetings (meetings/_meeting_table.html)."""
    e = conditional_escape
    detail = url_of("meetings:detail")
    parts = []
    for m in meetings:
        branch = f" <small>({e(m.branch)})</small>" if m.branch else ""
        stage = "<strong>Cancelled</strong>" if m.cancelled else e(m.get_status_display())
        parts.append(
            f"\n  <tr>\n    <td>{moment(m.starts_at)}</td>\n"
            f'    <th scope="row"><a href="{detail(m.pk)}">{e(m)}</a>{branch}</th>\n'
            f"    <td>{e(m.venue or '—')}</td>\n    <td>{stage}</td>\n"
            f"    <td>{e(m.minutes_status)}</td>\n  </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def diary_rows(events, access):
    """The rows of the events diary's month (meetings/diary/index.html): "Change" for those
    who may change the event."""
    e = conditional_escape
    edit_url = url_of("meetings:diary_edit")
    parts = []
    for ev in events:
        starts = timezone.localtime(ev.starts_at)
        title = e(ev.title)
        cancelled = " <em>(cancelled)</em>" if ev.cancelled else ""
        branch = f", {e(ev.branch)}" if ev.branch else ""
        came = f"; {ev.attendance} came" if ev.attendance is not None else ""
        raised = f"; raised £{figure(ev.raised)}" if ev.raised is not None else ""
        online = (
            f'{"<br>" if ev.venue else ""}<a href="{e(ev.online_link)}">Online link'
            f'<span class="visually-hidden"> for {title}</span></a>'
            if ev.online_link
            else ""
        )
        organiser = ev.organiser
        change = (
            f'<a href="{edit_url(ev.pk)}">Change<span class="visually-hidden"> {title}</span></a>'
            if access and access.can_edit_event(ev)
            else ""
        )
        parts.append(
            f"\n  <tr>\n    <td>{DAYS[starts.weekday()]} {starts.day} {MONTHS[starts.month - 1]}, "
            f"{clock(starts)}–{clock(ev.ends_at)}</td>\n"
            f"    <td><strong>{title}</strong>{cancelled}<br><small>{e(ev.get_kind_display())}"
            f"{branch}{came}{raised}</small></td>\n"
            f"    <td>{e(ev.venue)}{online}</td>\n"
            f"    <td>{e(organiser) if organiser else ''}</td>\n"
            f"    <td>{'Everyone' if ev.is_public else 'Members'}</td>\n"
            f"    <td>{change}</td>\n  </tr>\n  "
        )
    if not parts:
        parts.append('<tr><td colspan="6">No events in the diary this month.</td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def motion_list_rows(motions):
    """The rows of a meeting's list of motions (meetings/motions/list.html)."""
    e = conditional_escape
    motion_url = url_of("meetings:motion")
    parts = []
    for m in motions:
        emergency = (
            f" <strong>(emergency{', awaiting the Chair' if m.awaits_chair else ''})</strong>"
            if m.emergency
            else ""
        )
        on_agenda = ", on the agenda" if m.agenda_item_id else ""
        parts.append(
            f"\n  <tr><td>{m.number}</td>\n"
            f'    <td><a href="{motion_url(m.pk)}">{e(m.title)}</a>{emergency}</td>\n'
            f"    <td>{e(m.submitter)}</td>\n    <td>{m.amendment_count}</td>\n"
            f"    <td>{e(m.get_status_display())}{on_agenda}</td></tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def register_rows(motions):
    """The rows of the register of motions (meetings/motions/register.html)."""
    e = conditional_escape
    motion_url = url_of("meetings:motion")
    parts = []
    for m in motions:
        d = m.decision
        votes = f" ({d.votes_for or 0}–{d.votes_against or 0})" if d and d.counted else ""
        sent = "; ".join(
            f"{e(s.get_body_display())}: {e(s.reply)}" if s.reply else e(s.get_body_display())
            for s in m.sendings.all()
        )
        parts.append(
            f"\n  <tr><td>{e(m.meeting)}</td><td>{m.number}</td>"
            f'<td><a href="{motion_url(m.pk)}">{e(m.title)}</a></td><td>{e(m.submitter)}</td>\n'
            f"    <td>{e(m.get_status_display())}{votes}</td>\n    <td>{sent or '—'}</td></tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


# What a meeting's name and who may open or run it are judged by (Meeting.__str__ and the
# access rules), read with each row rather than the whole meeting.
MEETING_FIELDS = ("id", "kind", "title", "starts_at", "branch_id")
TRACKER_FIELDS = (
    "pk",
    "description",
    "due_on",
    "done_on",
    "item_id",
    "owner_person_id",
    "owner_person__first_name",
    "owner_person__last_name",
    "owner_post__name",
    "owner_post__branch__name",
    *(f"item__meeting__{f}" for f in MEETING_FIELDS),
)
_STATE_CLASS = {"overdue": ' class="status-breach"', "done": ' class="status-ok"', "open": ' class=""'}


def tracker_rows(request, rows, access, today):
    """The action tracker's rows (meetings/actions.html), from `rows` read as TRACKER_FIELDS:
    each action with its owner, due day, state and meeting, and "Mark done" for an open one
    whose meeting the user runs."""
    e = conditional_escape
    minutes_url, done_url = url_of("meetings:minutes"), url_of("meetings:action_done")
    csrf, back = csrf_input(request), e(request.get_full_path())
    meetings = {}  # each meeting named: its name, and whether this user runs it
    parts = []
    for pk, description, due_on, done_on, item_id, person_id, first, last, post, branch, *meeting in rows:
        if meeting[0] not in meetings:
            m = Meeting(**dict(zip(MEETING_FIELDS, meeting, strict=True)))
            meetings[m.pk] = (e(m), access.can_edit_meeting(m))
        name, runs = meetings[meeting[0]]
        owner = Person.name_of(first, last) if person_id else Post.label_of(post, branch)
        state = Action.state_of(done_on, due_on, today)
        done = (
            f'<form method="post" action="{done_url(pk)}" class="inline-form">{csrf}{once_token()}'
            f'<input type="hidden" name="next" value="{back}"><button type="submit"'
            ' class="link-button">Mark done</button></form>'
            if state != "done" and runs
            else ""
        )
        parts.append(
            f'\n  <tr>\n    <th scope="row">{e(description)}</th><td>{e(owner)}</td><td>{day(due_on)}</td>'
            f"\n    <td{_STATE_CLASS[state]}>{state.capitalize()}</td>"
            f'\n    <td><a href="{minutes_url(meeting[0])}#item-{item_id}">{name}</a></td>'
            f"\n    <td>{done}</td>\n  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
