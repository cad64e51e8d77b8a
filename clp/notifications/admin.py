from django.contrib import admin

from clp.notifications.models import KindChoice, Notification, Preferences


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "person", "post", "status", "send_after", "sent_at"]
    list_filter = ["status", "kind", "fallback"]
    search_fields = ["key", "subject", "email"]
    raw_id_fields = ["person", "post"]


admin.site.register(Preferences, raw_id_fields=["person"])
admin.site.register(KindChoice, raw_id_fields=["person"])
