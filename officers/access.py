"""Who may do what: derived from the posts a person holds today, here and nowhere else.

A login's reach comes from the terms of office of its person on the day of the request.
When a term ends, the access it gave ends with it, with no manual step. The only flag set
by hand that counts is is_superuser, for the people who run the installation.

The rest of the code asks *named permissions* (pretix's idiom): `access.can_edit_meeting(m)`,
`access.can_record_donations`, `access.reaches_branch(branch)`. Views use them through
`clp.core.access` (`require("can_...")` for a page, `object_for_user(...)` for an object
named in the URL or in a form), which finds this module through the ACCESS_PROVIDER
setting, so that even the layers below officers (accounts, the reminders engine) can ask.
The facts permissions are derived from (the roles held, the branches, EC membership) are
read only in this module; tests/foundation/test_access_idiom.py fails if a view, template,
form, selector or dashboard reads one.

Two kinds of "no":
- `reaches_<object>` false: the object is outside the user's reach and must not leak, so
  the answer is 404 (another branch's meeting, donation or person);
- `can_<verb>_<object>` false on an object the user reaches: 403 with the reason.

This module imports only officers' own models, so that every app can use it (it sits with
officers in the layers; objects of higher apps are judged by their attributes: a meeting's
`branch_id` and `kind`, a donation's `branch_id`).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from officers.models import Person, Post, Term

Role = Post.Role

# The plain-English refusal for each page-level permission: `require` shows it on the 403 page.
REFUSALS = {
    # officers
    "can_use_officers": "The officer pages are for the CLP's officers, EC members and branch officers.",
    "can_manage_officers": "Only the Secretary may change the officer team.",
    "can_change_person": "Only the Secretary or the person themselves can change these details.",
    "can_try_appointments": "Only the Secretary or the Chair can try out election results.",
    # meetings
    "can_use_meetings": "Meetings are for the CLP's officers, EC members and branch officers.",
    "can_plan_meetings": "Only the Secretary, the Chair or a branch secretary plans meetings.",
    "can_set_standing_orders": "Only the Secretary or the Chair changes the Standing Orders settings.",
    "can_see_meeting": "Only members of the Executive Committee and CLP officers see CLP meetings.",
    "can_edit_meeting": (
        "Only the Secretary or the Chair (a branch's secretary for its meetings) can change this."
    ),
    "can_complete_action": "Only the owner of an action or the Secretary can tick it off.",
    # the events diary
    "can_see_diary": "The events diary is for the CLP's members.",
    "can_plan_events": "Only the CLP's officers and branch secretaries put events in the diary.",
    "can_edit_event": (
        "Only the event's organiser, the Secretary or the Chair (a branch's secretary for its "
        "events) can change it."
    ),
    # the development plan
    "can_see_plan": "The development plan is for the Executive Committee and the CLP's officers.",
    "can_manage_plan": "Only the Secretary or the Chair changes the development plan.",
    "can_update_target": (
        "Only the target's owner (whoever holds its post), the Secretary or the Chair updates it."
    ),
    # motions
    "can_use_motions": "Motions are for the CLP's members.",
    "can_read_motions": "Only those entitled to attend this meeting read its motions.",
    "can_read_motion": "Only those entitled to attend the meeting, and the branch that sent it, read it.",
    "can_submit_motion": (
        "Branch secretaries submit motions for their branch, and the Secretary for affiliates; "
        "members only where the Standing Orders allow it."
    ),
    "can_manage_motions": (
        "Only the Secretary or the Chair (a branch's secretary for its meetings) can do this."
    ),
    "can_edit_motion": (
        "Its submitters change a motion until the deadline; after it only the Secretary can."
    ),
    "can_accept_emergency_motion": "Only the Chair accepts an emergency motion.",
    "can_change_amendment": (
        "Only the amendment's mover, the motion's submitter or the Secretary can do this."
    ),
    "can_agree_agenda": "Only the Chair agrees the agenda (the Secretary may record it on their behalf).",
    "can_send_apologies": "Apologies are sent by people on the CLP's records, for themselves.",
    # branches
    "can_see_branches": "Only branch officers and the CLP's officers see branches.",
    "can_see_directory": "The directory is for current officers only.",
    "can_manage_directory": "Only the Secretary may do this.",
    "can_send_mailings": "Only the Secretary may do this.",
    "can_read_mailings": (
        "The branch mailing is for branch officers, EC delegates and affiliated organisations' delegates."
    ),
    "can_read_mailing": "This mailing was not sent to you.",
    "can_import_membership": (
        "Only the Secretary and the Membership Officer import the Membership Action Report."
    ),
    "can_see_follow_ups": "Follow-ups are for branch officers and the CLP's Secretary and Chair.",
    "can_work_follow_up": "Only the branch's officers and the Secretary follow up its members.",
    "can_work_branch_follow_ups": "Only the branch's officers and the Secretary follow up its members.",
    "can_export_branch_contacts": "Only the branch's officers and the Secretary export its contact lists.",
    # finance
    "can_open_finance": (
        "The finance pages are for the Treasurer, the Chair, CLP officers and branch treasurers."
    ),
    "can_see_finance_summary": "Only the CLP's officers see the finance summaries.",
    "can_record_donations": (
        "Only the Treasurer, the Chair and branch treasurers record donations and income."
    ),
    "can_keep_accounts": "Only the Treasurer and the Chair (as Deputy Treasurer) can do this.",
    "can_check_donation": "The Treasurer or the Chair records permissibility checks.",
    "can_set_budget": "Only the Treasurer and the Chair (as Deputy Treasurer) set the budget.",
    # accounts and notifications
    "can_see_outbox": "Only the Secretary sees the outbox.",
    "can_read_audit": "Only the Secretary and the Chair read the audit history.",
}


@dataclass(frozen=True)
class Access:
    # --- Facts: read only inside this module ---------------------------------------------
    person_id: int | None = None
    user_id: int | None = None
    person_branch_id: int | None = None  # the branch the person belongs to (as a member)
    is_superuser: bool = False
    roles: frozenset = frozenset()  # CLP-level roles held today
    branch_roles: dict = field(default_factory=dict)  # branch id -> frozenset of roles
    post_ids: frozenset = frozenset()  # every post held today (actions owned by a post)
    post_labels: tuple = ()  # their names as str(post) writes them, in the posts' order
    ec_member: bool = False
    clp_officer: bool = False  # holds any CLP-level post today
    member: bool = False  # a current member (not lapsed, resigned or a non-member)

    def _has(self, *roles):
        return self.is_superuser or any(role in self.roles for role in roles)

    @property
    def _secretary(self):
        return self._has(Role.SECRETARY)

    @property
    def _chair(self):
        return self._has(Role.CHAIR)

    @property
    def _sees_all_branches(self):
        return self._has(Role.SECRETARY, Role.CHAIR)

    def _branches_with(self, role):
        return frozenset(b for b, roles in self.branch_roles.items() if role in roles)

    # --- Who they are ------------------------------------------------------------------
    @property
    def holds_any_post(self):
        return bool(self.post_ids)

    @property
    def posts_held(self):
        """The posts held today, named as every page names them ("Secretary (Northgate)"),
        in the posts' own order."""
        return self.post_labels

    @property
    def needs_two_factor(self):
        """Those who hold money or see members' personal data (contact details, equality data).
        tests/security/test_two_factor.py checks this against what each page shows."""
        return (
            self._has(Role.SECRETARY, Role.CHAIR, Role.TREASURER, Role.EQUALITY_OFFICER)
            or Role.MEMBERSHIP_OFFICER in self.roles  # imports the Membership Action Report
            or bool(self.branch_roles)  # a branch's page lists its new and lapsed members' contacts
            or self.can_see_directory  # the directory shows officers' and delegates' contacts
        )

    @property
    def landing_branch_ids(self):
        """A branch secretary who holds no CLP post lands on their branch's page (the first of
        these); empty for everyone else (they land on the dashboard)."""
        if self.clp_officer or self.is_superuser:
            return frozenset()
        return self._branches_with(Role.BRANCH_SECRETARY)

    # --- Officers ----------------------------------------------------------------------
    @property
    def can_use_officers(self):
        return self.is_superuser or self.holds_any_post

    @property
    def can_manage_officers(self):
        """Posts, terms, people, rules, presets, handovers and AGM results: the Secretary."""
        return self._secretary

    @property
    def can_try_appointments(self):
        return self._has(Role.SECRETARY, Role.CHAIR)

    @property
    def can_see_rule_findings(self):
        """Findings name holders and their gender or age: only the Secretary, Chair and
        Equality officer see them in full; other officers see the status at a glance."""
        return self._has(Role.SECRETARY, Role.CHAIR, Role.EQUALITY_OFFICER)

    @property
    def roster_branch_ids(self):
        """The branches whose posts the roster shows: None for all."""
        return None if self._sees_all_branches else frozenset(self.branch_roles)

    @property
    def can_oversee_team(self):
        """The team's rule status, vacancies and handovers on the dashboard."""
        return self._has(Role.SECRETARY, Role.CHAIR)

    def reaches_post(self, post):
        return self.can_use_officers and (post.branch_id is None or self.reaches_branch_id(post.branch_id))

    def reaches_term(self, term):
        return self.reaches_post(term.post)

    def reaches_agm(self, agm):
        """The AGM's election records (nominations, eligibility, counts): the Secretary's."""
        return self.can_manage_officers

    def reaches_contest(self, contest):
        return self.reaches_agm(contest.agm)

    def reaches_nomination(self, nomination):
        return self.reaches_contest(nomination.contest)

    def reaches_person(self, person):
        """A person's page: themselves, the Secretary and Chair, the Equality officer, and the
        secretary of the person's branch."""
        return self.reaches_person_of(person.pk, person.branch_id)

    def reaches_person_of(self, person_id, branch_id):
        """reaches_person from the person's id and branch id (the roster's rows are not models)."""
        return (
            self.person_id == person_id
            or self._sees_all_branches
            or Role.EQUALITY_OFFICER in self.roles
            or (branch_id is not None and branch_id in self._branches_with(Role.BRANCH_SECRETARY))
        )

    def can_change_person(self, person):
        return self.person_id == person.pk or self._secretary

    def can_see_equality_data(self, person):
        """Special-category data (disability, ethnicity, LGBT+): the person, the Secretary and
        the Equality officer. Every look by someone else is logged."""
        return self.person_id == person.pk or self._secretary or Role.EQUALITY_OFFICER in self.roles

    def can_change_equality_data(self, person):
        return self.person_id == person.pk or self._secretary

    # --- Meetings ----------------------------------------------------------------------
    @property
    def can_use_meetings(self):
        """Anyone holding a post (CLP, EC or branch) may open the meetings pages."""
        return self.is_superuser or self.holds_any_post

    @property
    def can_send_apologies(self):
        """Anyone on the records sends (and withdraws) their own apologies; which meetings they
        are expected at is the meetings app's answer (meetings.selectors.meetings_expecting)."""
        return bool(self.person_id)

    @property
    def can_plan_meetings(self):
        return self._has(Role.SECRETARY, Role.CHAIR) or bool(self._branches_with(Role.BRANCH_SECRETARY))

    @property
    def plans_for_branch_ids(self):
        """The branches whose meetings they plan: None for all (the Secretary and Chair)."""
        if self._has(Role.SECRETARY, Role.CHAIR):
            return None
        return self._branches_with(Role.BRANCH_SECRETARY)

    @property
    def can_set_standing_orders(self):
        return self._has(Role.SECRETARY, Role.CHAIR)

    @staticmethod
    def _meeting_of(obj):
        """What meetings' permissions judge: a meeting, or anything on one by its meeting (an
        agenda item or attendance row by `.meeting`; a paper, action or decision by its item's)."""
        if getattr(obj, "item_id", None) is not None:
            obj = obj.item
        return obj.meeting if hasattr(obj, "meeting_id") else obj

    @property
    def expected_at_ec(self):
        """A post they hold today sits on the EC: they are expected at its meetings."""
        return self.ec_member

    @property
    def branches_served(self):
        """The branches whose posts they hold today: they are expected at those branches'
        meetings (as well as their own branch's, as a member)."""
        return frozenset(self.branch_roles)

    def reaches_meeting(self, meeting):
        """Another branch's meeting is out of reach (404); a CLP meeting is known to exist."""
        meeting = self._meeting_of(meeting)
        return meeting.branch_id is None or self.reaches_branch_id(meeting.branch_id)

    def can_see_meeting(self, meeting):
        meeting = self._meeting_of(meeting)
        if self._sees_all_branches:
            return True
        if meeting.branch_id:
            return meeting.branch_id in self.branch_roles
        return self.ec_member or self.clp_officer

    def can_edit_meeting(self, meeting):
        """The Secretary and the Chair run CLP meetings; a branch secretary runs their branch's."""
        meeting = self._meeting_of(meeting)
        if self.is_superuser:
            return True
        if meeting.branch_id:
            return meeting.branch_id in self._branches_with(Role.BRANCH_SECRETARY)
        return self._has(Role.SECRETARY, Role.CHAIR)

    def can_read_minutes(self, meeting):
        """Approved minutes of CLP meetings go to the branch secretaries and officers: whoever
        they are sent to may read them (and their PDF) here too, not only the EC."""
        meeting = self._meeting_of(meeting)
        if self.can_see_meeting(meeting):
            return True
        return meeting.branch_id is None and meeting.minutes_locked and bool(self.branch_roles)

    def can_agree_agenda(self, meeting):
        """The Chair agrees a CLP meeting's agenda; a branch's chair their branch's. (Whoever
        runs the meeting may record the agreement on the Chair's behalf.)"""
        meeting = self._meeting_of(meeting)
        if meeting.branch_id:
            return meeting.branch_id in self._branches_with(Role.BRANCH_CHAIR)
        return self._has(Role.CHAIR)

    def can_complete_action(self, action):
        """The owner of an action (by name or by post), or whoever runs its meeting."""
        owns = action.owner_person_id == self.person_id or action.owner_post_id in self.post_ids
        return owns or self.can_edit_meeting(action.item.meeting)

    def meetings_scope(self) -> Q:
        """A filter on Meeting for the meetings they see (lists, the calendar feed)."""
        if self._sees_all_branches:
            return Q()
        q = Q(pk__in=[])
        if self.ec_member or self.clp_officer:
            q |= Q(branch__isnull=True)
        if self.branch_roles:
            q |= Q(branch_id__in=self.branch_roles)
        return q

    # --- Motions -------------------------------------------------------------------------
    @property
    def can_use_motions(self):
        """Every member may read the motions of the meetings they are entitled to attend."""
        return self.is_superuser or self.person_id is not None

    def can_read_motions(self, meeting):
        """Everyone entitled to attend the meeting: any member for a General Meeting or AGM,
        the branch's members for a branch meeting, whoever sees the meeting otherwise (the EC)."""
        meeting = self._meeting_of(meeting)
        if self.can_see_meeting(meeting):
            return True
        if meeting.branch_id:
            return self.person_branch_id == meeting.branch_id
        return meeting.kind in ("general", "agm") and self.person_id is not None

    def motions_scope(self) -> Q:
        """A filter on Motion for the motions they may read: can_read_motion in SQL (the
        register filters a year's motions by it instead of asking of each one)."""
        if self._sees_all_branches:
            return Q()
        branches = list(self.branch_roles)
        q = Q(branch_id__in=branches) | Q(meeting__branch_id__in=branches)
        if self.ec_member or self.clp_officer:
            q |= Q(meeting__branch__isnull=True)
        if self.person_branch_id is not None:
            q |= Q(meeting__branch_id=self.person_branch_id)
        if self.person_id is not None:
            q |= Q(meeting__branch__isnull=True, meeting__kind__in=["general", "agm"])
        return q

    @staticmethod
    def _motion_of(obj):
        """A motion, or what hangs on one (an amendment, an onward sending) by its motion."""
        return obj.motion if hasattr(obj, "motion_id") else obj

    def reaches_meeting_motions(self, meeting):
        """A meeting's motions: as far as they reach the meeting, and their own branch's."""
        meeting = self._meeting_of(meeting)
        own = meeting.branch_id is not None and meeting.branch_id == self.person_branch_id
        return own or self.reaches_meeting(meeting)

    def reaches_motion(self, motion):
        """A motion (or its amendment or sending) is out of reach with its meeting, unless it
        came from their branch."""
        motion = self._motion_of(motion)
        return self.reaches_meeting_motions(motion.meeting) or self.reaches_branch_id(motion.branch_id)

    def can_read_motion(self, motion):
        """Those entitled to attend, and the officers of the branch that submitted it (they
        follow where it went)."""
        motion = self._motion_of(motion)
        return self.can_read_motions(motion.meeting) or motion.branch_id in self.branch_roles

    @property
    def motion_branch_ids(self):
        """The branches they submit motions for: None for all (the Secretary and Chair)."""
        if self._has(Role.SECRETARY, Role.CHAIR):
            return None
        return self._branches_with(Role.BRANCH_SECRETARY)

    @property
    def can_submit_for_affiliates(self):
        return self._has(Role.SECRETARY, Role.CHAIR)

    def can_submit_motion(self, meeting):
        """Branch secretaries for their branch (to the CLP, or to their own branch's meeting),
        the Secretary and Chair for anyone, members where the Standing Orders allow it
        (`meeting.members_may_submit`, set from them by the caller)."""
        meeting = self._meeting_of(meeting)
        if not self.can_read_motions(meeting):
            return False
        if self.can_edit_meeting(meeting):
            return True
        if meeting.branch_id is None and self._branches_with(Role.BRANCH_SECRETARY):
            return True
        return bool(getattr(meeting, "members_may_submit", False)) and self.person_id is not None

    def can_manage_motions(self, obj):
        """Agenda, votes, onward sending, compositing: whoever runs the meeting (of a meeting,
        or of a motion, amendment or sending)."""
        obj = self._motion_of(obj)
        return self.can_edit_meeting(obj.meeting if hasattr(obj, "meeting_id") else obj)

    def _owns_motion(self, motion):
        return (motion.submitted_by_id is not None and motion.submitted_by_id == self.user_id) or (
            motion.branch_id in self._branches_with(Role.BRANCH_SECRETARY)
        )

    def can_edit_motion(self, motion):
        """Its submitters (who submitted it, or their branch's secretary) until the deadline
        (`motion.deadline`, the last day); after it, whoever manages the meeting's motions."""
        if motion.status != "submitted":
            return False
        if self.can_manage_motions(motion.meeting):
            return True
        return self._owns_motion(motion) and timezone.localdate() <= motion.deadline

    def can_accept_emergency_motion(self, motion):
        meeting = motion.meeting
        if meeting.branch_id:
            roles = self.branch_roles.get(meeting.branch_id, frozenset())
            return self.is_superuser or Role.BRANCH_CHAIR in roles
        return self._chair

    def can_change_amendment(self, amendment):
        """Withdraw it (its mover) or accept it as friendly (the motion's submitter)."""
        mine = amendment.submitted_by_id is not None and amendment.submitted_by_id == self.user_id
        return (
            mine or self._owns_motion(amendment.motion) or self.can_manage_motions(amendment.motion.meeting)
        )

    # --- The events diary ----------------------------------------------------------------
    @property
    def can_see_diary(self):
        """The diary, members-only events included: current members and anyone holding a post."""
        return self.is_superuser or self.member or self.holds_any_post

    @property
    def can_plan_events(self):
        return self.is_superuser or self.clp_officer or bool(self._branches_with(Role.BRANCH_SECRETARY))

    @property
    def events_branch_ids(self):
        """The branches whose events they put in the diary: None for all (CLP officers may
        also put CLP-wide events in; a branch secretary only their branch's)."""
        if self.is_superuser or self._has(Role.SECRETARY, Role.CHAIR):
            return None
        return self._branches_with(Role.BRANCH_SECRETARY)

    @property
    def plans_clp_events(self):
        return self.is_superuser or self.clp_officer

    def reaches_event(self, event):
        """A public event is for anyone; a members-only one for members and post holders."""
        return event.is_public or self.can_see_diary

    def can_edit_event(self, event):
        if self.is_superuser or self._has(Role.SECRETARY, Role.CHAIR):
            return True
        if event.organiser_post_id in self.post_ids or (
            self.person_id is not None and event.organiser_person_id == self.person_id
        ):
            return True
        if event.branch_id:
            return event.branch_id in self._branches_with(Role.BRANCH_SECRETARY)
        return False

    # --- The development plan ------------------------------------------------------------
    @property
    def can_see_plan(self):
        return self.is_superuser or self.clp_officer or self.ec_member

    @property
    def can_manage_plan(self):
        return self._has(Role.SECRETARY, Role.CHAIR)

    def reaches_target(self, target):
        return self.can_see_plan or target.owner_id in self.post_ids

    def can_update_target(self, target):
        """The owner is a post: whoever holds it today (so it follows a handover)."""
        return target.owner_id in self.post_ids or self.can_manage_plan

    @property
    def owned_post_ids(self):
        """The posts whose targets and actions are theirs today (the dashboard)."""
        return self.post_ids

    # --- Branches and the directory ----------------------------------------------------
    @property
    def can_see_branches(self):
        return self._sees_all_branches or bool(self.branch_roles)

    @property
    def visible_branch_ids(self):
        """The branches whose pages they open: None for all."""
        return None if self._sees_all_branches else frozenset(self.branch_roles)

    def reaches_branch_id(self, branch_id):
        return self._sees_all_branches or branch_id in self.branch_roles

    def reaches_branch(self, branch):
        return self.reaches_branch_id(branch.pk)

    @property
    def can_see_directory(self):
        """Any current CLP or branch officer or EC member."""
        return self.is_superuser or self.clp_officer or self.ec_member or bool(self.branch_roles)

    @property
    def can_manage_directory(self):
        """Affiliates and their delegates: the Secretary."""
        return self._secretary

    @property
    def can_send_mailings(self):
        return self._secretary

    def reaches_mailing(self, mailing):
        """A sent mailing for anyone who sees branches; a draft for the Secretary only."""
        return not mailing.is_draft or self._secretary

    @cached_property
    def _affiliate_delegate(self):
        """A delegate of an affiliated organisation today (asked only by the mailing pages)."""
        if not self.person_id:
            return False
        delegates = apps.get_model("branches", "AffiliateDelegate").objects  # branches sits above
        return delegates.current(timezone.localdate()).filter(person_id=self.person_id).exists()

    @property
    def can_read_mailings(self):
        """Whoever a mailing may go to: branch officers (and the Secretary and Chair), EC
        members and affiliated organisations' delegates."""
        return self.can_see_branches or self.ec_member or self._affiliate_delegate

    def can_read_mailing(self, mailing):
        """Every link in a mailing leads to its page: whoever it was sent to opens it. Branch
        officers read every sent mailing (their branch page lists them)."""
        if mailing.is_draft:
            return self._secretary
        if self.can_see_branches:
            return True
        audiences = set(mailing.audiences)
        return ("ec_delegates" in audiences and self.ec_member) or (
            "affiliate_delegates" in audiences and self._affiliate_delegate
        )

    @property
    def can_import_membership(self):
        return self._secretary or Role.MEMBERSHIP_OFFICER in self.roles

    # --- Follow-ups of members (new, lapsing, lapsed, resigned) -------------------------
    @property
    def can_see_follow_ups(self):
        """Branch officers see their branch's; the Secretary and Chair every branch's."""
        return self.can_see_branches

    def reaches_follow_up(self, follow_up):
        return self.reaches_branch_id(follow_up.branch_id)

    def can_work_branch_follow_ups(self, branch):
        """Assign, record contacts, open one by hand: the branch's officers and the Secretary."""
        return self._secretary or branch.pk in self.branch_roles

    def can_work_follow_up(self, follow_up):
        return self._secretary or follow_up.branch_id in self.branch_roles

    def can_export_branch_contacts(self, branch):
        """The branch's list of members to contact (CSV, call sheet): its officers, the Secretary."""
        return self.can_work_branch_follow_ups(branch)

    @property
    def officer_of_branch_ids(self):
        """The branches where they hold a post today (their branch on the dashboard)."""
        return frozenset(self.branch_roles)

    # --- Finance -----------------------------------------------------------------------
    @property
    def can_keep_accounts(self):
        """The Treasurer, and the Chair as Deputy Treasurer: checks, loans, reports, bank."""
        return self._has(Role.TREASURER, Role.CHAIR)

    @property
    def can_see_finance_summary(self):
        return self.can_keep_accounts or self.clp_officer or self.is_superuser

    @property
    def can_record_donations(self):
        """Donations and income: the Treasurer, the Chair, a branch treasurer for their branch."""
        return self.can_keep_accounts or bool(self._branches_with(Role.BRANCH_TREASURER))

    @property
    def can_open_finance(self):
        return self.can_see_finance_summary or self.can_record_donations

    @property
    def finance_branch_ids(self):
        """The branches whose money they record: None for the whole CLP (Treasurer, Chair)."""
        return None if self.can_keep_accounts else self._branches_with(Role.BRANCH_TREASURER)

    def reaches_money_record(self, record):
        """A donation, loan, ledger entry or bank account (anything with a `branch_id`): the
        Treasurer and Chair reach all, a branch treasurer their own branch's (anything else is
        a 404)."""
        ids = self.finance_branch_ids
        return ids is None or record.branch_id in ids

    def can_check_donation(self, donation):
        """The permissibility check (PPERA s.56) is the Treasurer's, with the Chair as Deputy;
        a branch treasurer records their branch's donations but does not check them."""
        return self.can_keep_accounts

    @property
    def can_set_budget(self):
        return self.can_keep_accounts

    @property
    def can_see_signatories(self):
        """Who may sign for the CLP's money: the Treasurer, the Chair and the Secretary, who
        keep the bank mandate. Other officers see how many signatories each account has."""
        return self._has(Role.TREASURER, Role.CHAIR) or self._secretary

    def reaches_signatory(self, signatory):
        """A bank account's signatory: as far as they reach the account."""
        return self.reaches_money_record(signatory.account)

    # --- Accounts and notifications ----------------------------------------------------
    @property
    def can_see_outbox(self):
        return self._secretary

    @property
    def can_read_audit(self):
        return self._has(Role.SECRETARY, Role.CHAIR)


