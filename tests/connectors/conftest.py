"""Connector fixtures: recorded payloads, configured inboxes and real local servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.connectors.models import Inbox, InboxKind

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def eml() -> callable:
    def read(name: str) -> bytes:
        return (FIXTURES / "email" / name).read_bytes()

    return read


@pytest.fixture
def email_inbox(db: None) -> Inbox:
    return Inbox.objects.create(
        name="پشتیبانی", kind=InboxKind.EMAIL, email_addresses="support@shop.example.ir\nhelp@shop.example.ir"
    )
