"""`make loadtest`: throughput and latency of the app over HTTP, with gunicorn on PostgreSQL.

Creates a PostgreSQL database of its own (``BINC_LOADTEST_POSTGRES_URL``, default
``binc_loadtest`` on 127.0.0.1; never the test database), loads ``flask binc demo --dossiers
100000`` into it, starts an identity provider (oidc-provider-mock) and gunicorn with 2 workers
on loopback, logs in through the real OpenID Connect flow as a medewerker of the volume
organisation (5,000 open dossiers), and then runs wrk (a second process) with 20 connections,
alternately (6 pairs of 15 s runs by default): the floor page alone ("Selecteer de
voorziening") and the mix of a browser (70 % start page, each followed by "Actie nodig" as
htmx loads it, 20 % a dossier page, 10 % the search by name, the form posted as htmx does).
Prints ``name: value unit`` lines: req/s, p50/p95/p99, errors (any answer but 200 counts, and
so does an htmx redirect to the login), the mix's ratios to the floor per pair and their
medians, and the memory (RSS) of each gunicorn worker. Drops the database at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
URL = os.environ.get(
    "BINC_LOADTEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/binc_loadtest"
)
CLAIM = "egovNRN"


def free(port: int) -> None:
    """Refuse to start when something already listens on ``port``."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use; choose others with --port/--idp-port")


def wait_for(url: str, seconds: float = 60) -> None:
    """Wait until ``url`` answers (any status)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def identity_provider(port: int) -> None:
    """Run the provider (in a child process): the benchmark's medewerker is its only user."""
    import oidc_provider_mock

    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    user = oidc_provider_mock.User(
        sub=run.BENCH_PERSON,
        claims={CLAIM: run.BENCH_PERSON, "given_name": "Bench", "family_name": "Meter"},
    )
    oidc_provider_mock.app(require_nonce=True, user_claims=[user]).run(host="127.0.0.1", port=port)


def app_environment(port: int, idp_port: int) -> dict[str, str]:
    """gunicorn's environment: the development profile on the load-test database."""
    return {
        **os.environ,
        "BINC_ENV": "development",
        "DATABASE_URL": URL,
        "BINC_BASE_URL": f"http://127.0.0.1:{port}",
        "BINC_OIDC_DISCOVERY_URL": f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration",
        "BINC_SECRET_KEY": "binc-loadtest",
        "AUTHLIB_INSECURE_TRANSPORT": "1",
    }


def log_in(base: str) -> requests.Session:
    """The real authorization-code flow: the app, the provider's form, the app's callback."""
    browser = requests.Session()
    start = browser.get(f"{base}/aanmelden/start", allow_redirects=False, timeout=30)
    authorization = start.headers["Location"]
    approved = requests.post(
        authorization, data={"sub": run.BENCH_PERSON}, allow_redirects=False, timeout=30
    )
    callback = urlsplit(approved.headers["Location"])
    answer = browser.get(f"{base}{callback.path}?{callback.query}", timeout=30)
    if answer.status_code != 200 or browser.get(f"{base}/", timeout=60).status_code != 200:
        raise SystemExit(f"logging in failed: {answer.status_code} {answer.url}")
    return browser


