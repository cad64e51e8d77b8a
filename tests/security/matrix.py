"""The access matrix: every URL against every role.

Each app keeps its rows in tests/security/matrix_<app>.py:

    from tests.security.matrix import LOGIN, Row

    def build(world):            # optional: objects the URLs need, added to `world`
        world.meeting_a = MeetingFactory(branch=world.branch_a)

    ROWS = {
        "meetings:detail": Row(
            kwargs=lambda w: {"pk": w.meeting_a.pk},
            default=403,                      # for every role not named below
            anonymous=LOGIN,                  # redirect to the login page
            secretary=200, chair=200, branch_secretary_a=200,
            branch_secretary_b=404,           # another branch's object: nothing leaks
        ),
    }

Expected answers: 200, LOGIN, 403, 404, 405 (a POST-only URL answers GET with 405),
or 302 (a redirect somewhere other than the login page). A URL with no row fails.
"""

from dataclasses import dataclass, field

LOGIN = "login"
ROLES = [
    "anonymous",
    "member",
    "ec_member",
    "secretary",
    "chair",
    "treasurer",
    "branch_secretary_a",
    "branch_secretary_b",
    "former_treasurer",
]


@dataclass
class Row:
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    default: object = 403
    anonymous: object = LOGIN
    member: object = None
    ec_member: object = None
    secretary: object = None
    chair: object = None
    treasurer: object = None
    branch_secretary_a: object = None
    branch_secretary_b: object = None
    former_treasurer: object = None
    query: str = ""  # appended to the URL, e.g. "?format=csv"
    extra: dict = field(default_factory=dict)

    def expected(self, role):
        value = getattr(self, role)
        return self.default if value is None else value


def everyone(code=200, anonymous=LOGIN, **overrides):
    """A row for a page every logged-in user may open."""
    return Row(default=code, anonymous=anonymous, **overrides)


def public(**overrides):
    """A row for a page open without a login (login, password reset)."""
    return Row(default=200, anonymous=200, **overrides)
