import pytest
from django.core.management import call_command
from django.urls import reverse

from branches.models import AffiliateDelegate, Mailing, MembershipImport, MembershipReportEntry
from clp.accounts.models import User
from tests.factories.accounts import login_verified

pytestmark = pytest.mark.django_db


def test_the_demo_has_affiliates_a_report_and_mailings_and_a_branch_secretary_lands_on_the_branch(client):
    call_command("seed_demo")
    assert AffiliateDelegate.objects.count() == 7
    report = MembershipImport.objects.get(status=MembershipImport.Status.DONE)
    assert MembershipReportEntry.objects.filter(report=report, status="new").count() == 6
    assert Mailing.objects.filter(status=Mailing.Status.SENT).count() == 1
    assert Mailing.objects.filter(status=Mailing.Status.DRAFT).count() == 1
    login_verified(client, User.objects.get(email="northgate.secretary@demo.clp.test"))
    response = client.get(reverse("home"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("branches:detail", kwargs={"slug": "northgate"})
    assert "Zara Ahmed" in html and "Branch mailing" in html
