from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Action, AgendaItem, Decision, Meeting, MinutesAmendment, StandingOrder


@admin.register(StandingOrder)
class StandingOrderAdmin(SimpleHistoryAdmin):
    list_display = [
        "kind",
        "effective_from",
        "quorum_number",
        "quorum_fraction",
        "notice_days",
        "branch_notice_days",
    ]
    list_filter = ["kind"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "branch", "starts_at", "status"]
    list_filter = ["kind", "status", "branch"]


admin.site.register([AgendaItem, Decision, Action, MinutesAmendment], SimpleHistoryAdmin)
