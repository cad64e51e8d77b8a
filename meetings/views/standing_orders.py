"""The Standing Orders settings: quorum, notice, reminders, the longest meeting, per kind of
meeting and from a date."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from clp.core.access import require
from clp.core.forms import attempt
from meetings import selectors, services
from meetings.forms import StandingOrderForm
from meetings.models import Meeting, StandingOrder


@require("can_set_standing_orders")
def standing_orders(request):
    form = StandingOrderForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            services.standing_order_set,
            kind=data["kind"],
            effective_from=data["effective_from"],
            quorum_number=data["quorum_number"],
            quorum_fraction=data["quorum_fraction"],
            notice_days=data["notice_days"],
            branch_notice_days=data["branch_notice_days"],
            reminder_days=data["reminder_days"],
            action_reminder_days=data["action_reminder_days"],
            max_minutes=data["max_minutes"],
            source=data["source"],
            motion_deadline_days=data["motion_deadline_days"],
            motion_word_limit=data["motion_word_limit"],
            members_may_submit=data["members_may_submit"],
        )
        if ok:
            messages.success(request, "Standing Orders settings saved.")
            return redirect("meetings:standing_orders")
    rules_now = [selectors.standing_order_for(kind) for kind in Meeting.Kind.values]
    history = StandingOrder.objects.all()
    return render(
        request, "meetings/standing_orders.html", {"form": form, "rules": rules_now, "history": history}
    )
