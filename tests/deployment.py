"""What the tests that install binc-web as docs/deployment.md says share: free ports, the
nginx site of deploy/ around the test's instances, the environment file as systemd reads it,
and waiting for an answer (tests/browser/test_production_profile.py, tests/test_selfhost.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
STARTUP_SECONDS = 60


def free_ports(count: int) -> list[int]:
    """Free ports from BINC_TEST_PORT_RANGE."""
    low, high = map(int, os.environ.get("BINC_TEST_PORT_RANGE", "5200-5249").split("-"))
    found = []
    for port in range(low, high + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                found.append(port)
        if len(found) == count:
            return found
    pytest.fail(f"no {count} free ports in {low}-{high}")


def nginx_site(
    certificates, https_port: int, http_port: int, instance_ports, logs: Path, site=None
) -> str:
    """deploy/nginx-binc-web.conf as docs/deployment.md installs it, with this test's host
    name, ports, certificate, log folder and instances. Its IPv6 ``listen`` lines are left out:
    the machine may have no IPv6."""
    installed = site is not None  # by the guide's sed, its host name already localhost
    site = site if installed else (DEPLOY / "nginx-binc-web.conf").read_text(encoding="utf-8")
    upstream = "\n    ".join(f"server 127.0.0.1:{port};" for port in instance_ports)
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "binc.example.org": "localhost",
        "/etc/letsencrypt/live/localhost/fullchain.pem": str(certificates.certificate),
        "/etc/letsencrypt/live/localhost/privkey.pem": str(certificates.key),
        "/var/log/nginx/": f"{logs}/",
        "server 127.0.0.1:8000;": upstream,
    }
    if installed:
        del replacements["binc.example.org"]
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx-binc-web.conf no longer holds {old!r}"
        site = site.replace(old, new)
    return "\n".join(line for line in site.splitlines() if "listen [::]" not in line)


def nginx_configuration(folder: Path, site: str) -> Path:
    """A main nginx.conf around ``site`` that keeps every file nginx writes in ``folder``
    (Debian's /etc/nginx/nginx.conf includes sites-enabled/ the same way)."""
    (folder / "binc-web.site").write_text(site, encoding="utf-8")
    temporary = "\n".join(
        f"    {kind}_temp_path {folder}/nginx-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started by root (as systemd does), nginx runs its workers as another user, who could
    # not write in the test's private folder: here they stay root.
    user = "user root;\n" if os.geteuid() == 0 else ""
    configuration = folder / "nginx.conf"
    configuration.write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/nginx-error.log;\nevents {{}}\n"
        f"http {{\n{temporary}\n    include {folder}/binc-web.site;\n}}\n",
        encoding="utf-8",
    )
    return configuration


def environment_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile reads them (quotes removed)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("'\"")
    return values


def wait_until_answered(url: str, authority: Path, process: subprocess.Popen) -> None:
    """Wait until ``url`` answers 200 (over HTTPS, trusting ``authority``); fail when
    ``process`` stops or takes longer than STARTUP_SECONDS."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[:3]} stopped with exit code {process.returncode}")
        try:
            if requests.get(url, verify=authority, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer in {STARTUP_SECONDS} s")


def stop_processes(processes: list[subprocess.Popen], grace: float) -> None:
    """End what a test started: all are asked at once, each waited for up to ``grace`` seconds
    (gunicorn's master waits for its workers), then killed."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
