"""Rows for branches: branch pages (another branch is a 404), the directory (officers only),
affiliates, Membership Action Report imports and mailings (the Secretary)."""

from tests.factories.branches import AffiliateDelegateFactory, MailingFactory, MembershipImportFactory
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
}
