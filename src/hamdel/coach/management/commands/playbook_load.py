"""`hamdel manage playbook_load [FILE]`: load objection playbook entries (default: the starter set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import SYSTEM

STARTER = Path(settings.REPO_DIR) / "data" / "playbook" / "playbook-fa.json"


class Command(BaseCommand):
    help = "Load objection playbook entries from a JSON list (skips objections already there)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(STARTER), help="default: the Persian starter set")

    def handle(self, *args: Any, **options: Any) -> None:
        from hamdel.coach.playbook.services import playbook_import

        path = Path(options["file"])
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            created, skipped = playbook_import(actor=SYSTEM, entries=entries)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{created} entries loaded, {skipped} already there")
