from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    Mailing,
    MembershipImport,
    Ward,
)


class WardInline(admin.TabularInline):
    model = Ward
    extra = 0


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "contact_email", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WardInline]


class AffiliateDelegateInline(admin.TabularInline):
    model = AffiliateDelegate
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Affiliate)
class AffiliateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "delegates_allowed"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [AffiliateDelegateInline]


@admin.register(DirectoryChoice)
class DirectoryChoiceAdmin(admin.ModelAdmin):
    list_display = ["person", "show_email", "show_phone", "show_address", "updated_at"]
    autocomplete_fields = ["person"]


@admin.register(MembershipImport)
class MembershipImportAdmin(SimpleHistoryAdmin):
    list_display = ["filename", "status", "total_rows", "created_at", "imported_at"]
    list_filter = ["status"]
    exclude = ["content"]
    readonly_fields = [
        "filename",
        "status",
        "total_rows",
        "processed_rows",
        "summary",
        "errors",
        "uploaded_by",
    ]


@admin.register(Mailing)
class MailingAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "status", "created_at", "sent_at", "recipients"]
    list_filter = ["status"]
    readonly_fields = ["status", "sent_at", "recipients", "business", "meeting"]