def csrf(browser: requests.Session, base: str) -> str:
    """The CSRF token of the logged-in session's forms, as the search form carries it."""
    page = browser.get(f"{base}/dossiers/zoeken", timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return quote(token, safe="")


def worker_memory(master: int) -> list[int]:
    """The resident memory (KiB) of each of gunicorn's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)))
    return sizes


def wrk(base: str, mode: str, seconds: int, connections: int, arguments: list[str]) -> dict:
    """One wrk run; its figures as {name: (value, unit)}."""
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        str(HERE / "loadtest.lua"),
        base,
        "--",
        mode,
        *arguments,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {
        name: (float(value), unit)
        for name, value, unit in re.findall(r"^(\w+): ([\d.]+) (.+)$", output, re.M)
    }


def database(create: bool) -> None:
    """Create (empty) or drop the load-test database."""
    if create:
        run.recreate_database(URL)
        return
    server = create_engine(make_url(URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(URL).database}" WITH (FORCE)'))
    server.dispose()


def measure(base: str, options, arguments: list[str], master: int) -> None:
    """Warm up, then alternate floor and mix ``options.rounds`` times; print the figures."""
    wrk(base, "mix", 5, options.connections, arguments)
    results: dict[str, list[dict]] = {"floor": [], "mix": []}
    for _ in range(options.rounds):
        for mode in ("floor", "mix"):
            results[mode].append(wrk(base, mode, options.seconds, options.connections, arguments))
    for mode, runs in results.items():
        for number, figures in enumerate(runs, 1):
            for name, (value, unit) in figures.items():
                print(f"{mode}.run{number}.{name}: {value:g} {unit}")
    pairs = zip(results["floor"], results["mix"], strict=True)
    ratios: dict[str, list[float]] = {"throughput_ratio": [], "p99_ratio": []}
    for number, (floor, mix) in enumerate(pairs, 1):
        ratios["throughput_ratio"].append(mix["throughput"][0] / floor["throughput"][0])
        ratios["p99_ratio"].append(mix["latency_p99"][0] / floor["latency_p99"][0])
        for name, values in ratios.items():
            print(f"mix_to_floor.run{number}.{name}: {values[-1]:.2f} x")
    # The floor alone moves by a third between 15-second runs on this machine: the median of
    # the pairs is the figure to compare with a goal, not one pair.
    for name, values in ratios.items():
        print(f"mix_to_floor.median_{name}: {statistics.median(values):.2f} x")
    for number, size in enumerate(worker_memory(master), 1):
        print(f"worker{number}.rss: {size / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5190, help="gunicorn's port")
    parser.add_argument("--idp-port", type=int, default=5191, help="the provider's port")
    parser.add_argument("--seconds", type=int, default=15, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=6, help="floor/mix pairs")
    parser.add_argument("--connections", type=int, default=20, help="concurrent users")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards, and use it again when complete (no new load)",
    )
    parser.add_argument("--idp", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.idp:
        identity_provider(options.idp_port)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make loadtest does)")
    if make_url(URL).database in ("test", "postgres"):
        raise SystemExit(f"refusing to use the database {make_url(URL).database!r}")
    free(options.port)
    free(options.idp_port)
    print(f"# load average before: {os.getloadavg()[0]:.1f}", flush=True)
    if not options.keep:
        database(create=True)
    processes = []
    try:
        run.prepare(URL, "loadtest")
        run.volume_person(run.bench_app(URL))  # the medewerker of the volume organisation
        idp = [sys.executable, __file__, "--idp", "--idp-port", str(options.idp_port)]
        processes.append(subprocess.Popen(idp, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
        base = f"http://127.0.0.1:{options.port}"
        gunicorn = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{options.port}",
            "binc_web.wsgi:app",
        ]
        server = subprocess.Popen(
            gunicorn,
            cwd=ROOT,
            env=app_environment(options.port, options.idp_port),
            stderr=subprocess.DEVNULL,
        )
        processes.append(server)
        wait_for(f"http://127.0.0.1:{options.idp_port}/.well-known/openid-configuration")
        wait_for(f"{base}/aanmelden")
        browser = log_in(base)
        _person, organisation = run.volume_person(run.bench_app(URL))
        dossier = run.a_dossier_with_traject(run.bench_app(URL), organisation)
        arguments = [browser.cookies["binc_session"], f"/dossiers/{dossier}", csrf(browser, base)]
        measure(base, options, arguments, server.pid)
        print(f"# load average after: {os.getloadavg()[0]:.1f}")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if not options.keep:
            database(create=False)


if __name__ == "__main__":
    main()
