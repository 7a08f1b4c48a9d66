"""Playbook fixtures: a team lead's API client and the starter set loaded through its action."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create
from tests.conftest import ApiClient

STARTER = Path(__file__).resolve().parents[2] / "data" / "playbook" / "playbook-fa.json"


@pytest.fixture
def lead_api(lead: User) -> ApiClient:
    _key, plain = api_key_create(name="lead", user=lead)
    return ApiClient(plain)


@pytest.fixture
def starter(lead: User) -> list[dict[str, Any]]:
    from hamdel.coach.playbook.services import playbook_import

    entries: list[dict[str, Any]] = json.loads(STARTER.read_text(encoding="utf-8"))
    playbook_import(actor=lead, entries=entries)
    return entries
