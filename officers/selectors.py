"""Reads for the officers app: querysets with their joins on, and the plain data the
balance rules are judged over."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from officers import rules
from officers.models import BalanceRule, Handover, OfficerLapse, Person, Post, RoleChange, Term


def current_terms_prefetch(on):
    terms = Term.objects.current(on).select_related("person").order_by("starts_on", "pk")
    return Prefetch("terms", queryset=terms, to_attr="current_terms")


def roster_posts(*, on, scope=Post.Scope.CLP, branch_ids=None):
    """Posts with their holders on `on` in `current_terms`: two queries, whatever the history."""
    posts = (
        Post.objects.filter(scope=scope).select_related("branch").prefetch_related(current_terms_prefetch(on))
    )
    if branch_ids is not None:
        posts = posts.filter(branch_id__in=branch_ids)
    return posts


# The roster's columns (officers/includes/roster_table.html): plain tuples, not models (a
# post and its holders as models, with their people and branches, were a third of the page).
ROSTER_POST = ("pk", "name", "ec_membership", "max_holders", "branch__name")
ROSTER_TERM = (
    "post_id", "person_id", "person__first_name", "person__last_name", "person__branch_id",
    "how", "override_reason", "starts_on",
)  # fmt: skip


def roster(*, on, scope=Post.Scope.CLP, branch_ids=None):
    """[(post, [term, ...])] on `on`, as roster_posts orders them, the post a ROSTER_POST
    tuple and each of its holders' terms a ROSTER_TERM tuple (oldest first): two queries."""
    posts = Post.objects.filter(scope=scope)
    found = Term.objects.current(on).filter(post__scope=scope)  # the posts' by a join, not their ids
    if branch_ids is not None:
        posts = posts.filter(branch_id__in=branch_ids)
        found = found.filter(post__branch_id__in=branch_ids)
    posts = list(posts.values_list(*ROSTER_POST))
    terms = {}
    if posts:
        for term in found.order_by("starts_on", "pk").values_list(*ROSTER_TERM):
            terms.setdefault(term[0], []).append(term)
    return [(p, terms.get(p[0], [])) for p in posts]


def vacancies(*, on, scope=Post.Scope.CLP):
    """The places vacant on `on` in the posts of `scope`: one query counting each post's
    holders, the terms left in the database."""
    current = Q(terms__starts_on__lte=on) & (Q(terms__ends_on=None) | Q(terms__ends_on__gte=on))
    rows = Post.objects.filter(scope=scope).annotate(held=Count("terms", filter=current))
    return sum(max(places - held, 0) for places, held in rows.values_list("max_holders", "held"))


def post_terms(post):
    """Every term of `post`, newest first: its holders over time."""
    return post.terms.select_related("person", "recorded_by").order_by("-starts_on", "pk")


def person_terms(person):
    return person.terms.select_related("post", "post__branch").order_by("-starts_on")


def people_for_choice():
    return Person.objects.select_related("branch").only(
        "id", "first_name", "last_name", "branch__name", "membership_status", "membership_number"
    )


# The order the rules are judged and listed in (theirs, the oldest first where two tie), and
# the order a rule's posts are listed in.
_RULE_ORDER = (*BalanceRule._meta.ordering, "pk")
_POST_ORDER = ("scope", "branch__name", "order", "name")


def active_rules():
    ordered = Post.objects.order_by(*_POST_ORDER).only("id")
    active = BalanceRule.objects.filter(active=True).order_by(*_RULE_ORDER)
    return active.prefetch_related(Prefetch("posts", queryset=ordered))


def lapses_unseen():
    """Post-holders a report showed as lapsed or resigned, not yet seen by the Secretary."""
    return OfficerLapse.objects.filter(seen_at=None).select_related("term__person", "term__post")


