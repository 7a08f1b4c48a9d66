"""What the webhooks feature plugs in (listeners, periodic work, menu and settings entries)."""

from __future__ import annotations


def ready() -> None:
    """Called once from AutomationConfig.ready()."""
