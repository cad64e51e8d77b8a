"""Rows for the project's own pages: auth, dashboard, account."""

from tests.factories.meetings import MeetingFactory
from tests.security.matrix import LOGIN, Row, everyone, public


def build(world):
    world.meeting = MeetingFactory()


ROWS = {
    "login": public(),
    "logout": Row(default=405, anonymous=LOGIN),
    "password_change": everyone(),
    "password_change_done": everyone(),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public(kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": public(),
    # A branch secretary with only branch posts lands on their branch page.
    "home": everyone(branch_secretary_a=302, branch_secretary_b=302),
    "healthz": public(),
    "accounts:account": everyone(),
}