def lapses_by_post():
    """{post id: [unseen lapse]} for the roster, each lapse a dict of its pk, status (its
    display), reason and holder's name (not the lapse, term, person and post as models)."""
    words = dict(Person.Status.choices)  # get_status_display
    found = {}
    lapses = OfficerLapse.objects.filter(seen_at=None).order_by("created_at", "pk")
    columns = "pk", "term__post_id", "status", "reason", "term__person__first_name", "term__person__last_name"
    for pk, post_id, status, reason, first, last in lapses.values_list(*columns):
        name = f"{first} {last}".strip()
        lapse = {"pk": pk, "status": words.get(status, status), "reason": reason, "name": name}
        found.setdefault(post_id, []).append(lapse)
    return found


def role_changes(*, done=False, limit=None):
    """Changes of who holds a post, for MemberCentre: those not yet made (oldest first), or
    those made (newest first)."""
    found = RoleChange.objects.select_related("term__person", "term__post__branch", "done_by__person")
    found = found.exclude(done_at=None).order_by("-done_at", "-pk") if done else found.filter(done_at=None)
    return found[:limit] if limit else found


# The columns of the role changes' page (officers/role_changes.html): plain tuples, not models
# with their terms, people, posts, branches, users and users' people (a change's models and the
# template's lookups in them were most of the page's calls, and the seven joins of the query
# half its SQL time, in planning).
CHANGE_COLUMNS = (
    "term__person__first_name", "term__person__last_name", "term__post__name", "term__post__branch_id",
    "term__post__branch__name", "kind", "on",
)  # fmt: skip
PENDING_COLUMNS = (
    "pk", *CHANGE_COLUMNS, "term__person__membership_number", "term__post__party_name", "source", "glu",
)  # fmt: skip
DONE_COLUMNS = (
    *CHANGE_COLUMNS, "done_at", "done_by__email", "done_by__person__id", "done_by__person__first_name",
    "done_by__person__last_name",
)  # fmt: skip


def role_change_rows(*, done=False, limit=None):
    """role_changes as PENDING_COLUMNS (not yet made) or DONE_COLUMNS (made) tuples."""
    found = RoleChange.objects.all()
    if done:
        found = found.exclude(done_at=None).order_by("-done_at", "-pk").values_list(*DONE_COLUMNS)
    else:
        found = found.filter(done_at=None).values_list(*PENDING_COLUMNS)
    return list(found[:limit] if limit else found)


def pending_handovers():
    return Handover.objects.filter(done_at=None).select_related("post", "outgoing", "incoming")


def secretary_posts(*, branch_id=None):
    """The Secretary's posts: the CLP's, or with `branch_id` that branch's secretary's.
    The one answer to "who runs the paperwork here" (reminders, fallbacks, nudges)."""
    if branch_id:
        return list(Post.objects.filter(branch_id=branch_id, role=Post.Role.BRANCH_SECRETARY))
    return list(Post.objects.filter(scope=Post.Scope.CLP, role=Post.Role.SECRETARY))


def chair_posts(*, branch_id=None):
    """The Chair's posts: the CLP's, or with `branch_id` that branch's chair's."""
    if branch_id:
        return list(Post.objects.filter(branch_id=branch_id, role=Post.Role.BRANCH_CHAIR))
    return list(Post.objects.filter(scope=Post.Scope.CLP, role=Post.Role.CHAIR))


def branch_secretary_posts():
    """Every branch's secretary's post, in the branches' order (mailings, circulation)."""
    return list(
        Post.objects.filter(scope=Post.Scope.BRANCH, role=Post.Role.BRANCH_SECRETARY).order_by(
            "branch__order", "branch__name"
        )
    )


