"""Every key page of the large CLP under load, served by gunicorn as in production, measured
with wrk against the floor (a trivial page behind the same middleware) and against the
Django admin's changelist of the same objects, in one interleaved run.

    python -m bench.pages [--rounds 5] [--seconds 3] [--connections 8]

Each round measures every page once, in the same order (floor first), for --seconds each;
a page's p50, p99 and requests per second are the medians over the rounds, and its ratios
are to the floor's and its admin changelist's medians. The gunicorn workers' memory is read
after the first round and at the end (more than 10,000 requests later)."""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.build import LAST_EC, MOTION, NEXT_EC, next_general_meeting

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
    .. '"errors": %d, "bad_status": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""
ROUNDS = 5  # the issue measured the median of 5 interleaved rounds
MEMORY_REQUESTS = 10_000
MEMORY_GROWTH_LIMIT = 0.10  # "flat": under 10% more resident memory


class ServerError(Exception):
    """The server could not be started (the message says why)."""


# --- who and what ---------------------------------------------------------------------------

ROLES = {
    "secretary": "secretary@demo.clp.test",
    "treasurer": "treasurer@demo.clp.test",
    "chair": "chair@demo.clp.test",
    "branch secretary": "northgate.secretary@demo.clp.test",
    "member": "member@demo.clp.test",
    "delegate": "delegate@demo.clp.test",
    "admin": "admin@demo.clp.test",
}


def pages():
    """(name, role, path, admin changelist it is compared with or None), in run order."""
    import datetime

    from django.db.models import Count
    from django.urls import reverse

    from meetings.models import Meeting, Motion
    from officers.elections.models import Agm, Contest
    from officers.models import Plan

    today = datetime.date.today()
    last_q_end = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - datetime.timedelta(days=1)
    year, quarter = last_q_end.year, (last_q_end.month - 1) // 3 + 1
    agenda = Meeting.objects.filter(title=NEXT_EC).values_list("pk", flat=True).first()
    minutes = Meeting.objects.filter(title=LAST_EC).values_list("pk", flat=True).first()
    general = next_general_meeting()
    motion = Motion.objects.filter(title=MOTION).values_list("pk", flat=True).first()
    plan = Plan.objects.order_by("-starts_on").values_list("pk", flat=True).first()
    agm = Agm.objects.filter(in_office_at=None).order_by("held_on").values_list("pk", flat=True).first()
    contest = Contest.objects.filter(agm_id=agm).annotate(n=Count("nominations")).order_by("-n", "pk").first()
    rows = [
        ("floor", "secretary", "/bench/floor/", None),
        ("dashboard: Secretary", "secretary", reverse("home"), None),
        ("dashboard: Treasurer", "treasurer", reverse("home"), None),
        ("dashboard: Chair", "chair", reverse("home"), None),
        (
            "dashboard: EC delegate",
            "delegate",
            reverse("home"),
            None,
        ),  # a branch secretary lands on the branch page
        ("dashboard: member", "member", reverse("home"), None),
        ("officer team", "secretary", reverse("officers:index"), None),
        ("branch page", "branch secretary", reverse("branches:detail", args=["northgate"]), None),
        ("directory", "secretary", reverse("branches:directory"), None),
        ("meetings list", "secretary", reverse("meetings:index"), "admin: meetings"),
        ("agenda, 60 items", "secretary", reverse("meetings:detail", args=[agenda]), None),
        ("minutes, 60 items", "secretary", reverse("meetings:minutes", args=[minutes]), None),
        ("action tracker", "secretary", reverse("meetings:actions"), "admin: actions"),
        ("donations list", "treasurer", reverse("finance:donations"), "admin: donations"),
        ("quarterly report", "treasurer", reverse("finance:report", args=[year, quarter]), None),
        ("report: its groups", "treasurer", reverse("finance:report_groups", args=[year, quarter]), None),
        ("totals per source", "treasurer", reverse("finance:totals"), None),
        ("finance overview", "treasurer", reverse("finance:index"), None),
        ("inbox", "secretary", reverse("notifications:inbox"), None),
        ("outbox", "secretary", reverse("notifications:outbox"), "admin: notifications"),
        ("audit history", "secretary", reverse("accounts:audit"), None),
        # The pages of issues 13, 15, 16, 17 and 19.
        ("attendance, last EC", "secretary", reverse("meetings:attendance", args=[minutes]), None),
        ("motions, next GM", "secretary", reverse("meetings:motions", args=[general.pk]), None),
        ("motion, 3 amendments", "secretary", reverse("meetings:motion", args=[motion]), None),
        ("motion register", "secretary", reverse("meetings:motion_register"), None),
        ("development plan", "secretary", reverse("officers:plan_detail", args=[plan]), None),
        ("events diary", "secretary", reverse("meetings:diary"), None),
        ("budget report", "treasurer", reverse("finance:budget_report", args=[today.year]), None),
        ("budget", "treasurer", reverse("finance:budget", args=[today.year]), None),
        ("follow-ups: a branch", "branch secretary", reverse("branches:follow_ups"), None),
        ("follow-ups: every branch", "secretary", reverse("branches:follow_ups"), None),
        ("role changes", "secretary", reverse("officers:role_changes"), None),
        ("AGM", "secretary", reverse("officers:agm_detail", args=[agm]), None),
        ("AGM: a contest", "secretary", reverse("officers:contest_ballot", args=[contest.pk]), None),
        ("admin: meetings", "admin", "/admin/meetings/meeting/", None),
        ("admin: actions", "admin", "/admin/meetings/action/", None),
        ("admin: donations", "admin", "/admin/finance/donation/", None),
        ("admin: notifications", "admin", "/admin/notifications/notification/", None),
    ]
    return rows


