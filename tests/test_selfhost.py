"""Issue 17, "done when": a fresh Debian server reaches a first login by following
docs/deployment.md alone, every command of the guide run by a test.

As root, as the guide says: its installation block (``sh deploy/install``) with the script's
variables pointing at a temporary root, a system user with a name of its own (``binc`` plus
random hex) and a PostgreSQL database of that name on the local socket (the packages are
Debian's; installed ones are left alone). The environment file the script wrote is edited as
an administrator would, the guide's first-start commands run literally through ``sudo -u``,
the installed units are checked with ``systemd-analyze verify`` and enabled with ``systemctl
--root`` (systemd need not be PID 1 here), and their processes are started as the units' lines
say: ``User=``, ``EnvironmentFile=``, ``Environment=``, ``WorkingDirectory=``, ``UMask=`` and
``ExecStart=`` (the sandboxing options are systemd's and not applied). Two app instances
(the second on another port), the consumer, and nginx with the site of deploy/ in front; a
first login through it at the development identity provider. The install script runs a
second time, as an upgrade does. Afterwards the user, its group, its database and every file
are removed.

Run it alone with ``pytest -m selfhost`` (as root; it skips otherwise). Ports come from
BINC_TEST_PORT_RANGE (default 5200-5249).
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from tests.conftest import TOM
from tests.deployment import (
    ROOT,
    environment_file,
    free_ports,
    nginx_configuration,
    nginx_site,
    stop_processes,
    wait_until_answered,
)
from tests.tls import make_certificates

pytestmark = [
    pytest.mark.selfhost,
    pytest.mark.skipif(os.geteuid() != 0, reason="installs binc-web on this machine: root only"),
]

GUIDE = ROOT / "docs" / "deployment.md"
INSTALL_MARKER = "<!-- installation: run by tests/test_selfhost.py -->"
FIRST_START_MARKER = "<!-- first start: run by tests/browser/test_production_profile.py -->"
ENABLE_MARKER = "<!-- start: run by tests/test_selfhost.py -->"
UPGRADE_MARKER = "<!-- upgrade: run by tests/test_selfhost.py -->"
FIRST_ADMIN_ORGANISATION = "Jeugdhulp De Vlinder"
# What systemd gives a service besides its environment files.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def guide_block(marker: str) -> list[str]:
    """The command lines of the ``sh`` block after ``marker`` in docs/deployment.md (comments
    and blank lines left out, a trailing comment cut off)."""
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(marker, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def unit_settings(path: Path) -> dict[str, list[str]]:
    """The [Service] settings of an installed unit, each with all its values."""
    section = path.read_text(encoding="utf-8").split("[Service]", 1)[1].split("\n[", 1)[0]
    settings: dict[str, list[str]] = {}
    for key, value in re.findall(r"^(\w+)=(.*)$", section, re.MULTILINE):
        settings.setdefault(key, []).append(value)
    return settings


def as_unit(path: Path, options: dict[str, str] | None = None) -> tuple[list[str], dict, str, int]:
    """Command, environment, working directory and umask of ``path`` as systemd would run it:
    as its User and Group, HOME the user's home, its EnvironmentFile and Environment lines.
    ``options`` gives options of ExecStart another value (another port for a second
    instance)."""
    settings = unit_settings(path)
    user = pwd.getpwnam(settings["User"][0])
    environment = {
        "PATH": SYSTEM_PATH,
        "HOME": user.pw_dir,
        "USER": user.pw_name,
        "LOGNAME": user.pw_name,
        "LANG": "C.UTF-8",
    }
    for env_file in settings.get("EnvironmentFile", []):
        environment.update(environment_file(Path(env_file)))
    for assignment in settings.get("Environment", []):
        key, value = assignment.split("=", 1)
        environment[key] = value
    words = shlex.split(settings["ExecStart"][0])
    for option, value in (options or {}).items():
        words[words.index(option) + 1] = value
    command = [
        "setpriv",
        f"--reuid={user.pw_name}",
        f"--regid={settings['Group'][0]}",
        "--init-groups",
        "--",
        *words,
    ]
    directory = settings.get("WorkingDirectory", ["/"])[0]  # systemd's default
    return command, environment, directory, int(settings["UMask"][0], 8)


def edit_environment(path: Path, settings: dict[str, str]) -> None:
    """What the administrator does in ``editor``: set each setting's line (uncommented), or
    add it when the template has none."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in settings.items():
        pattern = re.compile(rf"^(# )?{re.escape(key)}=")
        found = [number for number, line in enumerate(lines) if pattern.match(line)]
        if found:
            lines[found[0]] = f"{key}={value}"
        else:
            lines.append(f"{key}={value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(command, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, **options
    )


