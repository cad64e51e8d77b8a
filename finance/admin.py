from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from finance.models import (
    BankAccount,
    Donation,
    LedgerEntry,
    Loan,
    PermissibilityCheck,
    QuarterlyReport,
    Signatory,
    Source,
    Threshold,
)


@admin.register(Threshold)
class ThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "effective_from", "value", "source"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category"]
    search_fields = ["name"]


@admin.register(Donation)
class DonationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "amount", "nature", "received_on", "branch"]
    list_select_related = ["source", "branch"]


@admin.register(Loan)
class LoanAdmin(SimpleHistoryAdmin):
    list_display = ["source", "kind", "amount", "made_on"]


@admin.register(PermissibilityCheck)
class PermissibilityCheckAdmin(SimpleHistoryAdmin):
    list_display = ["donation", "loan", "checked_on", "outcome"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["year", "quarter", "version", "submitted_at", "total"]
    exclude = ["pdf", "csv"]

    def has_change_permission(self, request, obj=None):
        return False  # a submitted report never changes


admin.site.register([LedgerEntry, BankAccount, Signatory])
