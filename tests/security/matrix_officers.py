"""Rows for the officers app: the team is for post-holders; changes are the Secretary's."""

import datetime

from officers.elections import services as agm_services
from officers.models import OfficerLapse, RoleChange
from tests.factories.officers import BalanceRuleFactory, HandoverFactory, PlanFactory, TargetFactory
from tests.security.matrix import Row


def build(world):
    world.treasurer_term = world.treasurer.terms.get()
    world.handover = HandoverFactory(post=world.posts["treasurer"], incoming=world.treasurer)
    world.rule = BalanceRuleFactory(posts=[world.posts["chair"], world.posts["secretary"]])
    held_on = datetime.date.today() + datetime.timedelta(days=30)
    world.agm = agm_services.agm_create(
        name="AGM",
        held_on=held_on,
        nominations_close_on=held_on,
        qualifying_weeks=8,
        terms_end_on=None,
        posts=[world.posts["chair"]],
    )
    world.contest = world.agm.contests.get()
    world.nomination = agm_services.nomination_add(
        contest=world.contest, nominee=world.member, received_on=held_on, by_member=world.chair
    )
    term = world.treasurer_term
    RoleChange.objects.create(term=term, kind=RoleChange.Kind.START, on=term.starts_on, source="Elected")
    world.lapse = OfficerLapse.objects.create(
        term=term, status="lapsed", lapsed_on=term.starts_on, decision="kept", reason="A test."
    )
    world.plan = PlanFactory()
    world.plan_target = TargetFactory(objective__plan=world.plan, owner=world.posts["branch_a_secretary"])


def post_holders(**overrides):
    """Anyone holding a post today; a member with no post or a former officer is refused."""
    return Row(
        default=200,
        member=403,
        former_treasurer=403,
        **overrides,
    )


SECRETARY_ONLY = {"default": 403, "secretary": 200}

# The development plan: the EC and CLP officers read it; the Secretary and the Chair change it;
# a target's owner (whoever holds its post, here branch A's secretary) reads and updates it.
PLAN_READERS = {"default": 403, "secretary": 200, "chair": 200, "treasurer": 200, "ec_member": 200}
PLAN_MANAGERS = {"default": 403, "secretary": 200, "chair": 200}

ROWS = {
    "officers:plan": Row(**PLAN_READERS),
    "officers:plan_new": Row(**PLAN_MANAGERS),
    "officers:plan_detail": Row(kwargs=lambda w: {"pk": w.plan.pk}, **PLAN_READERS),
    "officers:objective_add": Row(kwargs=lambda w: {"pk": w.plan.pk}, default=405),
    "officers:target_add": Row(kwargs=lambda w: {"pk": w.plan.pk}, **PLAN_MANAGERS),
    "officers:target": Row(
        kwargs=lambda w: {"pk": w.plan_target.pk},
        **{**PLAN_READERS, "default": 404, "branch_secretary_a": 200},
    ),
    "officers:target_update": Row(kwargs=lambda w: {"pk": w.plan_target.pk}, default=405),
    "officers:index": post_holders(),
    "officers:rules": post_holders(),
    # A branch A post: only those who see branch A; another branch's officers get a 404.
    "officers:post": post_holders(
        kwargs=lambda w: {"pk": w.posts["branch_a_secretary"].pk},
        treasurer=404,
        ec_member=404,
        branch_secretary_b=404,
    ),
    "officers:post_new": Row(**SECRETARY_ONLY),
    "officers:post_edit": Row(kwargs=lambda w: {"pk": w.posts["treasurer"].pk}, **SECRETARY_ONLY),
    "officers:term_new": Row(kwargs=lambda w: {"pk": w.posts["branch_a_secretary"].pk}, **SECRETARY_ONLY),
    "officers:term_end": Row(kwargs=lambda w: {"pk": w.treasurer_term.pk}, default=405),
    # Alice, branch secretary of A: herself, the Secretary and the Chair; nobody else learns she exists.
    "officers:person": Row(
        kwargs=lambda w: {"pk": w.branch_secretary_a.pk},
        default=404,
        secretary=200,
        chair=200,
        branch_secretary_a=200,
    ),
    # Changing Alice's record: the Secretary or Alice; the Chair sees her but may not change her.
    "officers:person_edit": Row(
        kwargs=lambda w: {"pk": w.branch_secretary_a.pk},
        default=404,
        secretary=200,
        chair=403,
        branch_secretary_a=200,
    ),
    "officers:person_new": Row(**SECRETARY_ONLY),
    "officers:agm": Row(**SECRETARY_ONLY),
    "officers:check": Row(default=403, secretary=200, chair=200),
    "officers:rule_new": Row(**SECRETARY_ONLY),
    "officers:rule_edit": Row(kwargs=lambda w: {"pk": w.rule.pk}, **SECRETARY_ONLY),
    "officers:handovers": Row(**SECRETARY_ONLY),
    "officers:handover_done": Row(kwargs=lambda w: {"pk": w.handover.pk}, default=405),
    # The AGM's election records: the Secretary's.
    "officers:agm_list": Row(**SECRETARY_ONLY),
    "officers:agm_new": Row(**SECRETARY_ONLY),
    "officers:agm_detail": Row(kwargs=lambda w: {"pk": w.agm.pk}, **SECRETARY_ONLY),
    "officers:agm_voters": Row(kwargs=lambda w: {"pk": w.agm.pk}, **SECRETARY_ONLY),
    "officers:agm_into_office": Row(kwargs=lambda w: {"pk": w.agm.pk}, **SECRETARY_ONLY),
    "officers:agm_nominations_pdf": Row(kwargs=lambda w: {"pk": w.agm.pk}, **SECRETARY_ONLY),
    "officers:agm_declaration_pdf": Row(kwargs=lambda w: {"pk": w.agm.pk}, **SECRETARY_ONLY),
    "officers:agm_publish": Row(kwargs=lambda w: {"pk": w.agm.pk}, default=405),
    "officers:contest_ballot": Row(kwargs=lambda w: {"pk": w.contest.pk}, **SECRETARY_ONLY),
    "officers:contest_edit": Row(kwargs=lambda w: {"pk": w.contest.pk}, **SECRETARY_ONLY),
    "officers:nomination_new": Row(kwargs=lambda w: {"pk": w.contest.pk}, **SECRETARY_ONLY),
    "officers:contest_ballot_pdf": Row(kwargs=lambda w: {"pk": w.contest.pk, "number": 1}, **SECRETARY_ONLY),
    "officers:lot_new": Row(kwargs=lambda w: {"pk": w.contest.pk}, default=405),
    "officers:contest_declare": Row(kwargs=lambda w: {"pk": w.contest.pk}, default=405),
    "officers:nomination_consent": Row(kwargs=lambda w: {"pk": w.nomination.pk}, default=405),
    "officers:nomination_override": Row(kwargs=lambda w: {"pk": w.nomination.pk}, default=405),
    "officers:lapse_seen": Row(kwargs=lambda w: {"pk": w.lapse.pk}, default=405),
    "officers:role_changes": Row(**SECRETARY_ONLY),
    "officers:role_changes_csv": Row(**SECRETARY_ONLY),
    "officers:role_changes_pdf": Row(**SECRETARY_ONLY),
    "officers:role_changes_done": Row(default=405),
}