# What each audience of the branch mailing (branches.Mailing.Audience) means in posts.
AUDIENCE_POSTS = {
    "branch_secretaries": Q(scope=Post.Scope.BRANCH, role=Post.Role.BRANCH_SECRETARY),
    "branch_chairs": Q(scope=Post.Scope.BRANCH, role=Post.Role.BRANCH_CHAIR),
    "branch_officers": Q(scope=Post.Scope.BRANCH, kind=Post.Kind.OFFICER),
    "ec_delegates": Q(role=Post.Role.EC_DELEGATE)
    | (Q(kind=Post.Kind.DELEGATE) & ~Q(ec_membership=Post.EC.NONE)),
}


def audience_posts(audiences):
    """The posts a mailing to `audiences` goes to, each once, branches in their order."""
    wanted = Q(pk__in=[])
    for audience in audiences:
        wanted |= AUDIENCE_POSTS.get(audience, Q(pk__in=[]))
    return list(
        Post.objects.filter(wanted)
        .select_related("branch")
        .order_by("scope", "branch__order", "branch__name", "order", "name")
    )


def holder_data(person) -> rules.Holder:
    return rules.Holder(
        person_id=person.pk,
        name=person.full_name,
        woman=person.counts_as_woman,
        date_of_birth=person.date_of_birth,
    )


def rule_data(rule) -> rules.RuleData:
    return rules.RuleData(
        id=rule.pk,
        name=rule.name,
        kind=rule.kind,
        post_ids=tuple(p.pk for p in rule.posts.all()),
        minimum=rule.minimum,
        age=rule.age,
        hard=rule.hard,
        source=rule.source,
        counts=rule.counts,
        maximum=rule.maximum,
    )


def roster_data(*, on, post_ids, extra_post_ids=()) -> rules.Roster:
    """The posts named and their terms from a year before `on` (the history rules look that
    far back) to `on`: two queries."""
    ids = set(post_ids) | set(extra_post_ids)
    # Plain columns, not models (the people as models were most of the rule check's calls).
    found = Post.objects.filter(pk__in=ids)
    found = found.values_list("pk", "name", "branch_id", "branch__name", "max_holders")
    posts = {
        pk: rules.PostData(pk, f"{name} ({branch})" if branch_id else name, max_holders)  # str(post)
        for pk, name, branch_id, branch, max_holders in found
    }
    since = on - datetime.timedelta(days=3 * 366)  # the term before, however the AGM dates moved
    terms = (
        Term.objects.filter(post_id__in=ids, starts_on__lte=on)
        .filter(Q(ends_on=None) | Q(ends_on__gte=since))
        .order_by("starts_on", "pk")
        .values_list(
            "post_id",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__counts_as_woman",
            "person__date_of_birth",
            "starts_on",
            "ends_on",
        )  # fmt: skip
    )
    data = [
        rules.TermData(post_id, rules.Holder(person_id, f"{first} {last}".strip(), woman, born), starts, ends)
        for post_id, person_id, first, last, woman, born, starts, ends in terms
    ]  # holder_data's Holder, from the columns
    return rules.Roster(posts=posts, terms=data)


def balance_check(*, on, changes=()) -> rules.Check:
    """Judge the active rules on the roster as of `on`, as it would be after `changes`."""
    found = active_rules_data()
    named = {pk for rule in found for pk in rule.post_ids}
    roster = roster_data(on=on, post_ids=named, extra_post_ids=[c.post_id for c in changes])
    if changes:
        roster = roster.with_changes(changes)
    return rules.evaluate(found, roster, on)


RULE_COLUMNS = "pk", "name", "kind", "minimum", "age", "hard", "source", "counts", "maximum"


