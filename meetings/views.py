from django.shortcuts import get_object_or_404, render

from meetings.models import Meeting


def index(request):
    return render(request, "meetings/index.html")


def detail(request, pk):
    # Placeholder until the meetings issue lands: it replaces this with a checked view.
    meeting = get_object_or_404(Meeting, pk=pk)
    return render(request, "meetings/detail.html", {"meeting": meeting})
