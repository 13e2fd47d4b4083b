"""Issue 17 item 1: the production profile as docs/deployment.md prescribes it, end to end.

BINC_ENV=production on its own PostgreSQL database, sessions and limits in Redis, the identity
provider over HTTPS, TWO gunicorn instances, each started with the ExecStart line of
deploy/binc-web.service, and nginx with the site of deploy/nginx-binc-web.conf terminating TLS
in front of both (its upstream lists the two; nginx balances round robin). The set-up commands
are read from docs/deployment.md and run through deploy/binc-web, as an administrator would.
Then, in Chromium: log in, and the pages that follow are served by both instances with the
same session (each answer's X-Request-ID is found in the log of the instance that served it),
ask for a report (made by the consumer), log out, and the old cookie is refused by both.

Run it alone with ``pytest -m production``. It needs PostgreSQL, where it creates a database
named after the one of BINC_PRODUCTION_DATABASE_URL (else of a PostgreSQL
BINC_TEST_DATABASE_URL, else binc_production on postgres@127.0.0.1:5432) with a random suffix
and drops it afterwards, and Redis: database 6 of 127.0.0.1:6379, emptied (sessions, limits
and the job queue, whose consumer starts with the ExecStart line of
deploy/binc-web-jobs.service). Ports come from BINC_TEST_PORT_RANGE (default 5200-5249).
nginx comes from Debian (`make test` installs it).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from sqlalchemy import create_engine, text

from binc_web.config import normalise_database_url
from binc_web.templating import today
from tests.browser.conftest import _is_local
from tests.conftest import TOM
from tests.databases import postgresql_database
from tests.deployment import (
    environment_file,
    free_ports,
    nginx_configuration,
    nginx_site,
    stop_processes,
    wait_until_answered,
)
from tests.tls import make_certificates

pytestmark = [pytest.mark.production, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/6"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/binc_production"
FIRST_ADMIN_ORGANISATION = "Jeugdhulp De Vlinder"
FIRST_START_MARKER = "<!-- first start: run by tests/browser/test_production_profile.py -->"


def documented_commands() -> list[list[str]]:
    """The arguments of the first-start commands of docs/deployment.md (``sudo -u binc
    binc-web …``)."""
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = text.split(FIRST_START_MARKER, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line) for line in block.splitlines() if line.strip()]
    assert all(command[:4] == ["sudo", "-u", "binc", "binc-web"] for command in commands)
    return [command[4:] for command in commands]


def unit_command_line(unit: str) -> list[str]:
    """ExecStart of a unit of deploy/, with this test's virtual environment."""
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    line = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)
    return shlex.split(line.replace("/opt/binc-web/.venv/bin/", f"{VENV_BIN}/"))


def unit_command(port: int) -> list[str]:
    """ExecStart of deploy/binc-web.service, on ``port``, one worker."""
    command = unit_command_line("binc-web.service")
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    return command


def get_with_cookie(installation, cookie: dict) -> requests.Response:
    """GET the start page through nginx with the browser's session cookie."""
    return requests.get(
        installation.front + "/",
        cookies={"binc_session": cookie["value"]},
        verify=installation.certificates.authority,
        allow_redirects=False,
        timeout=10,
    )


def served_by(installation, request_ids) -> dict[str, str]:
    """Which instance ("a" or "b") logged each of ``request_ids`` (X-Request-ID)."""
    found = {}
    for name in ("a", "b"):
        for line in installation.logs[name].read_text(encoding="utf-8").splitlines():
            if line.startswith("{") and json.loads(line).get("request_id") in request_ids:
                found[json.loads(line)["request_id"]] = name
    return found


def start_pages_from_both_instances(installation, cookie: dict) -> list[requests.Response]:
    """GET the start page with ``cookie`` until each instance has answered once.

    nginx hands consecutive requests to the instances in turn, but not necessarily ours in
    turn: a late request of the browser (its favicon) can take a turn between two of them, and
    an instance that failed a request is left out for nginx's fail_timeout (10 s). So the
    requests go on, a fifth of a second apart, for at most 15 s; one instance alone fails
    the test, with nginx's error log to say why."""
    answers = []
    deadline = time.monotonic() + 15
    while True:
        answers.append(get_with_cookie(installation, cookie))
        instances = served_by(installation, [answer.headers["X-Request-ID"] for answer in answers])
        if set(instances.values()) == {"a", "b"} or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    error_log = (installation.folder / "nginx-error.log").read_text(encoding="utf-8")
    assert set(instances.values()) == {"a", "b"}, (instances, error_log)
    return answers