def active_rules_data() -> list:
    """[RuleData] of the active rules, as rule_data makes them from active_rules(), from one
    query of plain columns (the rules and their posts as models were half the rule check's
    calls; the rules and their posts apart were two queries): a row for each rule and post
    (one with no post for a rule naming none), the rules in their order, each rule's posts
    in active_rules' order."""
    rows = (
        BalanceRule.objects.filter(active=True)
        .order_by(*_RULE_ORDER, *(f"posts__{f}" for f in _POST_ORDER))
        .values_list(*RULE_COLUMNS, "posts")
    )
    found, posts = {}, {}
    for *columns, post_id in rows:
        found.setdefault(columns[0], columns)
        posts.setdefault(columns[0], [])
        if post_id is not None:
            posts[columns[0]].append(post_id)
    return [
        rules.RuleData(
            id=pk,
            name=name,
            kind=kind,
            post_ids=tuple(posts[pk]),
            minimum=minimum,
            age=age,
            hard=hard,
            source=source,
            counts=counts,
            maximum=maximum,
        )
        for pk, name, kind, minimum, age, hard, source, counts, maximum in found.values()
    ]


def post_changes(post, limit=30):
    """Who changed the post or its terms, and when, newest first (from the audit history)."""
    post_rows = post.history.select_related("history_user").order_by("-history_date")[:limit]
    term_rows = (
        Term.history.filter(post_id=post.pk)
        .select_related("history_user", "person")
        .order_by("-history_date")[:limit]
    )
    changes = [
        {
            "when": h.history_date,
            "who": h.history_user,
            "what": f"Post {h.get_history_type_display().lower()}",
        }
        for h in post_rows
    ]
    changes += [
        {
            "when": h.history_date,
            "who": h.history_user,
            "what": f"Term of {h.person} {h.get_history_type_display().lower()}"
            + (f" (ends {h.ends_on:%-d %b %Y})" if h.ends_on else ""),
        }
        for h in term_rows
    ]
    return sorted(changes, key=lambda c: c["when"], reverse=True)[:limit]


def what_if_changes(*, on, appointments):
    """The rules' Changes for proposed appointments [(post, person or None)]: a post with one
    place passes to the person named (None: left vacant); a post with several places keeps
    its holders on `on` and gains those named."""
    by_post = {}
    for post, person in appointments:
        by_post.setdefault(post, []).append(person)
    changes = []
    for post, people in by_post.items():
        holders = [holder_data(p) for p in people if p]
        if post.max_holders > 1 and holders:
            current = [holder_data(t.person) for t in post.terms.current(on).select_related("person")]
            holders = [h for h in current if h.person_id not in {n.person_id for n in holders}] + holders
        changes.append(rules.Change(post.pk, tuple(holders), on))
    return changes


# Leavers' contact details (UK GDPR art. 5(1)(e), storage limitation): removed RETENTION_DAYS
# after they lapsed or resigned, by officers.tasks.apply_retention.
CONTACT_FIELDS = ["email", "phone", "address", "postcode"]
LEFT = [Person.Status.LAPSED, Person.Status.RESIGNED]


def contact_copies():
    """(model, key, contact fields) for every other model that keeps a copy of a person's
    contact details beside a key to them (Notification.email: where it went)."""
    for model in apps.get_models():
        if model is Person:
            continue
        fields = [f.name for f in model._meta.concrete_fields if f.name in CONTACT_FIELDS]
        keys = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person]
        for key in keys if fields else []:
            yield model, key, fields


def retention_candidates(*, today=None, days=None):
    """People who lapsed or resigned more than `days` ago whose contact details are still
    held, on their record, in its change history or in a copy (see contact_copies)."""
    today = today or timezone.localdate()
    days = settings.RETENTION_DAYS if days is None else days
    has_contact = Q()
    for name in CONTACT_FIELDS:
        has_contact |= ~Q(**{name: ""})
    in_history = Person.history.filter(has_contact, id=OuterRef("pk"))
    held_elsewhere = Q()
    for model, key, fields in contact_copies():
        copy = Q()
        for name in fields:
            copy |= ~Q(**{name: ""})
        held_elsewhere |= Exists(model._default_manager.filter(copy, **{key: OuterRef("pk")}))
    return Person.objects.filter(
        has_contact | Exists(in_history) | held_elsewhere,
        membership_status__in=LEFT,
        left_on__lt=today - datetime.timedelta(days=days),
    )
