"""What the rules feature plugs in; built on the h/automation-rules branch."""

from __future__ import annotations


def ready() -> None:
    """Called once from AutomationConfig.ready()."""