class Server:
    """The machine as the guide leaves it, and what the test started on it."""

    def __init__(self, root: Path, user: str):
        self.root = root
        self.user = user
        self.state = Path(f"/var/lib/{user}")
        self.variables = {
            "BINC_USER": user,
            "BINC_PREFIX": str(root / "opt" / "binc-web"),
            "BINC_ETC": str(root / "etc" / "binc-web"),
            "BINC_STATE": str(self.state),
            "BINC_BACKUPS": str(root / "var" / "backups" / "binc-web"),
            "BINC_BIN": str(root / "usr" / "local" / "bin"),
            "BINC_UNITS": str(root / "etc" / "systemd" / "system"),
            "BINC_DATABASE": user,
        }
        self.units = Path(self.variables["BINC_UNITS"])
        self.env_file = Path(self.variables["BINC_ETC"]) / "binc-web.env"
        self.done: dict[str, list[subprocess.CompletedProcess]] = {}
        self.processes: list[subprocess.Popen] = []
        self.logs: dict[str, Path] = {}
        self.front = ""  # nginx: https://localhost:<port>
        self.certificates = None  # tests/tls.py's, for nginx and the identity provider
        self.enabled: list[str] = []  # the units of the guide's "systemctl enable"

    def guide(self, line: str) -> str:
        """A command of the guide with this installation's user and paths."""
        line = re.sub(r"-u binc\b", f"-u {self.user}", line)
        line = line.replace("/var/backups/binc-web", self.variables["BINC_BACKUPS"])
        line = re.sub(r"(?<![\w/.-])binc-web(?= )", f"{self.variables['BINC_BIN']}/binc-web", line)
        return line

    def install(self, line: str = "sh deploy/install") -> subprocess.CompletedProcess:
        """The install script as the guide runs it, from the source tree with the variables."""
        return run(["sh", "-c", line], cwd=ROOT, env={**os.environ, **self.variables})

    def administer(self, line: str) -> subprocess.CompletedProcess:
        """A ``sudo -u binc binc-web …`` line of the guide, as it stands."""
        return run(shlex.split(self.guide(line)), cwd="/")

    def start_unit(self, name: str, unit: str, options=None) -> subprocess.Popen:
        command, environment, directory, umask = as_unit(self.units / unit, options)
        log = self.root / f"{name}.log"
        self.logs[name] = log
        process = subprocess.Popen(
            command,
            env=environment,
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            preexec_fn=lambda: os.umask(umask),
        )
        self.processes.append(process)
        return process

    def run_unit(self, unit: str) -> subprocess.CompletedProcess:
        """A oneshot unit (backup, clean-up) as its timer starts it."""
        command, environment, directory, umask = as_unit(self.units / unit)
        return subprocess.run(
            command,
            env=environment,
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=lambda: os.umask(umask),
        )

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = self.root / f"{name}.log"
        self.logs[name] = log
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """End what the test started; gunicorn's master waits up to 30 s for its workers."""
        stop_processes(self.processes, grace=40)

    def remove(self) -> None:
        """The user, its group, its database and every file the installation made."""
        postgres = ["runuser", "-u", "postgres", "--"]
        run([*postgres, "dropdb", "--if-exists", self.user])
        run([*postgres, "dropuser", "--if-exists", self.user])
        # deluser refuses a user that still runs a process (a worker ending after its master).
        deadline = time.monotonic() + 30
        while run(["pgrep", "-u", self.user]).returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        run(["deluser", "--system", self.user])
        run(["delgroup", "--system", self.user])
        shutil.rmtree(self.state, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    root = Path(tempfile.mkdtemp(prefix="binc-selfhost-"))
    root.chmod(0o755)  # the created user reaches its code and settings below it
    system = Server(root, f"binc{secrets.token_hex(3)}")
    idp_port, https_port, http_port, port_a, port_b, smtp_port = free_ports(6)
    mail_server = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    mail_server.start()
    try:
        system.done["install"] = [system.install(line) for line in guide_block(INSTALL_MARKER)]
        certificates = make_certificates(root)
        certificates.authority.chmod(0o644)  # read by binc-web (REQUESTS_CA_BUNDLE)
        issuer = f"https://localhost:{idp_port}"
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
        )
        system.front = f"https://localhost:{https_port}"
        system.certificates = certificates
        # Step 2 of the guide: "editor /etc/binc-web/binc-web.env".
        edit_environment(
            system.env_file,
            {
                "BINC_BASE_URL": system.front,
                "BINC_OIDC_DISCOVERY_URL": f"{issuer}/.well-known/openid-configuration",
                "BINC_OIDC_CLIENT_SECRET": secrets.token_hex(16),
                "BINC_FIRST_ADMIN_NATIONAL_NUMBER": TOM.national_number,
                "BINC_FIRST_ADMIN_ORGANISATION": FIRST_ADMIN_ORGANISATION,
                "REQUESTS_CA_BUNDLE": str(certificates.authority),
                "BINC_MAIL_SERVER": "127.0.0.1",
                "BINC_MAIL_PORT": str(smtp_port),
            },
        )
        wait_until_answered(
            f"{issuer}/.well-known/openid-configuration", certificates.authority, idp
        )
        system.done["first start"] = [
            system.administer(line) for line in guide_block(FIRST_START_MARKER)
        ]
        # Everything at once, as systemd starts the units at boot; the second instance is
        # the unit with another port (docs/deployment.md, "Two or more instances"). One
        # worker each: each imports the app, seconds of the shared cores.
        started = [
            system.start_unit(
                name, "binc-web.service", {"--bind": f"127.0.0.1:{port}", "--workers": "1"}
            )
            for name, port in (("a", port_a), ("b", port_b))
        ]
        started.append(system.start_unit("jobs", "binc-web-jobs.service"))
        follow_start_block(system)
        site = (root / "etc" / "nginx" / "sites-enabled" / "binc-web").read_text(encoding="utf-8")
        site = nginx_site(certificates, https_port, http_port, (port_a, port_b), root, site)
        nginx_conf = nginx_configuration(root, site)
        system.done["nginx -t"] = [run(["nginx", "-t", "-c", str(nginx_conf)])]
        nginx = system.start("nginx", ["nginx", "-c", str(nginx_conf), "-g", "daemon off;"])
        for process in (nginx, *started):
            wait_until_answered(system.front + "/gezondheid", certificates.authority, process)
        yield system
    finally:
        system.stop()
        mail_server.stop()
        system.remove()