def grant_medewerker(url: str) -> None:
    """The first beheerder also works as medewerker (as Gebruikersbeheer would grant), so
    that the journey can ask for a report."""
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO memberships (person_id, organisation_id, role, granted_at) "
                "SELECT persons.id, organisations.id, 'medewerker', now() "
                "FROM persons, organisations "
                "WHERE persons.national_number = :number AND organisations.name = :name"
            ),
            {"number": TOM.national_number, "name": FIRST_ADMIN_ORGANISATION},
        )
    engine.dispose()


def write_environment(path: Path, settings: dict[str, str]) -> Path:
    """The installation's /etc/binc-web/binc-web.env."""
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return path


class Installation:
    """Everything the test started; ``stop`` ends it (only these processes)."""

    def __init__(self, folder: Path, certificates, issuer: str, admin_environment: dict):
        self.folder = folder
        self.certificates = certificates
        self.issuer = issuer
        self.admin_environment = admin_environment
        self.processes: list[subprocess.Popen] = []
        self.logs: dict[str, Path] = {}
        self.setup: list[subprocess.CompletedProcess] = []
        self.front = ""  # nginx: https://localhost:<port>
        self.http_port = 0  # nginx's plain-HTTP server, which redirects to HTTPS

    def start(self, name: str, command: list[str], environment: dict) -> subprocess.Popen:
        log = self.folder / f"{name}.log"
        self.logs[name] = log
        process = subprocess.Popen(
            command,
            env=environment,
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        stop_processes(self.processes, grace=15)

    def admin(self, *arguments: str) -> subprocess.CompletedProcess:
        """``binc-web …`` as in the documentation."""
        return subprocess.run(
            [str(DEPLOY / "binc-web"), *arguments],
            env=self.admin_environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    certificates = make_certificates(folder)
    instance = folder / "instance"
    instance.mkdir(mode=0o700)
    idp_port, https_port, http_port, port_a, port_b, smtp_port = free_ports(6)
    # The mail server binc check expects in production (F-4), here one that accepts and drops.
    mail_server = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    mail_server.start()
    issuer = f"https://localhost:{idp_port}"
    tests = os.environ.get("BINC_TEST_DATABASE_URL", "")
    server = os.environ.get("BINC_PRODUCTION_DATABASE_URL") or (
        tests if tests.startswith("postgres") else DEFAULT_SERVER
    )
    sessions = redis.Redis.from_url(REDIS_URL)
    sessions.flushdb()
    with postgresql_database(server) as url:
        env_file = write_environment(
            folder / "binc-web.env",
            {
                "BINC_ENV": "production",
                "BINC_INSTANCE_PATH": str(instance),
                "BINC_BASE_URL": f"https://localhost:{https_port}",
                "DATABASE_URL": url,
                "BINC_OIDC_DISCOVERY_URL": f"{issuer}/.well-known/openid-configuration",
                "BINC_OIDC_CLIENT_ID": "binc-web",
                "BINC_OIDC_CLIENT_SECRET": os.urandom(16).hex(),
                "BINC_OIDC_NATIONAL_NUMBER_CLAIM": "egovNRN",
                "BINC_FIRST_ADMIN_NATIONAL_NUMBER": TOM.national_number,
                "BINC_FIRST_ADMIN_ORGANISATION": FIRST_ADMIN_ORGANISATION,
                "BINC_FIRST_ADMIN_ORGANISATION_KIND": "jeugdhulp",
                "BINC_SESSION_URL": REDIS_URL,
                "BINC_RATELIMIT_STORAGE_URI": REDIS_URL,
                "BINC_JOBS_URL": REDIS_URL,
                "BINC_MAIL_SERVER": "127.0.0.1",
                "BINC_MAIL_PORT": str(smtp_port),
                # nginx in front, as deploy/binc-web.env says.
                "BINC_PROXY_FIX_X_FOR": "1",
                "BINC_PROXY_FIX_X_PROTO": "1",
                # A private certificate authority (here the test's) for the provider.
                "REQUESTS_CA_BUNDLE": str(certificates.authority),
            },
        )
        base = {key: os.environ[key] for key in ("PATH", "LANG") if key in os.environ}
        admin = {**base, "BINC_ENV_FILE": str(env_file), "BINC_VENV": str(VENV_BIN.parent)}
        system = Installation(folder, certificates, issuer, admin)
        idp = system.start(
            "idp",
            [
                sys.executable,
                str(ROOT / "scripts" / "dev_idp.py"),
                "--port",
                str(idp_port),
                "--certfile",
                str(certificates.certificate),
                "--keyfile",
                str(certificates.key),
            ],
            {**base, "PYTHONPATH": str(ROOT)},
        )
        try:
            # Everything starts at once, as systemd starts the units at boot: each process
            # takes seconds to import the app, and the cores share that work.
            service = {**base, **environment_file(env_file), "FLASK_APP": "binc_web.wsgi"}
            system.start("jobs", unit_command_line("binc-web-jobs.service"), service)
            instances = [
                system.start(name, unit_command(port), service)
                for name, port in (("a", port_a), ("b", port_b))
            ]
            site = nginx_site(certificates, https_port, http_port, (port_a, port_b), folder)
            nginx_conf = nginx_configuration(folder, site)
            # "nginx -t" of docs/deployment.md, then nginx in the foreground.
            system.setup.append(
                subprocess.run(
                    ["nginx", "-t", "-c", str(nginx_conf)],
                    capture_output=True,
                    text=True,
                    timeout=30,
                    check=False,
                )
            )
            nginx = system.start(
                "nginx", ["nginx", "-c", str(nginx_conf), "-g", "daemon off;"], base
            )
            for command in documented_commands():
                if command[:2] == ["binc", "check"]:  # the first to ask the provider
                    discovery = f"{issuer}/.well-known/openid-configuration"
                    wait_until_answered(discovery, certificates.authority, idp)
                system.setup.append(system.admin(*command))
            grant_medewerker(url)
            system.front = f"https://localhost:{https_port}"
            system.http_port = http_port
            for process in (nginx, *instances):
                # Round robin: two answers from nginx mean both instances are up.
                wait_until_answered(system.front + "/gezondheid", certificates.authority, process)
            yield system
        finally:
            system.stop()
            mail_server.stop()
            sessions.flushdb()


def test_production_setup_commands_of_the_documentation_succeed(installation):
    """``binc-web db upgrade``, ``binc init`` and ``binc check`` as docs/deployment.md says."""
    for done in installation.setup:
        assert done.returncode == 0, [*done.args, done.stdout, done.stderr]
    check = installation.setup[-1]
    assert "PROBLEEM" not in check.stdout
    assert "ok       Identiteitsdienst" in check.stdout
    assert "ok       Redis (SESSION_URL)" in check.stdout
    assert "ok       Mailserver" in check.stdout


def assert_logs_hold_json_lines_without_personal_data(installation) -> None:
    """After the journey: both instances and the consumer wrote JSON lines for the requests and
    the report job, and no line of any log names Tom."""
    lines = {
        name: installation.logs[name].read_text(encoding="utf-8").splitlines()
        for name in ("a", "b", "jobs")
    }
    requests_logged = [
        json.loads(line) for name in lines for line in lines[name] if line.startswith("{")
    ]
    assert {entry.get("route") for entry in requests_logged} >= {"/", "/rapporten/nieuw"}
    assert all(entry["request_id"] for entry in requests_logged if "route" in entry)
    jobs = [(entry["job"], entry["event"]) for entry in requests_logged if "job" in entry]
    assert ("generate_request", "complete") in jobs
    for name, content in lines.items():
        for line in content:
            for secret in (TOM.national_number, TOM.family, f"{TOM.given} "):
                assert secret not in line, (name, line)


def test_production_session_is_shared_by_two_instances_and_ends_everywhere(
    installation, chromium_browser
):
    """Log in through nginx, carry on with pages served by both instances, log out: the
    session is dead on both."""
    front = installation.front
    context = chromium_browser.new_context(locale="nl-BE", ignore_https_errors=True)
    context.set_default_timeout(20_000)
    context.route(lambda url: not _is_local(url), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(front + "/")
        page.wait_for_url(front + "/aanmelden**")
        page.get_by_role("link", name="Aanmelden", exact=True).click()
        page.locator(f'button[name="sub"][value="{TOM.national_number}"]').click()
        page.wait_for_url(front + "/")
        assert FIRST_ADMIN_ORGANISATION in page.locator("header").inner_text()

        (cookie,) = [c for c in context.cookies(front) if c["name"] == "binc_session"]
        assert (cookie["secure"], cookie["httpOnly"], cookie["sameSite"]) == (True, True, "Lax")
        answer = page.goto(front + "/")
        assert answer.headers["strict-transport-security"].startswith("max-age=")
        assert "werkzeug" not in answer.headers.get("server", "").lower()

        # Both instances serve the start page with the same session.
        start_pages = start_pages_from_both_instances(installation, cookie)
        assert all(FIRST_ADMIN_ORGANISATION in answer.text for answer in start_pages)

        # A report on demand (P-4): a job for the consumer, its progress followed.
        page.goto(front + "/rapporten/nieuw")
        page.get_by_label("Begindatum").fill(today().replace(day=1).strftime("%d/%m/%Y"))
        page.get_by_label("Einddatum").fill(today().strftime("%d/%m/%Y"))
        page.locator('input[name="rapporten"]').first.check()
        page.get_by_role("button", name="Genereer Rapporten").click()
        page.wait_for_url(front + "/rapporten/op-aanvraag")
        page.locator(".report-progress", has_text="Klaar:").wait_for()

        page.get_by_role("button", name="Sluit af").click()
        page.wait_for_url(re.compile(re.escape(installation.issuer) + r"/oauth2/end_session\?"))
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(front + "/afgemeld")
    finally:
        context.close()

    # The old cookie, replayed on both instances: the server forgot the session.
    for answer in start_pages_from_both_instances(installation, cookie):
        assert answer.status_code == 302
        assert "/aanmelden" in answer.headers["Location"]
    # Checked here, not in a test of its own: the suite runs in random order.
    assert_logs_hold_json_lines_without_personal_data(installation)


def test_production_refuses_debug_mode(installation):
    """Debug off: FLASK_DEBUG in the environment stops binc-web from starting at all."""
    installation.admin_environment["FLASK_DEBUG"] = "1"
    try:
        refused = installation.admin("binc", "check")
    finally:
        del installation.admin_environment["FLASK_DEBUG"]
    assert refused.returncode != 0
    assert "De debugmodus mag nooit aan staan in productie" in refused.stderr


def test_production_backup_script_keeps_n_days(installation):
    backups = installation.folder / "backups"
    backups.mkdir(mode=0o700)
    old = backups / "binc-20200101-023000.backup"
    old.write_bytes(b"PGDMP")
    os.utime(old, (time.time() - 20 * 86400,) * 2)
    done = subprocess.run(
        [str(DEPLOY / "binc-web-backup"), str(backups), "14"],
        env={**installation.admin_environment, "BINC_WEB": str(DEPLOY / "binc-web")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (made,) = backups.glob("binc-*.backup")
    assert made != old
    assert made.read_bytes().startswith(b"PGDMP")
    assert made.stat().st_mode & 0o777 == 0o600


def test_production_nginx_site_as_deployed(installation):
    """deploy/nginx-binc-web.conf: "nginx -t" passes, plain HTTP is sent to HTTPS, a body
    over the upload limit is refused by nginx itself (with HSTS), and nginx's access log holds
    no query string (names typed in a search travel in it)."""
    (check,) = [done for done in installation.setup if done.args[:2] == ["nginx", "-t"]]
    assert check.returncode == 0, check.stderr
    authority = installation.certificates.authority

    plain = requests.get(
        f"http://127.0.0.1:{installation.http_port}/dossiers?x=1",
        headers={"Host": "localhost"},
        allow_redirects=False,
        timeout=10,
    )
    assert (plain.status_code, plain.headers["Location"]) == (
        301,
        "https://localhost/dossiers?x=1",
    )

    too_large = requests.post(
        installation.front + "/",
        data=b"0" * (11 * 1024 * 1024 + 1),
        verify=authority,
        timeout=30,
    )
    assert too_large.status_code == 413
    assert too_large.headers["Strict-Transport-Security"].startswith("max-age=")

    requests.get(installation.front + "/", params={"naam": "Peeters"}, verify=authority)
    access_log = (installation.folder / "binc-web.access.log").read_text(encoding="utf-8")
    assert '"GET /" 302' in access_log
    assert "Peeters" not in access_log
