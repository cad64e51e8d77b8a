"""gunicorn settings for production (see docker-compose.yml).

Read from the environment, or from the .env file beside manage.py as the Django settings
read it, so that gunicorn and Django trust the same proxies.
"""

import os
from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parent / ".env", overwrite=False)


def _trusted_proxies():
    """The proxy addresses whose X-Forwarded-Proto gunicorn believes: TRUSTED_PROXIES when
    BEHIND_PROXY is true (as for Django, clp/settings.py), and nobody otherwise."""
    if os.environ.get("BEHIND_PROXY", "").strip().lower() not in {"1", "true", "yes", "on"}:
        return ""
    return os.environ.get("TRUSTED_PROXIES", "")


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
# A slow client cannot hold a worker: the request line and headers have limits here, and
# a body over REQUEST_MAX_MB is refused from its Content-Length before it is read
# (clp.core.limits); gunicorn then closes the connection rather than drain more than 64 KB.
keepalive = 2
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = _trusted_proxies()
