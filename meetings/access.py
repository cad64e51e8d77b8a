"""Who may see and change which meeting, from officers.access (the posts held today)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def uses_meetings(access):
    """Anyone holding a post (CLP, EC or branch) may open the meetings pages."""
    return access.is_superuser or access.holds_any_post


def can_see(access, meeting):
    if access.is_superuser or access.sees_all_branches:
        return True
    if meeting.branch_id:
        return meeting.branch_id in access.branch_ids
    return access.ec_member or access.clp_officer


def can_read_minutes(access, meeting):
    """Approved minutes of CLP meetings go to the branch secretaries and officers: whoever
    they are sent to may read them (and their PDF) here too, not only the EC."""
    if can_see(access, meeting):
        return True
    return meeting.is_clp and meeting.minutes_locked and bool(access.branch_ids)


def check_read_minutes(access, meeting):
    if not can_read_minutes(access, meeting):
        check_see(access, meeting)


def can_edit(access, meeting):
    """The Secretary and the Chair run CLP meetings; a branch secretary runs their branch's."""
    if access.is_superuser:
        return True
    if meeting.branch_id:
        return meeting.branch_id in access.branch_secretary_of
    return access.is_secretary or access.is_chair


def can_plan(access):
    return access.is_superuser or access.is_secretary or access.is_chair or bool(access.branch_secretary_of)


def check_see(access, meeting):
    """404 for another branch's meeting (nothing leaks), 403 for a CLP meeting out of reach."""
    if can_see(access, meeting):
        return
    if meeting.branch_id:
        raise Http404("No such meeting.")
    raise PermissionDenied("Only members of the Executive Committee and CLP officers see CLP meetings.")


def check_edit(access, meeting):
    check_see(access, meeting)
    if not can_edit(access, meeting):
        raise PermissionDenied(
            "Only the Secretary or the Chair (a branch's secretary for its meetings) can change this."
        )
