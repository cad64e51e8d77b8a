"""Every link a person is shown leads somewhere they may go.

Starting from the dashboard of the demo CLP, follow every internal link (GET only) on every
page reachable, as each kind of user. A link that answers 403, 404 or 5xx is a broken
promise: the page showed it to someone it then refuses.

PDFs are followed too (their templates are rendered, so a template error still fails), but
WeasyPrint's layout is replaced by a stub here: the crawl asks whether a link opens, and
every PDF is rendered for real and read back by its own tests and by the access matrix.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from clp.accounts.models import User
from tests.demo import demo_clp
from tests.factories.accounts import login_verified
from tests.pdf_stub import StubHTML

pytestmark = pytest.mark.django_db

# Links that act rather than show (downloads are still followed: they must answer 200).
SKIP = re.compile(r"^/(logout|admin)/|/static/|/unsubscribe/")
LIMIT = 400


def crawl(client, start="/"):
    seen, broken = set(), []
    queue = deque([(start, "(start)")])
    while queue and len(seen) < LIMIT:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken.append(f"{url} (linked from {source}) answered {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            if href not in seen:
                queue.append((href, url))
    return seen, broken


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_clp()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize(
    "email",
    [
        "secretary@demo.clp.test",
        "treasurer@demo.clp.test",
        "chair@demo.clp.test",
        "equality@demo.clp.test",
        "northgate.secretary@demo.clp.test",
    ],
)
def test_every_link_shown_works(demo, client, email, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML", StubHTML)
    login_verified(client, User.objects.get(email=email))
    seen, broken = crawl(client)
    assert len(seen) > 5, f"The crawl found almost nothing: {seen}"
    assert not broken, "\n".join(broken)
