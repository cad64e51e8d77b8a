from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from officers.models import BalanceRule, Handover, Person, Post, Term


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    # Equality data is special-category: seen only in the product, where every look is logged.
    exclude = ["disability", "ethnicity", "lgbt"]
    list_display = ["full_name", "email", "branch", "membership_number", "membership_status"]
    list_filter = ["branch", "membership_status"]
    search_fields = ["first_name", "last_name", "email", "membership_number"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["name", "scope", "branch", "kind", "role", "ec_membership", "max_holders", "order"]
    list_filter = ["scope", "kind", "ec_membership"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["person", "post", "starts_on", "ends_on", "how"]
    list_filter = ["post"]


@admin.register(BalanceRule)
class BalanceRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "minimum", "age", "hard", "active", "preset"]
    list_filter = ["kind", "active", "preset"]
    filter_horizontal = ["posts"]


@admin.register(Handover)
class HandoverAdmin(SimpleHistoryAdmin):
    list_display = ["post", "changed_on", "incoming", "outgoing", "done_at"]
