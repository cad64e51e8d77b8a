"""Writes for the officers app: terms of office, election results, balance rules, handovers
and the reminders they cause. Every write is one transaction and validated inside."""

import datetime
import logging
from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notification_cancel, notify
from officers import rules, selectors
from officers.models import BalanceRule, Handover, OfficerLapse, Person, Post, RoleChange, Term

log = logging.getLogger(__name__)
HANDOVER_ROLES = {Post.Role.CHAIR, Post.Role.TREASURER}
AGM_NOTICE_DAYS = 60


class RuleBreach(ValidationError):
    """A proposed result breaks a hard balance rule and no override reason was given. The
    refusal is on `override_reason` (give one, or change the result); `findings` are the
    hard rules broken, for the page to list."""

    def __init__(self, findings, advice, unknown=()):
        self.findings = findings
        self.unknown = list(unknown)  # rules that cannot be judged on what we hold (listed too)
        super().__init__({"override_reason": advice})


def _date(value):
    return value.strftime("%-d %B %Y")


KEEP = object()  # an argument not given: the record keeps its value (a new one: the default)


def _assign(obj, **values):
    """Set on `obj` each field given a value (not KEEP)."""
    for name, value in values.items():
        if value is not KEEP:
            setattr(obj, name, value)
    return obj


def _audited(obj, by):
    obj._history_user = by  # simple_history records who made the change
    return obj


def _lock_post(post):
    # Appointments to one post are serialised so two clerks cannot both fill its last place.
    return Post.objects.select_for_update().get(pk=post.pk)


def _check_room(post, *, person, starts_on, ends_on, exclude_pk=None):
    """Raise unless `person` may hold `post` from starts_on to ends_on without the post having
    more holders at once than it allows."""
    others = (
        post.terms.exclude(pk=exclude_pk)
        .select_related("person")
        .filter(starts_on__lte=ends_on or datetime.date.max)
    )
    others = [t for t in others if t.ends_on is None or t.ends_on >= starts_on]
    for t in others:
        if t.person_id == person.pk:
            raise ValidationError(f"{person} already holds {post} from {_date(t.starts_on)}.")
    points = [starts_on] + [t.starts_on for t in others if t.starts_on > starts_on]
    for day in points:
        holding = [t for t in others if t.holds_on(day)]
        if len(holding) + 1 > post.max_holders:
            names = ", ".join(str(t.person) for t in holding)
            places = "1 holder" if post.max_holders == 1 else f"{post.max_holders} holders"
            raise ValidationError(
                f"{post} may have only {places} at a time, and on {_date(day)} it is held by {names}. "
                "End the current term first, or record the change as an AGM result."
            )


@transaction.atomic
def term_start(*, post, person, starts_on, ends_on=None, how=Term.How.ELECTED, by=None, override_reason=""):
    """Record that `person` holds `post` from `starts_on` (to `ends_on`, inclusive)."""
    post = _lock_post(post)
    term = Term(
        post=post,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        how=how,
        recorded_by=by,
        override_reason=override_reason,
    )
    term.full_clean()
    _check_room(post, person=person, starts_on=starts_on, ends_on=ends_on)
    term.override_reason = _judge_appointment(
        post=post, person=person, starts_on=starts_on, override_reason=override_reason
    )
    outgoing = [t.person for t in post.terms.current(starts_on - datetime.timedelta(days=1))]
    _audited(term, by).save()
    _role_change(term, RoleChange.Kind.START, source=f"{term.get_how_display()}")
    _handover_if_needed(post=post, on=starts_on, outgoing=outgoing, incoming=[person])
    return term


def _judge_appointment(*, post, person, starts_on, override_reason):
    """A single appointment (a co-option, an acting officer, a by-election) is held to the
    same hard rules as an AGM result: blocked unless a reason is given. Returns the reason
    to keep on the term (none when no hard rule is broken)."""
    others = tuple(
        selectors.holder_data(t.person) for t in post.terms.current(starts_on).select_related("person")
    )
    change = rules.Change(post.pk, others + (selectors.holder_data(person),), starts_on)
    check = selectors.balance_check(on=starts_on, changes=[change])
    blocking = rules.blocking_findings(check, [post.pk])
    override_reason = override_reason.strip()
    if blocking and not override_reason:
        raise RuleBreach(
            blocking,
            "This appointment breaks a hard rule. Choose someone else, or record why it stands anyway.",
        )
    return override_reason if blocking else ""


@transaction.atomic
def term_end(*, term, ends_on, by=None):
    """End `term` on `ends_on`, its last day in office (access ends after that day)."""
    return _term_end(term=term, ends_on=ends_on, by=by, source="Term ended")


