from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from clp.core.dashboard import panels_for
from officers.access import access_for
from officers.models import Post


def home(request):
    """The dashboard: what needs this person's attention today, by the posts they hold."""
    access = access_for(request.user)
    person = getattr(request.user, "person", None)
    posts = Post.objects.filter(pk__in=access.post_ids).select_related("branch")
    context = {"person": person, "posts": posts, "panels": panels_for(request, access)}
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