def follow_start_block(system: Server) -> None:
    """Step 4 of the guide, line by line, on the test's root with SITE=localhost. systemd
    (not PID 1 here) enables the units offline (``systemctl --root``); the test starts them
    itself. certbot needs a public name: the certificate of tests/tls.py stands in. The site
    is written and linked by the guide's own lines; ``nginx -t`` and the start of nginx (for
    ``systemctl reload nginx``) follow with it, and /gezondheid is asked by a test. A line the
    test does not know fails it: every command of the guide is run somewhere."""
    nginx = system.root / "etc" / "nginx"
    for folder in ("sites-available", "sites-enabled"):
        (nginx / folder).mkdir(parents=True)
    in_root = {**os.environ, "SITE": "localhost"}
    for line in guide_block(ENABLE_MARKER):
        words = line.split()
        if words[:3] == ["systemctl", "enable", "--now"]:
            system.enabled = words[3:]
            enable = ["systemctl", f"--root={system.root}", "enable", *system.enabled]
            system.done["enable"] = [run(enable)]
        elif words[0] in ("sed", "ln"):
            local = line.replace("/etc/nginx/", f"{nginx}/")
            system.done.setdefault("site", []).append(
                run(["sh", "-c", local], cwd=ROOT, env=in_root)
            )
        else:
            assert line.startswith(
                ("SITE=", "certbot certonly --nginx", "nginx -t && ", "curl -s ")
            ), f"docs/deployment.md: a command no test runs: {line}"


def assert_succeeded(done: list[subprocess.CompletedProcess]) -> None:
    for step in done:
        assert step.returncode == 0, [step.args, step.stdout[-2000:], step.stderr[-2000:]]


def test_the_guide_installs_binc_web_with_its_own_user(server):
    """``sh deploy/install``: the code in its virtual environment, the commands, the units and
    the environment file (root:binc 0640), the state directory the user's own (0700)."""
    assert guide_block(INSTALL_MARKER) == ["sh deploy/install"]
    assert_succeeded(server.done["install"])
    user = pwd.getpwnam(server.user)
    assert user.pw_dir == str(server.state)
    assert (server.state.stat().st_uid, server.state.stat().st_mode & 0o777) == (user.pw_uid, 0o700)
    settings = server.env_file.stat()
    assert (settings.st_uid, settings.st_gid, settings.st_mode & 0o777) == (0, user.pw_gid, 0o640)
    installed = {path.name for path in server.units.iterdir() if path.is_file()}
    assert installed == {path.name for path in (ROOT / "deploy").glob("*.service")} | {
        path.name for path in (ROOT / "deploy").glob("*.timer")
    }