def sessions():
    """A logged-in (and two-factor verified) session cookie for each role, made directly in
    the session store as a login would."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from clp.accounts.models import User

    cookies = {}
    for role, email in ROLES.items():
        user = User.objects.get(email=email)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device:
            store["otp_device_id"] = device.persistent_id
        store.create()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    return cookies


# --- the server -----------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on gunicorn.conf.py (production's), DJANGO_SETTINGS_MODULE=bench.settings."""

    def __init__(self, workers=2, threads=None, log_dir=None):
        self.port = _free_port()
        self.workers, self.threads = workers, threads
        self.log = Path(log_dir or tempfile.gettempdir()) / f"bench-gunicorn-{self.port}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        if not gunicorn:
            raise ServerError(
                f"gunicorn is not installed beside {sys.executable} (pip install -r requirements.lock)"
            )
        env = dict(
            os.environ, DJANGO_SETTINGS_MODULE="bench.settings", GUNICORN_BIND=f"127.0.0.1:{self.port}"
        )
        env["GUNICORN_WORKERS"] = str(self.workers)
        if self.threads:
            env["GUNICORN_THREADS"] = str(self.threads)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            [gunicorn, "clp.wsgi:application", "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with code {self.process.returncode}:\n{self._tail()}")
            try:
                probe = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 server
                    self.base + "/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(probe, timeout=2) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.worker_pids()) >= self.workers:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.__exit__()
        raise ServerError(f"gunicorn did not answer /healthz within 60 s:\n{self._tail()}")

    def _tail(self, lines=15):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def worker_rss_kb(self):
        total = 0
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- the load -------------------------------------------------------------------------------