NOBODY = Access()


def access_for(user, on=None) -> Access:
    """The access `user` has on the date `on` (today in Europe/London by default): the
    ACCESS_PROVIDER. Call it as clp.core.access.access_for.

    Cached on the user object for the request.
    """
    if user is None or not user.is_authenticated:
        return NOBODY
    on = on or timezone.localdate()
    cache = getattr(user, "_access_cache", None)
    if cache is not None and cache[0] == on:
        return cache[1]
    person = getattr(user, "person", None)
    person_id = getattr(person, "pk", None)
    member = getattr(person, "membership_status", None) in {
        Person.Status.MEMBER,
        Person.Status.NEW,
        Person.Status.ARREARS,
    }
    roles, branch_roles, post_ids, held = set(), {}, set(), []
    ec_member = clp_officer = False
    if person_id:
        terms = Term.objects.current(on).filter(person_id=person_id).select_related("post__branch")
        for term in terms:
            post = term.post
            if post.pk not in post_ids:
                branch = post.branch.name if post.branch_id else None
                held.append(((post.scope, branch or "", post.order, post.name), str(post)))
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
        user_id=user.pk,
        person_branch_id=getattr(getattr(user, "person", None), "branch_id", None),
        is_superuser=user.is_superuser,
        roles=frozenset(roles),
        branch_roles={k: frozenset(v) for k, v in branch_roles.items()},
        post_ids=frozenset(post_ids),
        post_labels=tuple(label for _, label in sorted(held)),
        ec_member=ec_member,
        clp_officer=clp_officer,
        member=member,
    )
    user._access_cache = (on, access)
    return access
