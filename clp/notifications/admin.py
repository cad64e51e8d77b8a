from django.contrib import admin

from clp.notifications.models import KindChoice, Notification, Preferences


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "person", "post", "status", "send_after", "sent_at"]
    list_filter = ["status", "kind", "fallback"]
    search_fields = ["key", "subject", "email"]
    raw_id_fields = ["person", "post"]
    # Issue 18: the outbox holds tens of thousands of rows. Each row's person and post (and
    # the post's branch, which its name includes) come in the changelist's one query, not
    # two more per row; and the count of every row (a second COUNT(*) over the whole table
    # when the list is filtered) is not taken: "Show all" still counts.
    list_select_related = ["person", "post__branch"]
    show_full_result_count = False


admin.site.register(Preferences, raw_id_fields=["person"])
admin.site.register(KindChoice, raw_id_fields=["person"])
