from django.conf import settings

from clp.core.access import access_for
from clp.dashboard.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "clp_name": settings.CLP_NAME}
    access = access_for(user)
    if access.needs_two_factor and not user.is_verified():
        # Before the code, every section would only send them back to the code page.
        return {"nav": [], "access": access, "clp_name": settings.CLP_NAME}
    return {"nav": entries_for(access, request.path), "access": access, "clp_name": settings.CLP_NAME}
