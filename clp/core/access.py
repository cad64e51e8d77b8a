"""How a view asks who may do what. The answers come from one module, `officers.access`
(named permissions derived from the posts held today), found through the ACCESS_PROVIDER
setting so that every layer can ask without importing a higher one.

    @require("can_keep_accounts")                    # a page: 403 with the reason, or the view
    def bank(request): ...

    meeting = object_for_user(request, Meeting.objects.all(), pk=pk,
                              reach="reaches_meeting", allow="can_edit_meeting")

`reach` false is a 404 (the object is outside the user's reach: nothing about it leaks);
`allow` false is a 403. Both name methods of the Access object.
"""

from functools import cache, wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string


@cache
def _provider():
    return import_string(settings.ACCESS_PROVIDER)


def access_for(user, on=None):
    """The Access of `user` on the date `on` (today by default)."""
    return _provider()(user, on)


def refusal(permission) -> str:
    """The plain-English reason a permission is refused."""
    refusals = import_string(settings.ACCESS_PROVIDER.rsplit(".", 1)[0] + ".REFUSALS")
    return refusals.get(permission, "Your current posts do not give you access to this.")


def forget_access(user):
    """After a change of who holds what (the Secretary may just have handed over), the
    next question about `user` is answered afresh."""
    user._access_cache = None


def require(permission):
    """View decorator: 403 with the permission's reason unless the logged-in user has the
    page-level `permission` (a property of Access) today."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not getattr(access_for(request.user), permission):
                raise PermissionDenied(refusal(permission))
            return view(request, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def object_for_user(request, queryset, *, reach, allow=None, **lookup):
    """The object of `queryset` matching `lookup`, or 404 unless the user reaches it
    (`access.<reach>(obj)`), or 403 unless they may do this to it (`access.<allow>(obj)`)."""
    access = access_for(request.user)
    obj = get_object_or_404(queryset, **lookup)
    if not getattr(access, reach)(obj):
        raise Http404("Not found.")
    if allow is not None and not getattr(access, allow)(obj):
        raise PermissionDenied(refusal(allow))
    return obj
