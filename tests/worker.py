"""A real Celery worker on Redis, in its own process, sharing the test database.

Tests that are about tasks use `celery_worker`: it needs REDIS_URL (CI and `make test`
point it at the local Redis) and committed data (`transactional_db`).
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from clp.celery import app as celery_app


def _database_url():
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, queue, env):
        self.queue = queue
        self.env = env
        self.name = f"test-{queue}@localhost"
        self.proc = None

    def start(self, timeout=60):
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "clp",
            "worker",
            "-Q",
            self.queue,
            "-n",
            self.name,
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ]
        self.proc = subprocess.Popen(args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"The Celery worker exited: {self.proc.stdout.read().decode()[-3000:]}")
            if celery_app.control.ping(destination=[self.name], timeout=0.5):
                return self
        self.stop()
        raise RuntimeError("The Celery worker did not answer within a minute.")

    def stop(self, kill=False):
        if self.proc and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_for(condition, timeout=30, interval=0.2, message="condition"):
    """Poll `condition()` until it is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout}s waiting for {message}")


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A worker on the test database and Redis; the emails it sends are written to the
    folder `celery_worker.sink` (read them with tests.notifications.backends.sent_to_sink),
    and its cache is `celery_worker.caches` (a CACHES setting the test may share)."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: tests about tasks need a real Redis (make test sets it).")
    queue = f"q{uuid.uuid4().hex[:10]}"
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.task_default_queue, conf.broker_url)
    conf.task_always_eager = False
    conf.task_default_queue = queue
    sink = tmp_path / "mail-sink"
    sink.mkdir()
    # The worker's cache (Django's, on Redis) under a prefix of its own: a test that must see
    # what the worker puts there (an import's progress) sets `settings.CACHES = worker.caches`.
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{queue}",
        }
    }
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "MAIL_SINK": str(sink),
        "CACHE_KEY_PREFIX": caches["default"]["KEY_PREFIX"],
    }
    worker = Worker(queue, env).start()
    worker.sink = sink
    worker.caches = caches
    try:
        yield worker
    finally:
        worker.stop()
        conf.task_always_eager, conf.task_default_queue, conf.broker_url = saved
