"""Who may do what: derived from the posts a person holds today, and nowhere else.

A login's reach comes from the terms of office of its person on the day of the request.
When a term ends, the access it gave ends with it, with no manual step. The only flag
set by hand that counts is is_superuser, for the people who run the installation.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from officers.models import Post, Term

Role = Post.Role


@dataclass(frozen=True)
class Access:
    person_id: int | None = None
    is_superuser: bool = False
    roles: frozenset = frozenset()  # CLP-level roles held today
    branch_roles: dict = field(default_factory=dict)  # branch id -> frozenset of roles
    post_ids: frozenset = frozenset()
    ec_member: bool = False
    clp_officer: bool = False  # holds any CLP-level post today

    def has(self, role):
        return role in self.roles

    @property
    def is_secretary(self):
        return self.is_superuser or Role.SECRETARY in self.roles

    @property
    def is_chair(self):
        return self.is_superuser or Role.CHAIR in self.roles

    @property
    def is_treasurer(self):
        return self.is_superuser or Role.TREASURER in self.roles

    @property
    def is_equality_officer(self):
        return Role.EQUALITY_OFFICER in self.roles

    @property
    def holds_any_post(self):
        return bool(self.post_ids)

    @property
    def is_officer(self):
        """Any current CLP or branch officer or EC member: may see the directory."""
        return self.is_superuser or self.clp_officer or self.ec_member or bool(self.branch_roles)

    @property
    def sees_all_branches(self):
        return self.is_secretary or self.is_chair

    @property
    def edits_finance(self):
        """The Treasurer, and the Chair as Deputy Treasurer."""
        return self.is_treasurer or self.is_chair

    @property
    def sees_finance_summary(self):
        return self.edits_finance or self.clp_officer or self.is_superuser

    def branches_with(self, role):
        return {branch_id for branch_id, roles in self.branch_roles.items() if role in roles}

    @property
    def branch_secretary_of(self):
        return self.branches_with(Role.BRANCH_SECRETARY)

    @property
    def branch_treasurer_of(self):
        return self.branches_with(Role.BRANCH_TREASURER)

    @property
    def branch_ids(self):
        return set(self.branch_roles)

    def sees_branch(self, branch_id):
        return self.sees_all_branches or branch_id in self.branch_roles

    def sees_person(self, person):
        """A person's page: themselves, the Secretary and Chair, the Equality officer, and the
        secretary of the person's branch."""
        return (
            self.person_id == person.pk
            or self.sees_all_branches
            or self.is_equality_officer
            or (person.branch_id is not None and person.branch_id in self.branch_secretary_of)
        )

    @property
    def needs_two_factor(self):
        """Those who hold money or see members' personal data (contact details, equality data).
        tests/security/test_two_factor.py checks this against what each page shows."""
        return (
            self.is_secretary
            or self.is_chair
            or self.is_treasurer
            or self.is_equality_officer
            or self.has(Role.MEMBERSHIP_OFFICER)  # imports the Membership Action Report
            or bool(self.branch_roles)  # a branch's page lists its new and lapsed members' contacts
        )


NOBODY = Access()


def access_for(user, on=None) -> Access:
    """The access `user` has on the date `on` (today in Europe/London by default).

    Cached on the user object for the request when asked about today.
    """
    if user is None or not user.is_authenticated:
        return NOBODY
    today = timezone.localdate()
    on = on or today
    cache = getattr(user, "_access_cache", None)
    if cache is not None and cache[0] == on:
        return cache[1]
    person_id = getattr(getattr(user, "person", None), "pk", None)
    roles, branch_roles, post_ids = set(), {}, set()
    ec_member = clp_officer = False
    if person_id:
        terms = Term.objects.current(on).filter(person_id=person_id).select_related("post")
        for term in terms:
            post = term.post
            post_ids.add(post.pk)
            ec_member = ec_member or post.on_ec
            if post.scope == Post.Scope.CLP:
                clp_officer = True
                if post.role:
                    roles.add(post.role)
            else:
                branch_roles.setdefault(post.branch_id, set())
                if post.role:
                    branch_roles[post.branch_id].add(post.role)
    access = Access(
        person_id=person_id,
        is_superuser=user.is_superuser,
        roles=frozenset(roles),
        branch_roles={k: frozenset(v) for k, v in branch_roles.items()},
        post_ids=frozenset(post_ids),
        ec_member=ec_member,
        clp_officer=clp_officer,
    )
    user._access_cache = (on, access)
    return access


def require(test, message="Your current posts do not give you access to this page."):
    """View decorator: 403 unless `test(access)` holds for the logged-in user today."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(access_for(request.user)):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
