from django.conf import settings

from clp.core.navigation import entries_for
from officers.access import access_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "clp_name": settings.CLP_NAME}
    access = access_for(user)
    return {"nav": entries_for(access, request.path), "access": access, "clp_name": settings.CLP_NAME}