def _term_end(*, term, ends_on, by, source):
    term.ends_on = ends_on
    term.full_clean()
    _audited(term, by).save()
    _role_change(term, RoleChange.Kind.END, source=source)
    return term


def _role_change(term, kind, *, source):
    """Record the change to make in the party's membership system (MemberCentre). A change
    not yet made that is changed again (a term's end moved) is updated, not repeated."""
    on = term.starts_on if kind == RoleChange.Kind.START else term.ends_on
    glu = term.post.scope == Post.Scope.CLP and term.post.role in HANDOVER_ROLES
    pending = RoleChange.objects.filter(term=term, kind=kind, done_at=None).first()
    if pending is not None:
        pending.on, pending.source = on, source
        pending.save()
        return pending
    if RoleChange.objects.filter(term=term, kind=kind, on=on).exists():
        return None  # already made in MemberCentre as it stands
    return RoleChange.objects.create(term=term, kind=kind, on=on, source=source, glu=glu)


@transaction.atomic
def agm_results_record(*, held_on, results, by=None, override_reason="", how=Term.How.ELECTED, ends_on=None):
    """Record the results of an election for several posts at once.

    results: [(post, [people elected])]; an empty list leaves the post vacant. Everyone who
    held a post the day before `held_on` stops holding it then. A hard balance rule broken by
    the result blocks it unless `override_reason` says why it stands; the reason is kept on the
    new terms. Warnings never block. `ends_on`, if given, is the last day in office of those
    elected (usually the day before the next AGM). Returns the new terms.
    """
    errors = []
    for post, people in results:
        if len(people) > post.max_holders:
            errors.append(f"{post}: {len(people)} elected, but the post has {post.max_holders} places.")
        if len({p.pk for p in people}) != len(people):
            errors.append(f"{post}: the same person is named twice.")
    if errors:
        raise ValidationError(errors)
    changes = [
        rules.Change(post.pk, tuple(selectors.holder_data(p) for p in people), held_on)
        for post, people in results
    ]
    check = selectors.balance_check(on=held_on, changes=changes)
    blocking = rules.blocking_findings(check, [post.pk for post, _ in results])
    override_reason = override_reason.strip()
    if blocking and not override_reason:
        changed = {post.pk for post, _ in results}
        unknown = [f for f in check.findings if f.status == rules.UNKNOWN and changed & set(f.post_ids)]
        raise RuleBreach(
            blocking,
            "These results break a hard rule. Change them, or record why they stand anyway.",
            unknown=unknown,
        )
    overridden = {pk for f in blocking for pk in f.post_ids}
    day_before = held_on - datetime.timedelta(days=1)
    created = []
    for post, people in results:
        post = _lock_post(post)
        if post.terms.filter(starts_on__gte=held_on).exists():
            raise ValidationError(f"{post} already has a term starting on or after {_date(held_on)}.")
        outgoing = []
        for term in post.terms.current(day_before).select_related("person"):
            outgoing.append(term.person)
            _term_end(term=term, ends_on=day_before, by=by, source="AGM result")
        for person in people:
            term = Term(
                post=post,
                person=person,
                starts_on=held_on,
                ends_on=ends_on,
                how=how,
                recorded_by=by,
                override_reason=override_reason if post.pk in overridden else "",
            )
            term.full_clean()
            _audited(term, by).save()
            _role_change(term, RoleChange.Kind.START, source="AGM result")
            created.append(term)
        _handover_if_needed(post=post, on=held_on, outgoing=outgoing, incoming=people)
    return created


def _handover_if_needed(*, post, on, outgoing, incoming):
    """A new CLP Chair or Treasurer: the Secretary must tell the Governance and Legal Unit."""
    if post.scope != Post.Scope.CLP or post.role not in HANDOVER_ROLES:
        return None
    if {p.pk for p in outgoing} == {p.pk for p in incoming} or not incoming:
        return None
    handover, created = Handover.objects.get_or_create(
        post=post,
        changed_on=on,
        defaults={"outgoing": outgoing[0] if outgoing else None, "incoming": incoming[0]},
    )
    if created:
        _remind_handover(handover, week=0)
    return handover