def test_the_installed_units_verify_and_enable(server):
    """``systemd-analyze verify`` accepts every installed unit (their commands exist), and the
    guide's ``systemctl enable`` hooks the services and timers into the boot."""
    units = sorted(str(path) for path in server.units.glob("*.service")) + sorted(
        str(path) for path in server.units.glob("*.timer")
    )
    verified = run(["systemd-analyze", "verify", *units])
    assert verified.returncode == 0, verified.stderr
    assert_succeeded(server.done["enable"])
    wanted = {
        path.name
        for folder in ("multi-user.target.wants", "timers.target.wants")
        for path in (server.units / folder).iterdir()
    }
    assert wanted == set(name if "." in name else f"{name}.service" for name in server.enabled)


def test_the_first_start_commands_run_as_the_user_and_check_is_clean(server):
    """``sudo -u binc binc-web db upgrade``, ``binc init``, ``binc check``: as the guide
    says them; nothing to fix, and what they wrote belongs to the user alone."""
    assert_succeeded(server.done["first start"])
    check = server.done["first start"][-1]
    assert "PROBLEEM" not in check.stdout
    secret_key = (server.state / "secret_key").stat()
    assert secret_key.st_uid == pwd.getpwnam(server.user).pw_uid
    assert secret_key.st_mode & 0o077 == 0


def test_first_login_through_nginx(server):
    """nginx with the site the guide's lines wrote passes ``nginx -t``; through it, the first
    beheerder logs in at the identity provider and finds Gebruikersbeheer; the health address
    answers ok."""
    assert_succeeded(server.done["site"] + server.done["nginx -t"])
    authority = str(server.certificates.authority)
    browser = requests.Session()  # verify on each request: REQUESTS_CA_BUNDLE would win
    login_page = browser.get(server.front + "/", verify=authority, timeout=10)
    assert login_page.url.startswith(server.front + "/aanmelden")
    assert "Aanmelden" in login_page.text
    start = browser.get(
        server.front + "/aanmelden/start", allow_redirects=False, verify=authority, timeout=10
    )
    provider = requests.post(
        start.headers["Location"],
        data={"sub": TOM.national_number},
        allow_redirects=False,
        verify=authority,
        timeout=10,
    )
    assert provider.status_code == 302, provider.text
    start_page = browser.get(provider.headers["Location"], verify=authority, timeout=10)
    assert start_page.url == server.front + "/"
    assert FIRST_ADMIN_ORGANISATION in start_page.text
    assert "Gebruikersbeheer" in start_page.text
    health = requests.get(server.front + "/gezondheid", verify=authority, timeout=10)
    assert health.json() == {"database": "ok", "jobs": "ok", "status": "ok"}


def test_two_instances_of_the_user_share_no_control_socket(server):
    """Both instances run as the same user with the same HOME: neither opens gunicorn's
    control socket there (the second would take over the first one's path)."""
    for name in ("a", "b"):
        log = server.logs[name].read_text(encoding="utf-8")
        assert "Booting worker" in log
        assert "Control socket" not in log, log
    assert not (server.state / ".gunicorn").exists()


def test_the_timers_units_run_as_the_user(server):
    """What the timers start: the nightly backup lands in the backup directory (0600, the
    user's), and the clean-up of expired sessions succeeds."""
    backup = server.run_unit("binc-web-backup.service")
    assert backup.returncode == 0, backup.stderr
    (made,) = Path(server.variables["BINC_BACKUPS"]).glob("binc-*.backup")
    assert made.read_bytes().startswith(b"PGDMP")
    assert made.stat().st_mode & 0o777 == 0o600
    assert made.stat().st_uid == pwd.getpwnam(server.user).pw_uid
    purge = server.run_unit("binc-web-purge-sessions.service")
    assert purge.returncode == 0, purge.stderr


def test_the_upgrade_of_the_guide_keeps_the_settings(server):
    """The guide's upgrade, line by line: a backup, the install script again (as from a new
    release's source tree), the first-start commands; it leaves the edited environment file
    as it was. The restart needs systemd as PID 1: the instances run on, and the login test
    and this one run in either order."""
    before = server.env_file.read_text(encoding="utf-8")
    for line in guide_block(UPGRADE_MARKER):
        if line.startswith("sudo -u binc binc-web "):
            assert_succeeded([server.administer(line)])
        elif line == "sh deploy/install":
            assert_succeeded([server.install(line)])
        else:
            assert line.startswith("systemctl restart "), f"a command no test runs: {line}"
    assert (Path(server.variables["BINC_BACKUPS"]) / "before-upgrade.backup").exists()
    assert server.env_file.read_text(encoding="utf-8") == before
    assert f"BINC_BASE_URL={server.front}" in before
