"""A-1 login rate limit behind a reverse proxy (ProxyFix) and shared between workers (Redis)."""

from __future__ import annotations

import pytest
import redis

from binc_web import create_app
from tests.conftest import app_config

START = "/aanmelden/start"
REDIS_URL = "redis://127.0.0.1:6379/3"


def _limited_app(database_url, oidc_issuer, **settings):
    application = create_app(
        {**app_config(database_url, oidc_issuer), "LOGIN_RATE_LIMIT": "2 per minute", **settings}
    )
    return application.test_client()


def _statuses(http, forwarded_for: str, times: int = 3) -> list[int]:
    return [
        http.get(START, headers={"X-Forwarded-For": forwarded_for}).status_code
        for _ in range(times)
    ]


def test_a1_login_limit_is_per_real_client_behind_a_trusted_proxy(app, database_url, oidc_issuer):
    http = _limited_app(database_url, oidc_issuer, PROXY_FIX_X_FOR=1)
    assert _statuses(http, "203.0.113.7") == [302, 302, 429]
    assert _statuses(http, "198.51.100.20") == [302, 302, 429]


def test_a1_forwarded_for_is_ignored_without_trusted_proxies(app, database_url, oidc_issuer):
    http = _limited_app(database_url, oidc_issuer)
    assert _statuses(http, "203.0.113.7", 2) == [302, 302]
    assert _statuses(http, "198.51.100.20", 1) == [429]


def test_a1_forwarded_for_only_trusts_the_configured_number_of_proxies(
    app, database_url, oidc_issuer
):
    """A client cannot pick its own bucket by prepending addresses to X-Forwarded-For."""
    http = _limited_app(database_url, oidc_issuer, PROXY_FIX_X_FOR=1)
    assert _statuses(http, "10.0.0.1, 203.0.113.7", 2) == [302, 302]
    assert _statuses(http, "10.0.0.2, 203.0.113.7", 1) == [429]


@pytest.fixture
def redis_db():
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()


def test_a1_login_limit_is_shared_by_app_instances_with_redis_storage(
    app, database_url, oidc_issuer, redis_db
):
    """Two gunicorn workers (or machines) count in one bucket when Redis is configured."""
    first = _limited_app(database_url, oidc_issuer, RATELIMIT_STORAGE_URI=REDIS_URL)
    second = _limited_app(database_url, oidc_issuer, RATELIMIT_STORAGE_URI=REDIS_URL)
    assert first.get(START).status_code == 302
    assert second.get(START).status_code == 302
    assert first.get(START).status_code == 429
    assert second.get(START).status_code == 429
    assert redis_db.dbsize() > 0
