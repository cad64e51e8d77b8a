"""A post-holder the Membership Action Report shows as lapsed or resigned: flagged on the
roster, the Secretary told, and their access and papers following the post's rule."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches import services as branch_services
from clp.core.access import access_for, forget_access
from clp.notifications.models import Notification
from officers.models import OfficerLapse, Person, RoleChange
from officers.recipients import recipients_for

pytestmark = pytest.mark.django_db


def import_lapsed(person, capture, status="Lapsed"):
    text = (
        "Membership Number,First Name,Last Name,Status,Branch,Status Date\n"
        f"{person.membership_number},{person.first_name},{person.last_name},{status},{person.branch.name},"
        "30/11/2026\n"
    )
    report = branch_services.membership_import_preview(filename="mar.csv", text=text, by=None)
    with capture(execute=True):
        branch_services.membership_import_confirm(report=report)
    report.refresh_from_db()
    assert report.status == "done", report.errors
    return report


def test_a_lapsed_branch_secretary_is_flagged_told_and_loses_access_and_papers(
    client_for, secretary, branch_secretary_a, posts, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    post = posts["branch_a_secretary"]
    assert access_for(branch_secretary_a.user).can_see_branches
    import_lapsed(branch_secretary_a, django_capture_on_commit_callbacks)

    lapse = OfficerLapse.objects.get()
    assert lapse.decision == "ended" and lapse.term.post == post
    assert lapse.term.ends_on == today - datetime.timedelta(days=1)
    assert "do not let a lapsed or resigned member hold it" in lapse.reason
    told = Notification.objects.get(kind="officer_lapsed")
    assert told.post_id == posts["secretary"].pk and lapse.reason in told.body
    # Access and papers follow: no branch pages today, and the post's mail goes to the Secretary.
    forget_access(branch_secretary_a.user)
    assert not access_for(branch_secretary_a.user).can_see_branches
    assert not recipients_for([post.pk], today).holders.get(post.pk)
    # The roster shows it on the post, with the reason, until the Secretary has seen it.
    client = client_for(secretary)
    roster = client.get(reverse("officers:index")).content.decode()
    assert "do not let a lapsed or resigned member hold it" in roster
    client.post(reverse("officers:lapse_seen", args=[lapse.pk]))
    assert "do not let a lapsed" not in client.get(reverse("officers:index")).content.decode()
    # Leaving the post is a change to make in MemberCentre.
    assert RoleChange.objects.filter(term=lapse.term, kind="end", source="Membership lapsed").exists()


def test_a_post_whose_rules_allow_it_keeps_its_lapsed_holder_and_says_why(
    secretary, branch_secretary_a, posts, django_capture_on_commit_callbacks
):
    post = posts["branch_a_secretary"]
    post.lapsed_may_hold = True
    post.save()
    import_lapsed(branch_secretary_a, django_capture_on_commit_callbacks, status="Resigned")
    lapse = OfficerLapse.objects.get()
    assert lapse.decision == "kept" and lapse.status == Person.Status.RESIGNED
    assert "stay in post and keep its access and papers" in lapse.reason
    assert lapse.term.ends_on is None
    forget_access(branch_secretary_a.user)
    assert access_for(branch_secretary_a.user).can_see_branches
    assert Notification.objects.filter(kind="officer_lapsed").count() == 1  # told all the same


def test_a_second_report_saying_the_same_changes_nothing(
    secretary, branch_secretary_a, posts, django_capture_on_commit_callbacks
):
    posts["branch_a_secretary"].lapsed_may_hold = True
    posts["branch_a_secretary"].save()
    import_lapsed(branch_secretary_a, django_capture_on_commit_callbacks)
    import_lapsed(branch_secretary_a, django_capture_on_commit_callbacks)
    assert OfficerLapse.objects.count() == 1
    assert Notification.objects.filter(kind="officer_lapsed").count() == 1


def test_only_the_secretary_marks_a_lapse_seen(client_for, chair, secretary, branch_secretary_a, posts):
    from officers.services import officer_lapses_record

    [lapse] = officer_lapses_record(lapses=[(branch_secretary_a, "lapsed", None)], source="a test")
    assert client_for(chair).post(reverse("officers:lapse_seen", args=[lapse.pk])).status_code == 403
    lapse.refresh_from_db()
    assert lapse.seen_at is None
