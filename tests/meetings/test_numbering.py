"""One numbering of an agenda. The agenda page, the agenda PDF, the minutes page and PDF, the
Chair's request to agree it, the circulation email (text and HTML parts) and the branch
mailing's email (text and HTML parts) number the same agenda the same way: the business in
order, and an item for information, listed in the correspondence file, with no number of its own."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from branches import services as branch_services
from clp.notifications.models import Notification
from meetings import exports, services
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

FOR_INFORMATION = "Letter from the council"
# As the agenda PDF numbers it: the letter, between two items of business, has no number.
AS_CIRCULATED = {
    "Apologies": 1,
    "Minutes of the last meeting": 2,
    "Matters arising": 3,
    "Correspondence": 4,
    "Campaign plan": 5,
    FOR_INFORMATION: None,
    "Treasurer's report": 6,
    "Any other business": 7,
}


def numbering(text):
    """{title: its number in `text`, or None when it is there without one}. A number is at the
    start of a line: "5. Campaign plan", or in a table row "5 19:55 Campaign plan"."""
    found = {}
    for title in AS_CIRCULATED:
        numbered = re.search(rf"^(\d+)\.? (?:\d\d:\d\d )?{re.escape(title)}\b", text, re.MULTILINE)
        if numbered:
            found[title] = int(numbered.group(1))
        elif title in text:
            found[title] = None
    return found


class _Text(HTMLParser):
    """An HTML page as the lines a reader sees: a table row or a paragraph per line, an
    ordered list's items with their numbers."""

    BREAKS = {"p", "br", "div", "section", "ul", "li", "h1", "h2", "h3", "tr", "table"}

    def __init__(self):
        super().__init__()
        self.parts, self.lists, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "form"):
            self.hidden += 1
        if tag in self.BREAKS:
            self.parts.append("\n")
        if tag in ("td", "th"):
            self.parts.append(" ")
        if tag in ("ol", "ul"):
            self.lists.append(0 if tag == "ol" else None)
        if tag == "li" and self.lists and self.lists[-1] is not None:
            self.lists[-1] += 1
            self.parts.append(f"{self.lists[-1]}. ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "form"):
            self.hidden -= 1
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(" ".join(data.split()))


def html_text(html):
    parser = _Text()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def meeting(secretary, branch_secretary_a, posts, ec_rules):
    """The next EC, with an item for information between two items of business."""
    meeting = services.meeting_plan(
        kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=14)), venue="Trades Hall"
    )
    services.item_add(meeting=meeting, title="Campaign plan", presenter="Chair", minutes_allowed=30)
    services.item_add(meeting=meeting, title=FOR_INFORMATION, kind="information")
    services.item_add(meeting=meeting, title="Treasurer's report", kind="report", minutes_allowed=10)
    return meeting


def _emailed(to, subject_start):
    (email,) = [m for m in mail.outbox if m.to == [to.email] and m.subject.startswith(subject_start)]
    ((html, content_type),) = email.alternatives
    assert content_type == "text/html"
    return email.body, html


def test_every_output_numbers_the_agenda_as_it_was_circulated(
    client_for, secretary, branch_secretary_a, meeting, django_capture_on_commit_callbacks
):
    client = client_for(secretary)
    page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    minutes_page = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    agenda_pdf = pdf_text(exports.agenda_pdf(meeting.pk).content)
    minutes_pdf = pdf_text(exports.minutes_pdf(meeting.pk).content)
    services.agenda_agreement_request(meeting=meeting)
    (request,) = Notification.objects.filter(kind="agenda_agreement")
    services.agenda_agree(meeting=meeting)
    mailing = branch_services.mailing_save(subject="December", body="Hello branches", by=secretary.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_circulate(meeting=meeting)
        branch_services.mailing_send(mailing=mailing)
    circulation_text, circulation_html = _emailed(secretary, "Agenda:")
    mailing_text, mailing_html = _emailed(branch_secretary_a, "December")

    outputs = {
        "agenda page": html_text(page),
        "agenda PDF": agenda_pdf,
        "minutes page": html_text(minutes_page),
        "minutes PDF": minutes_pdf,
        "the Chair's request to agree it": request.body,
        "circulation email (text)": circulation_text,
        "circulation email (HTML)": html_text(circulation_html),
        "mailing email (text)": mailing_text,
        "mailing email (HTML)": html_text(mailing_html),
    }
    assert {name: numbering(text) for name, text in outputs.items()} == dict.fromkeys(outputs, AS_CIRCULATED)
