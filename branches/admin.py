from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.models import Branch, Ward


class WardInline(admin.TabularInline):
    model = Ward
    extra = 0


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "contact_email", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WardInline]
