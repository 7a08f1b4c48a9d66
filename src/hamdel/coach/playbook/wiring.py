"""What the playbook feature plugs in (listeners, menu and settings entries, panels, composer checks)."""

from __future__ import annotations


def ready() -> None:
    """Called once from CoachConfig.ready()."""
