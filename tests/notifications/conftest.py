import datetime
from zoneinfo import ZoneInfo

import pytest

from clp.notifications import tasks

LONDON = ZoneInfo("Europe/London")
MIDDAY = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=LONDON)  # a Tuesday, outside quiet hours


@pytest.fixture(autouse=True)
def midday(request, settings):
    """Tests start at noon on a Tuesday unless they move the clock, with the production
    default quiet hours (the test settings turn them off for every other app). Worker and
    browser tests keep real time (other processes cannot share a frozen clock)."""
    if request.node.get_closest_marker("worker") or request.node.get_closest_marker("browser"):
        yield None
        return
    settings.NOTIFICATIONS_QUIET_HOURS = (datetime.time(23, 0), datetime.time(6, 0))
    traveller = request.getfixturevalue("time_machine")
    traveller.move_to(MIDDAY, tick=False)
    yield traveller


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the beat's sweep now, in-process (tasks are eager in tests)."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.sweep()

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block queued for after commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)
