"""Demo motions: branches' carried motions submitted to the next General Meeting, one
amended, and conference rules already seeded by migration. Safe to run twice."""

from django.utils import timezone

from meetings.models import Decision, Meeting, Motion
from meetings.services import motions as motion_services

BUSES = "\n".join(
    [
        "This CLP notes that the county council has cut evening bus services across the constituency.",
        "This CLP believes that public transport is a public service, not a luxury.",
        "This CLP resolves to campaign for the evening services to be restored,",
        "and to ask our council group to raise the cuts at the next full council.",
    ]
)
LIBRARIES = "\n".join(
    [
        "This CLP notes the proposed closure of three branch libraries.",
        "This CLP resolves to support the local campaign to keep them open.",
    ]
)


def seed(context):
    meeting = (
        Meeting.objects.filter(kind="general", starts_at__gt=timezone.now()).order_by("starts_at").first()
    )
    if meeting is None or meeting.motions.exists() or meeting.reached(Meeting.Status.HELD):
        return
    branches = context.get("branches") or []
    motions = [("Evening buses", BUSES), ("Our libraries", LIBRARIES)]
    for branch, (title, text) in zip(branches, motions, strict=False):
        decision = (
            Decision.objects.filter(item__meeting__branch=branch, outcome="carried")
            .order_by("-item__meeting__starts_at")
            .first()
        )
        motion = motion_services.motion_submit(
            meeting=meeting,
            title=title,
            text=text,
            proposer=f"{branch.name} secretary",
            seconder=f"{branch.name} chair",
            submitted_from=Motion.From.BRANCH,
            branch=branch,
            source_decision=decision,
        )
        if title == "Evening buses":
            motion_services.amendment_propose(
                motion=motion,
                op="replace",
                first_line=2,
                last_line=2,
                text="This CLP believes that buses should be brought back into public ownership.",
                mover="A member of the Youth branch",
            )
