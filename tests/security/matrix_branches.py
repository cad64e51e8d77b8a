"""Rows for branches: branch pages (another branch is a 404), the directory (officers only),
affiliates, Membership Action Report imports and mailings (the Secretary)."""

from django.core.files.base import ContentFile

from branches.models import MailingAttachment
from tests.factories.branches import (
    AffiliateDelegateFactory,
    FollowUpFactory,
    MailingFactory,
    MembershipImportFactory,
)
from tests.security.matrix import Row, everyone

# Who sees branches: the Secretary and Chair (all of them) and branch officers (their own).
BRANCH_VIEWERS = {"secretary": 200, "chair": 200, "branch_secretary_a": 200, "branch_secretary_b": 200}
# The directory: current officers and EC members; not plain members nor former officers.
OFFICERS = {**BRANCH_VIEWERS, "treasurer": 200, "ec_member": 200}


def build(world):
    world.delegate = AffiliateDelegateFactory()
    world.report = MembershipImportFactory(uploaded_by=world.secretary.user)
    world.sent_mailing = MailingFactory(sent=True)
    world.draft_mailing = MailingFactory()
    world.follow_up = FollowUpFactory(branch=world.branch_a)
    world.attachment = MailingAttachment(
        mailing=world.sent_mailing, title="Leaflet", content_type="application/pdf", size=9
    )
    world.attachment.file.save("leaflet.pdf", ContentFile(b"%PDF-1.4\n"), save=True)


ROWS = {
    "branches:index": Row(**BRANCH_VIEWERS),
    "branches:detail": Row(
        kwargs=lambda w: {"slug": w.branch_a.slug},
        secretary=200,
        chair=200,
        branch_secretary_a=200,
        branch_secretary_b=404,  # another branch: nothing leaks
    ),
    "branches:directory": Row(**OFFICERS),
    "branches:directory_csv": Row(**OFFICERS),
    "branches:directory_pdf": Row(**OFFICERS),
    "branches:directory_choice": everyone(),
    "branches:affiliates": Row(**OFFICERS),
    "branches:affiliate_create": Row(secretary=200),
    "branches:delegate_add": Row(kwargs=lambda w: {"pk": w.delegate.affiliate_id}, secretary=200),
    "branches:delegate_end": Row(kwargs=lambda w: {"pk": w.delegate.pk}, default=405),
    "branches:import_upload": Row(secretary=200),
    "branches:import_detail": Row(kwargs=lambda w: {"pk": w.report.pk}, secretary=200),
    "branches:import_confirm": Row(kwargs=lambda w: {"pk": w.report.pk}, default=405),
    "branches:import_progress": Row(kwargs=lambda w: {"pk": w.report.pk}, secretary=200),
    "branches:mailing_list": Row(secretary=200),
    "branches:mailing_create": Row(secretary=200),
    "branches:mailing_detail": Row(kwargs=lambda w: {"pk": w.sent_mailing.pk}, **BRANCH_VIEWERS),
    "branches:mailing_edit": Row(kwargs=lambda w: {"pk": w.draft_mailing.pk}, secretary=200),
    "branches:mailing_send": Row(kwargs=lambda w: {"pk": w.draft_mailing.pk}, default=405),
    "branches:mailing_progress": Row(kwargs=lambda w: {"pk": w.sent_mailing.pk}, secretary=200),
    "branches:mailing_attachment_add": Row(kwargs=lambda w: {"pk": w.draft_mailing.pk}, secretary=302),
    "branches:mailing_attachment": Row(kwargs=lambda w: {"pk": w.attachment.pk}, **BRANCH_VIEWERS),
    "branches:attachment_remove": Row(kwargs=lambda w: {"pk": w.attachment.pk}, default=405),
    # Follow-ups: a branch's officers work theirs; the Secretary every branch's; the Chair looks.
    "branches:follow_ups": Row(**BRANCH_VIEWERS),
    "branches:follow_up": Row(
        kwargs=lambda w: {"pk": w.follow_up.pk}, **{**BRANCH_VIEWERS, "branch_secretary_b": 404}
    ),
    "branches:follow_up_assign": Row(kwargs=lambda w: {"pk": w.follow_up.pk}, default=405),
    "branches:follow_up_contact": Row(kwargs=lambda w: {"pk": w.follow_up.pk}, default=405),
    **{
        name: Row(
            kwargs=lambda w: {"slug": w.branch_a.slug},
            secretary=200,
            chair=403,  # sees the branch, does not work its lists
            branch_secretary_a=200,
            branch_secretary_b=404,
        )
        for name in ("branches:follow_up_new", "branches:contacts_csv", "branches:call_sheet")
    },
}