def handovers_detect(*, on, days=30):
    """Find changes of Chair or Treasurer made outside the services (the admin, an edited
    term): every CLP Chair or Treasurer term that started in the last `days` days with a
    different holder the day before gets its handover (idempotent: one per post and day)."""
    found = 0
    starts = (
        Term.objects.filter(
            post__scope=Post.Scope.CLP,
            post__role__in=HANDOVER_ROLES,
            starts_on__gt=on - datetime.timedelta(days=days),
            starts_on__lte=on,
        )
        .values_list("post_id", "starts_on")
        .distinct()
    )
    for post_id, starts_on in starts:
        with transaction.atomic():
            post = Post.objects.get(pk=post_id)
            day_before = starts_on - datetime.timedelta(days=1)
            outgoing = [t.person for t in post.terms.current(day_before).select_related("person")]
            incoming = [t.person for t in post.terms.filter(starts_on=starts_on).select_related("person")]
            if _handover_if_needed(post=post, on=starts_on, outgoing=outgoing, incoming=incoming):
                found += 1
    return found


def _remind_handover(handover, *, week):
    incoming = handover.incoming or "someone new"
    notify(
        key=f"officers:handover:{handover.pk}:week-{week}",
        kind="handover_glu",
        subject=f"Tell the Governance and Legal Unit: new {handover.post.name}",
        body=(
            f"{incoming} is {handover.post.name} from {_date(handover.changed_on)}"
            + (f", taking over from {handover.outgoing}" if handover.outgoing else "")
            + ". Changes of Chair or Treasurer must be notified to the party's Governance and Legal "
            "Unit promptly. Mark it done in CLP Desk once you have told them; until then this "
            "reminder comes back every week."
        ),
        to_posts=selectors.secretary_posts(),
        url=reverse("officers:handovers"),
    )


@transaction.atomic
def handover_mark_done(*, handover, by):
    """The Secretary has told the Governance and Legal Unit: stop reminding."""
    claimed = Handover.objects.filter(pk=handover.pk, done_at=None).update(done_at=timezone.now(), done_by=by)
    if claimed:
        notification_cancel(key_prefix=f"officers:handover:{handover.pk}:")
    handover.refresh_from_db()
    return handover


def handover_reminders_send(*, on):
    """Weekly reminders for every handover not yet marked done (idempotent per week)."""
    sent = 0
    for handover in selectors.pending_handovers():
        week = max((on - handover.changed_on).days, 0) // 7
        with transaction.atomic():
            _remind_handover(handover, week=week)
        sent += 1
    return sent


def agm_preparation_remind(*, on):
    """Terms ending within 60 days: remind the Secretary to prepare the AGM, once per ending date."""
    ending = (
        Term.objects.current(on)
        .filter(ends_on__lte=on + datetime.timedelta(days=AGM_NOTICE_DAYS))
        .select_related("post", "post__branch", "person")
        .order_by("ends_on", "post__order")
    )
    by_date = defaultdict(list)
    for term in ending:
        by_date[term.ends_on].append(term)
    for ends_on, terms in by_date.items():
        lines = "\n".join(f"- {t.post}: {t.person}" for t in terms)
        with transaction.atomic():
            notify(
                key=f"officers:agm-preparation:{ends_on.isoformat()}",
                kind="agm_preparation",
                subject=f"{len(terms)} terms of office end on {_date(ends_on)}: prepare the AGM",
                body=(
                    f"These terms end on {_date(ends_on)}:\n{lines}\n\n"
                    "Call the AGM and its nominations in time."
                ),
                to_posts=selectors.secretary_posts(),
                url=reverse("officers:agm"),
            )
    return len(by_date)


@transaction.atomic
def balance_rule_save(
    *,
    rule=None,
    posts,
    by=None,
    name=KEEP,
    kind=KEEP,
    minimum=KEEP,
    counts=KEEP,
    age=KEEP,
    maximum=KEEP,
    hard=KEEP,
    source=KEEP,
    preset=KEEP,
    active=KEEP,
    order=KEEP,
):
    """Create or change a balance rule (a field not given keeps its value). A rule must
    name at least one post, and cannot ask for more women than its posts have places."""
    posts = list(posts)
    rule = _assign(
        rule or BalanceRule(),
        name=name,
        kind=kind,
        minimum=minimum,
        counts=counts,
        age=age,
        maximum=maximum,
        hard=hard,
        source=source,
        preset=preset,
        active=active,
        order=order,
    )
    rule.full_clean()  # the database's rules, in plain English (officers.models)
    errors = {}
    if not posts:
        errors["posts"] = "A rule must name at least one post."
    seats = sum(p.max_holders for p in posts)
    if rule.kind == BalanceRule.Kind.MIN_WOMEN and posts and rule.minimum > seats:
        errors["minimum"] = f"The rule asks for {rule.minimum} women among posts with only {seats} places."
    if errors:
        raise ValidationError(errors)
    _audited(rule, by).save()
    rule.posts.set(posts)
    return rule


