"""Email backends for the tests: one that fails on cue, and a file sink a worker process
writes to so that the test can count what really went out."""

import json
import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class ScriptedBackend(LocmemBackend):
    """Like locmem, but raises the next exception in `ScriptedBackend.script` first."""

    script = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        return super().send_messages(messages)


class SinkBackend(BaseEmailBackend):
    """Writes each message as a JSON file in $MAIL_SINK. While $MAIL_SINK/hold exists it
    first writes `sending-<pid>` and waits, so that a test can kill the worker mid-send."""

    def send_messages(self, messages):
        sink = Path(os.environ["MAIL_SINK"])
        hold = sink / "hold"
        if hold.exists():
            (sink / f"sending-{os.getpid()}").write_text("")
            deadline = time.monotonic() + 120
            while hold.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        for message in messages:
            record = {
                "to": message.to,
                "subject": message.subject,
                "message_id": message.extra_headers.get("Message-ID"),
            }
            (sink / f"mail-{uuid.uuid4().hex}.json").write_text(json.dumps(record))
        return len(messages)


def sent_to_sink(sink):
    return [json.loads(p.read_text()) for p in Path(sink).glob("mail-*.json")]
