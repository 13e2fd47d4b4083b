"""Issue 17 item 2: the files of deploy/ agree with the application they install."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from binc_web.config import Defaults

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
TEMPLATE = (DEPLOY / "binc-web.env").read_text(encoding="utf-8")
# Settings with another name in the environment than BINC_<setting>.
ENVIRONMENT_NAMES = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL", "BINC_ENV": "BINC_ENV"}
# Read outside config.py's Defaults, by name: listed too.
ALSO_READ = ["BINC_SECRET_KEY", "BINC_INSTANCE_PATH"]
HARDENING = {
    "User": "binc",
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "UMask": "0077",
}
SETTING_LINE = re.compile(r"(# )?[A-Z_]+=.*")
UNITS = sorted(DEPLOY.glob("*.service"))


def settings() -> list[str]:
    names = [name for name in vars(Defaults) if name.isupper()]
    return [ENVIRONMENT_NAMES.get(name, f"BINC_{name}") for name in names] + ALSO_READ


def test_environment_template_lists_every_setting_with_its_meaning():
    """A setting added to config.py without a line (and a comment) in binc-web.env fails."""
    lines = TEMPLATE.splitlines()
    for name in settings():
        found = [
            number for number, line in enumerate(lines) if re.fullmatch(rf"(# )?{name}=.*", line)
        ]
        assert found, f"{name} is missing from deploy/binc-web.env"
        above = found[0] - 1
        while SETTING_LINE.fullmatch(lines[above]):  # a group shares one explanation
            above -= 1
        assert lines[above].startswith("#"), f"{name} in deploy/binc-web.env has no explanation"


def test_environment_template_names_no_unknown_setting():
    known = set(settings())
    named = set(re.findall(r"^(?:# )?((?:BINC_|DATABASE_)[A-Z_]+)=", TEMPLATE, re.MULTILINE))
    assert named <= known, named - known


@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_every_unit_runs_hardened_as_its_own_user(unit):
    text = unit.read_text(encoding="utf-8")
    service = dict(re.findall(r"^(\w+)=(.*)$", text.split("[Service]", 1)[1], re.MULTILINE))
    assert {key: service.get(key) for key in HARDENING} == HARDENING


def test_nginx_site_has_tls_hsts_the_upload_limit_and_the_trusted_headers():
    site = (DEPLOY / "nginx-binc-web.conf").read_text(encoding="utf-8")
    assert "listen 443 ssl http2;" in site
    assert 'add_header Strict-Transport-Security "max-age=31536000' in site
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert limit * 1024 * 1024 == Defaults.MAX_CONTENT_LENGTH
    for header in ("Host $http_host", "X-Forwarded-For $proxy_add_x_forwarded_for"):
        assert f"proxy_set_header {header};" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    # The headers the template tells binc-web to trust are the ones nginx sets.
    assert "BINC_PROXY_FIX_X_FOR=1" in TEMPLATE
    assert "BINC_PROXY_FIX_X_PROTO=1" in TEMPLATE