@transaction.atomic
def preset_load(*, key, by=None, branches=None):
    """Load a preset's posts and rules (updating in place; safe to run twice).

    The rules of other presets of the same level (CLP or branch) are switched off: a CLP
    follows one rule book at a time. Rules written by hand are left alone. A branch preset
    is loaded into each of `branches` (every branch by default). Returns the posts.
    """
    from officers.presets import PRESETS

    preset = PRESETS[key]
    same_level = [k for k, p in PRESETS.items() if p.branch == preset.branch and k != key]
    for rule in BalanceRule.objects.filter(active=True, preset__in=same_level):
        rule.active = False
        _audited(rule, by).save()
    if branches is None:
        branches = apps.get_model("branches", "Branch").objects.all()  # branches sits above officers
    scopes = list(branches) if preset.branch else [None]
    loaded = []
    for branch in scopes:
        posts = {}
        for order, spec in enumerate(preset.posts, 1):
            post = Post.objects.filter(slug=spec.slug, branch=branch).first() or Post(
                slug=spec.slug, branch=branch
            )
            post.name = spec.name
            post.scope = Post.Scope.BRANCH if branch else Post.Scope.CLP
            post.role, post.kind, post.ec_membership = spec.role, spec.kind, spec.ec
            post.max_holders, post.order = spec.max_holders, order
            post.union_members_only, post.must_belong_to = spec.union_members_only, spec.must_belong_to
            post.duties = spec.duties or post.duties
            post.full_clean(validate_constraints=False)
            _audited(post, by).save()
            posts[spec.slug] = post
        for order, spec in enumerate(preset.rules, 1):
            name = spec.name if branch is None else f"{spec.name} ({branch.name})"
            balance_rule_save(
                rule=BalanceRule.objects.filter(preset=key, name=name).first(),
                posts=[posts[slug] for slug in spec.posts],
                by=by,
                name=name,
                kind=spec.kind,
                minimum=spec.minimum,
                counts=spec.counts,
                age=spec.age,
                maximum=spec.maximum,
                hard=spec.hard,
                source=preset.source,
                preset=key,
                active=True,
                order=order,
            )
        loaded += posts.values()
    return loaded


@transaction.atomic
def post_save(
    *,
    post=None,
    by=None,
    name,
    slug,
    scope,
    branch,
    kind,
    role,
    ec_membership,
    duties,
    max_holders,
    order,
    union_members_only=KEEP,
    must_belong_to=KEEP,
    party_name=KEEP,
    lapsed_may_hold=KEEP,
):
    """Create or change a post. Its places cannot drop below the number holding it today."""
    post = _assign(post or Post(), union_members_only=union_members_only, must_belong_to=must_belong_to)
    post.name, post.slug, post.scope, post.branch = name, slug, scope, branch
    post.kind, post.role, post.ec_membership, post.duties = kind, role, ec_membership, duties
    post.max_holders, post.order = max_holders, order
    _assign(post, party_name=party_name, lapsed_may_hold=lapsed_may_hold)
    post.full_clean()  # a branch post has its branch, a CLP post none (officers.models)
    if post.pk:
        holding = post.terms.current(timezone.localdate()).count()
        if post.max_holders < holding:
            raise ValidationError(
                {"max_holders": f"{holding} people hold this post today; end a term first."}
            )
    _audited(post, by).save()
    return post


@transaction.atomic
def person_save(
    *,
    person=None,
    by=None,
    first_name,
    last_name,
    email,
    phone,
    address,
    postcode,
    gender,
    counts_as_woman,
    date_of_birth,
    trade_union=KEEP,
    # The office's record: only the Secretary changes it (a person editing themselves cannot).
    branch=KEEP,
    membership_number=KEEP,
    membership_status=KEEP,
    joined_on=KEEP,
    left_on=KEEP,
    # Equality data: only from those who may change it (Access.can_change_equality_data).
    disability=KEEP,
    ethnicity=KEEP,
    lgbt=KEEP,
):
    """Create or change a person's record (a field not given keeps its value). History keeps
    who changed what, except the equality data, which is never kept in the history."""
    person = _assign(
        person or Person(),
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        address=address,
        postcode=postcode,
        gender=gender,
        counts_as_woman=counts_as_woman,
        date_of_birth=date_of_birth,
        trade_union=trade_union,
        branch=branch,
        membership_number=membership_number,
        membership_status=membership_status,
        joined_on=joined_on,
        left_on=left_on,
        disability=disability,
        ethnicity=ethnicity,
        lgbt=lgbt,
    )
    person.full_clean()
    _audited(person, by).save()
    return person


