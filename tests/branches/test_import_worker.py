"""A large report imported by a real Celery worker, its progress visible to the page meanwhile."""

import re

import pytest
from django.urls import reverse

from branches import services
from branches.models import MembershipImport
from officers.models import Person
from tests.branches.test_membership_import import big_report
from tests.worker import wait_for

pytestmark = pytest.mark.worker


def test_the_page_shows_progress_while_a_worker_imports_a_large_report(
    celery_worker, client_for, secretary, branch_a, settings
):
    # The page reads the progress the worker writes to Django's cache: the same Redis.
    settings.CACHES = celery_worker.caches
    report = services.membership_import_preview(
        filename="big.csv", text=big_report(10_000, branch_name=branch_a.name), by=secretary.user
    )
    client = client_for(secretary)
    url = reverse("branches:import_progress", args=[report.pk])
    seen = set()

    def finished():
        html = client.get(url).content.decode()
        match = re.search(r"Importing: (\d+) of 10000 rows", html)
        if match:
            seen.add(int(match.group(1)))
        return MembershipImport.objects.get(pk=report.pk).status == MembershipImport.Status.DONE

    services.membership_import_confirm(report=report)  # enqueued on commit, to the worker
    wait_for(finished, timeout=120, interval=0.05, message="the import")
    assert any(0 < done < 10_000 for done in seen), seen  # the page saw it part-way
    assert Person.objects.filter(membership_number__startswith="M").count() == 10_000
