"""Connector fixtures: recorded payloads, configured inboxes and real local servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import user_create
from hamdel.connectors.models import Inbox

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def eml() -> callable:
    def read(name: str) -> bytes:
        return (FIXTURES / "email" / name).read_bytes()

    return read


@pytest.fixture
def email_inbox(db: None) -> Inbox:
    return Inbox.objects.create(
        name="پشتیبانی", kind="email", email_addresses="support@shop.example.ir\nhelp@shop.example.ir"
    )


@pytest.fixture
def channel_admin(db: None) -> User:
    """Setting up channels (and their secrets) is an admin's job."""
    return user_create(username="admin", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