@transaction.atomic
def person_contact_remove(*, person_ids) -> int:
    """Blank the contact details of `person_ids`, in their change history and in every copy
    (selectors.contact_copies) too, and close their logins. Returns how many people were
    changed; people another worker has locked are left to it."""
    blank = dict.fromkeys(selectors.CONTACT_FIELDS, "")
    people = list(Person.objects.select_for_update(skip_locked=True).filter(pk__in=person_ids))
    ids = [p.pk for p in people]
    Person.objects.filter(pk__in=ids).update(**blank)
    Person.history.filter(id__in=ids).update(**blank)
    for model, key, fields in selectors.contact_copies():  # e.g. the address each email went to
        model._default_manager.filter(**{f"{key}__in": ids}).update(**dict.fromkeys(fields, ""))
    for user in get_user_model().objects.filter(person__pk__in=ids):
        user.email = f"removed-{user.pk}@invalid.invalid"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "is_active", "password"])
    if ids:
        log.info("Removed contact details of %d people who left", len(ids))
    return len(ids)


# Officers who lapse, and roles kept in step with the party -----------------------------

LAPSED = {Person.Status.LAPSED, Person.Status.RESIGNED}


def officer_lapses_record(*, lapses, source, on=None, by=None):
    """Apply each post's rule to its holders a report shows as lapsed or resigned, inside the
    import's transaction. `lapses`: [(person, status, lapsed_on or None)]. Where the post lets
    a lapsed member hold it they stay (and keep its access and papers); otherwise the term
    ends yesterday (today if it began today), so access and papers stop now. Each decision is
    kept with its reason, shown on the roster and told to the Secretary; a report repeating
    it changes nothing. Returns the OfficerLapse rows made."""
    on = on or timezone.localdate()
    by_person = {p.pk: (p, status, lapsed_on) for p, status, lapsed_on in lapses if status in LAPSED}
    if not by_person:
        return []
    ids = list(by_person)
    terms = []
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        terms += Term.objects.current(on).filter(person_id__in=chunk).select_related("post", "post__branch")
    # The decisions already made, in one query for every term (not one per post-holder).
    seen = set(
        OfficerLapse.objects.filter(term__in=[t.pk for t in terms]).values_list("term_id", "status")
        if terms
        else ()
    )
    made = []
    for term in terms:
        person, status, lapsed_on = by_person[term.person_id]
        if (term.pk, status) in seen:
            continue
        made.append(_lapse(term=term, person=person, status=status, lapsed_on=lapsed_on or on,
                           on=on, source=source, by=by))  # fmt: skip
    return made


def _lapse(*, term, person, status, lapsed_on, on, source, by):
    post, what = term.post, Person.Status(status).label.lower()
    if post.lapsed_may_hold:
        decision = OfficerLapse.Decision.KEPT
        reason = (
            f"{person} {what} on {_date(lapsed_on)} ({source}). The rules of {post} let a lapsed or "
            f"resigned member hold it, so they stay in post and keep its access and papers."
        )
    else:
        decision = OfficerLapse.Decision.ENDED
        ends_on = max(on - datetime.timedelta(days=1), term.starts_on)
        _term_end(term=term, ends_on=ends_on, by=by, source=f"Membership {what}")
        reason = (
            f"{person} {what} on {_date(lapsed_on)} ({source}). The rules of {post} do not let a "
            f"lapsed or resigned member hold it, so their term ended on {_date(ends_on)}: its access "
            f"and papers stopped. If they renew, appoint them again."
        )
    lapse = OfficerLapse.objects.create(
        term=term, status=status, lapsed_on=lapsed_on, decision=decision, reason=reason, source=source[:250]
    )
    notify(
        key=f"officers:lapse:{lapse.pk}",
        kind="officer_lapsed",
        subject=f"{post}: {person} has {what}",
        body=reason,
        to_posts=selectors.secretary_posts(),
        url=reverse("officers:index"),
    )
    return lapse


@transaction.atomic
def officer_lapse_mark_seen(*, lapse, by):
    """The Secretary has seen a lapse: it leaves the roster (its record stays)."""
    OfficerLapse.objects.filter(pk=lapse.pk, seen_at=None).update(seen_at=timezone.now(), seen_by=by)
    lapse.refresh_from_db()
    return lapse


@transaction.atomic
def role_changes_mark_done(*, changes, by) -> int:
    """The Secretary has made these changes in MemberCentre. Returns how many were waiting."""
    ids = [c.pk for c in changes]
    return RoleChange.objects.filter(pk__in=ids, done_at=None).update(done_at=timezone.now(), done_by=by)
