"""The production settings (clp.settings), as the benchmark serves them: DEBUG off, HTTPS on
behind a proxy on 127.0.0.1 (the load generator sends X-Forwarded-Proto: https, as the
TLS-terminating proxy would), static files collected and served by WhiteNoise, the cache
in Redis when REDIS_URL is set. Two differences, both outside what a page does: the URLs add
the floor (bench/urls.py), and demo passwords are hashed cheaply when the large CLP is built
(no benchmarked page hashes a password)."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "true")
os.environ.setdefault("BEHIND_PROXY", "true")
os.environ.setdefault("TRUSTED_PROXIES", "127.0.0.1")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "b3nch" * 10)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from clp.settings import *  # noqa: E402,F403
from clp.settings import BASE_DIR  # noqa: E402

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
