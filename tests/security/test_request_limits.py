"""An oversize request is refused from its Content-Length, before its body is read: through
Django (REQUEST_MAX_BYTES) and through gunicorn as production runs it."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.urls import reverse

from tests.worker import wait_for

pytestmark = pytest.mark.django_db


def test_a_post_larger_than_the_limit_is_refused_unread(client_for, secretary):
    client = client_for(secretary)
    too_big = settings.REQUEST_MAX_BYTES + 1
    # The test client's body is a few bytes: reading it as the length claims would fail the
    # test, so a 413 here means nothing read it.
    response = client.generic(
        "POST",
        reverse("meetings:index"),
        b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(too_big),
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "That is too large to send" in text and "25.0\xa0MB" in text
    assert response["Content-Security-Policy"]


def test_a_post_within_the_limit_reaches_the_page(client_for, secretary):
    response = client_for(secretary).post(reverse("meetings:index"), {"a": "b"})
    assert response.status_code != 413


def test_django_limits_fields_and_files(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn():
    """The production server with the production gunicorn.conf.py, on a free local port."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clp.settings_test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    args = [sys.executable, "-m", "gunicorn", "clp.wsgi:application", "--config", "gunicorn.conf.py"]
    proc = subprocess.Popen(
        args, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def answers():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return proc.poll() is not None

    try:
        wait_for(answers, timeout=60, message="gunicorn to listen")
        assert proc.poll() is None, "gunicorn exited"
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_gunicorn_answers_an_oversize_upload_before_it_is_sent(gunicorn):
    """150 MB announced, 1 KB sent: the answer comes at once, without waiting for the rest."""
    with socket.create_connection(("127.0.0.1", gunicorn), timeout=10) as s:
        head = (
            "POST /meetings/ HTTP/1.1\r\nHost: localhost\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {150 * 1024 * 1024}\r\n\r\n"
        )
        s.sendall(head.encode() + b"x" * 1024)
        started = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 10
