"""The API fuzzed from its own OpenAPI schema by schemathesis, in-process, as an admin and without a key.

Every operation gets a bounded number of generated requests (hypothesis, derandomised so CI is
repeatable). Given any of them, the server never answers 5xx, every status code and body matches the
schema, and without credentials every operation answers 401 with the JSON error shape.

Two schemathesis checks are left out on purpose:
- `positive_data_acceptance`: a schema-valid request may still be refused by a business rule
  (an unknown status, a closed window) with a documented 4xx;
- `negative_data_rejection`: pydantic's lax mode accepts 0 for false and a Unix time for a date.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create

ADMIN_EXAMPLES = 8
ANONYMOUS_EXAMPLES = 3
LENIENT = [negative_data_rejection, positive_data_acceptance]

APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
# Without a key only authentication is under test: no boundary-value ("coverage") phase, a few examples.
anonymous_schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    APP,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)
COUNTS: Counter[str] = Counter()
OPERATIONS = sum(1 for _ in schema.get_all_operations())


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    """Print what was sent, for the resolution note (`pytest -s tests/fuzz`)."""
    yield
    print(f"\nfuzz: {OPERATIONS} operations, {dict(COUNTS)}")


@pytest.fixture
def in_process(db: None) -> Iterator[None]:
    """Keep the test's database connection open between requests, as Django's test client does.

    Refusals (4xx) are expected by the thousand: only server errors stay in the log.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.ERROR)
    yield
    log.setLevel(level)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_key(in_process: None, admin: User, inbound: Any) -> str:
    inbound()  # one conversation, customer and message, so that id 1 exists for the path parameters
    return api_key_create(name="fuzz", user=admin)[1]


@schema.parametrize()
@settings(
    max_examples=ADMIN_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
def test_as_admin(case: Any, admin_key: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {admin_key}"})
    COUNTS["admin"] += 1
    COUNTS[f"admin {response.status_code // 100}xx"] += 1
    # ignored_auth is left to the test without a key: with our key in the headers, schemathesis' own
    # "invalid cookie" probe still carries the valid key and is (rightly) accepted.
    case.validate_response(response, excluded_checks=[*LENIENT, ignored_auth])


@anonymous_schema.parametrize()
@settings(
    max_examples=ANONYMOUS_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
def test_without_a_key(case: Any, in_process: None) -> None:
    response = case.call(headers={"Authorization": "", "X-API-Key": "", "Cookie": ""})
    COUNTS["anonymous"] += 1
    case.validate_response(response, excluded_checks=LENIENT)
    if case.method.upper() != case.operation.method.upper():
        assert response.status_code == 405  # a method the path does not have, refused before auth
        return
    assert response.status_code == 401, (case.method, case.path, response.status_code, response.text[:200])
    assert response.json()["code"] == "unauthenticated"
