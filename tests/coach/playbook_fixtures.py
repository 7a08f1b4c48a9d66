"""Shared by the playbook tests (a module, not a conftest, so the coach features share no conftest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hamdel.accounts.models import User

STARTER = Path(__file__).resolve().parents[2] / "data" / "playbook" / "playbook-fa.json"


def load_starter(lead: User) -> list[dict[str, Any]]:
    """The Persian starter set, loaded through its action by a team lead."""
    from hamdel.coach.playbook.services import playbook_import

    entries: list[dict[str, Any]] = json.loads(STARTER.read_text(encoding="utf-8"))
    playbook_import(actor=lead, entries=entries)
    return entries
