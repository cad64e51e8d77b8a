import pytest
import time_machine

from clp.accounts.models import EqualityDataView
from clp.accounts.services import equality_access_log

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-02 10:15 +00:00", tick=False)
def test_every_view_of_equality_data_is_logged_with_who_whom_and_when(equality_officer, member):
    equality_access_log(viewer=equality_officer.user, person=member)
    equality_access_log(viewer=equality_officer.user, person=member)
    views = EqualityDataView.objects.filter(person=member)
    assert views.count() == 2
    assert {(v.viewer, v.viewed_at.isoformat()) for v in views} == {
        (equality_officer.user, "2026-03-02T10:15:00+00:00")
    }
