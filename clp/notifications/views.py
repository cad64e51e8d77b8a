from django.shortcuts import render

from clp.notifications.models import Notification


def inbox(request):
    person = getattr(request.user, "person", None)
    items = Notification.objects.filter(person=person)[:50] if person else []
    return render(request, "notifications/inbox.html", {"items": items})