def check_page(base, path, cookie):
    """The page answers 200 to this role (a benchmark of a redirect or an error is no use)."""
    request = urllib.request.Request(  # noqa: S310
        base + path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as answer:
            return answer.status, len(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def wrk(base, path, cookie, *, seconds, connections, script):
    """wrk's p50, p99 and requests per second for one page; a page too slow to answer once
    per connection in the window is measured again over a longer one (up to 16 s)."""
    while True:
        result = _wrk(base, path, cookie, seconds=seconds, connections=connections, script=script)
        if result["requests"] >= connections or seconds >= 16:
            return result
        seconds *= 2


def _wrk(base, path, cookie, *, seconds, connections, script):
    """One wrk run. Every request asks for its connection to be closed after it, as a proxy
    without upstream keep-alive sends them (nginx's default). With keep-alive, wrk's 8
    connections stay for the whole run with the worker that accepted each, and that split is
    left to chance: when all 8 landed on one of the 2 workers the floor's p50 was 31 ms, split
    2 and 6 it was 11 ms. Ten runs of the floor in a row ranged 2.7x with keep-alive and 1.5x
    without it; the Secretary's dashboard 2.6x and 1.25x."""
    if not shutil.which("wrk"):
        raise ServerError("wrk is not installed: run scripts/install-system.sh --bench (make bench does)")
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        script,
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        "Connection: close",
        base + path,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    raw = json.loads(line[len("WRKJSON ") :])
    return {
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "errors": raw["errors"] + raw["bad_status"],
    }


def _measured_in_pairs(plan):
    """Each round's order: every page straight after a run of the floor, and the admin
    changelist it is compared with (if any) straight after the page: [(name, role, path,
    paired)], `paired` being the page a floor or admin run is there for (None for a page's own
    run)."""
    roles = {name: (role, path) for name, role, path, _ in plan}
    order = []
    for name, role, path, admin in plan:
        if name == "floor" or name.startswith("admin:"):
            continue
        order.append(("floor", *roles["floor"], name))
        order.append((name, role, path, None))
        if admin:
            order.append((admin, *roles[admin], name))
    return order


def run(*, rounds=ROUNDS, seconds=3, connections=8, workers=2, log=print):
    """Measure every page `rounds` times. The machine's speed drifts over a run (on a shared
    machine, twice over in a minute), so a page's ratios are taken pair by pair: each page is
    measured straight after a run of the floor, and its admin changelist straight after it,
    and its ratio is the median over the rounds of page / floor (and page / admin) in the same
    round."""
    cookies = sessions()
    plan = pages()
    results = {name: [] for name, *_ in plan}
    paired_floor = {name: [] for name, *_ in plan}  # the floor run just before each page's run
    paired_admin = {name: [] for name, *_ in plan}  # its admin changelist's run just after it
    sizes = {}
    memory = {}
    with (
        tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script,
        Server(workers=workers) as server,
    ):
        script.write(LUA)
        script.flush()
        for name, role, path, _ in plan:
            status, size = check_page(server.base, path, cookies[role])
            if status != 200:
                raise ServerError(f"{name} ({path}) answered {status} to the {role}, not 200")
            sizes[name] = size
        served = 0
        order = _measured_in_pairs(plan)
        for r in range(rounds):
            floor = None
            for name, role, path, paired in order:
                result = wrk(
                    server.base,
                    path,
                    cookies[role],
                    seconds=seconds,
                    connections=connections,
                    script=script.name,
                )
                served += result["requests"]
                results[name].append(result)
                if name == "floor":  # for the page after it
                    floor = result
                    continue
                paired_floor[name].append(floor)
                if paired is not None:  # the admin changelist of the page just before
                    paired_admin[paired].append(result)
            if r == 0:
                memory = {"after_first_round_kb": server.worker_rss_kb(), "requests_before": served}
            log(f"  round {r + 1}/{rounds} done ({served} requests so far)", flush=True)
        while served - memory["requests_before"] < MEMORY_REQUESTS:
            result = wrk(
                server.base,
                "/bench/floor/",
                cookies["secretary"],
                seconds=seconds,
                connections=connections,
                script=script.name,
            )
            served += result["requests"]
        memory.update(
            {
                "at_end_kb": server.worker_rss_kb(),
                "requests_between": served - memory["requests_before"],
                "workers": len(server.worker_pids()),
            }
        )
    os.unlink(script.name)
    return summarise(
        plan, results, sizes, memory, paired_floor, paired_admin,
        rounds=rounds, seconds=seconds, connections=connections, workers=workers,
    )  # fmt: skip


def _ratio(runs, against):
    """The median over the rounds of each run's p50 over the p50 of its pair (None if a pair
    answered nothing)."""
    ratios = [
        a["p50_ms"] / b["p50_ms"] for a, b in zip(runs, against, strict=True) if a["p50_ms"] and b["p50_ms"]
    ]
    return round(statistics.median(ratios), 2) if ratios else None


def summarise(plan, results, sizes, memory, paired_floor, paired_admin, **how):
    """Each page's medians over its runs, and its ratios pair by pair (see run)."""
    med = {
        name: {key: statistics.median(r[key] for r in runs) for key in ("p50_ms", "p99_ms", "rps")}
        for name, runs in results.items()
    }
    rows = []
    for name, role, path, admin in plan:
        m = med[name]
        row = {
            "page": name,
            "role": role,
            "path": path,
            "bytes": sizes[name],
            **{k: round(v, 2) for k, v in m.items()},
            "x_floor": 1.0 if name == "floor" else _ratio(results[name], paired_floor[name]),
            "errors": sum(r["errors"] for r in results[name]),
            "p50_ms_rounds": [round(r["p50_ms"], 2) for r in results[name]],
        }
        if name != "floor":
            row["floor_p50_ms_rounds"] = [round(r["p50_ms"], 2) for r in paired_floor[name]]
        if admin:
            row["admin"] = admin
            row["x_admin"] = _ratio(results[name], paired_admin[name])
        if name != "floor" and not name.startswith("admin:"):
            misses = []
            if row["x_floor"] and row["x_floor"] > 10:
                misses.append(f"{row['x_floor']}x the floor (target 10x)")
            if admin and row["x_admin"] and row["x_admin"] > 0.5:
                misses.append(f"{row['x_admin']}x its admin changelist (target 0.5x)")
            if not m["p50_ms"]:
                misses.append("no request answered in the window: not measured")
            if row["errors"]:
                misses.append(f"{row['errors']} errors")
            row["missed"] = misses
        rows.append(row)
    growth = (memory["at_end_kb"] - memory["after_first_round_kb"]) / memory["after_first_round_kb"]
    memory["growth"] = round(growth, 3)
    memory["missed"] = (
        [f"worker memory grew {growth:.0%} over {memory['requests_between']} requests (target under 10%)"]
        if growth > MEMORY_GROWTH_LIMIT
        else []
    )
    return {"how": how, "pages": rows, "memory": memory}


def table(result):
    lines = [
        f"{'page':<30} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7} {'x floor':>8} {'x admin':>8}  missed",
    ]
    for row in result["pages"]:
        x_admin = f"{row['x_admin']:.2f}" if row.get("x_admin") is not None else ""
        missed = "; ".join(row.get("missed", [])) or ("" if "missed" not in row else "ok")
        lines.append(
            f"{row['page']:<30} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['rps']:>7.1f} "
            f"{row['x_floor'] or 0:>8.2f} {x_admin:>8}  {missed}"
        )
    m = result["memory"]
    lines.append(
        f"worker memory ({m['workers']} workers): {m['after_first_round_kb'] // 1024} MB after round 1, "
        f"{m['at_end_kb'] // 1024} MB {m['requests_between']} requests later ({m['growth']:+.1%})  "
        + ("; ".join(m["missed"]) or "ok")
    )
    return "\n".join(lines)


def main(argv=None):
    import argparse

    from bench import report
    from bench.build import Refused, ensure

    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        ensure(args.scale)
        report.prepare_static()
        result = run(
            rounds=args.rounds, seconds=args.seconds, connections=args.connections, workers=args.workers
        )
    except (Refused, ServerError) as exc:
        print(f"bench.pages: {exc}", file=sys.stderr)
        return 2
    print(table(result))
    report.write({"scale": args.scale, "pages": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
