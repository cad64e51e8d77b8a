from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from branches.models import Branch
from clp.core.access import access_for
from clp.dashboard.panels import panels_for


def home(request):
    """The dashboard: what needs this person's attention today, by the posts they hold."""
    access = access_for(request.user)
    if access.landing_branch_ids:
        # A branch secretary who holds only branch posts lands on their branch's page.
        branch = Branch.objects.filter(pk__in=access.landing_branch_ids).first()
        return redirect("branches:detail", slug=branch.slug)
    person = getattr(request.user, "person", None)
    context = {
        "person": person,
        "posts": access.posts_held,  # read with the posts held (they were a query of their own)
        # Nobody to explain it to an administrator, who holds no post by design.
        "holds_nothing": not access.can_use_officers,
        "panels": panels_for(request, access),
    }
    return render(request, "dashboard/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
