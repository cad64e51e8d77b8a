"""Forwarded headers, believed only from the proxy.

Behind a reverse proxy (BEHIND_PROXY), the proxy tells us who the client is
(X-Forwarded-For) and whether they came over HTTPS (X-Forwarded-Proto). Anyone can send
those headers, so they count only on a connection from one of TRUSTED_PROXIES; from any
other address they are dropped before anything reads them (the login lockout, the rate
limits, the HTTPS redirect, secure cookies). Without BEHIND_PROXY nobody is trusted.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_FORWARDED_FOR",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
)


@lru_cache(maxsize=8)
def _networks(trusted):
    return tuple(ipaddress.ip_network(a, strict=False) for a in trusted)


def from_trusted_proxy(remote_addr) -> bool:
    """Whether the connection comes from one of the proxies in TRUSTED_PROXIES."""
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


class ForwardedHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for key in FORWARDED:
                request.META.pop(key, None)
        return self.get_response(request)
