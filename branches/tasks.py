"""Background work for branches: importing a Membership Action Report."""

from celery import shared_task

from branches import progress, services
from branches.membership_report import ReportError
from branches.models import MembershipImport


@shared_task
def membership_import_run(report_id):
    """Import a confirmed report. Idempotent: only a queued report is claimed, once."""
    claimed = MembershipImport.objects.filter(pk=report_id, status=MembershipImport.Status.QUEUED).update(
        status=MembershipImport.Status.RUNNING
    )
    if claimed != 1:
        return
    try:
        services.membership_import_apply(
            report_id=report_id, on_progress=lambda done: progress.record(report_id, done)
        )
    except ReportError as exc:
        services.membership_import_fail(report_id=report_id, errors=exc.errors)
    except Exception:
        services.membership_import_fail(
            report_id=report_id, errors=[(0, "The import stopped unexpectedly; nothing was imported.")]
        )
        raise
    else:
        progress.clear(report_id)
