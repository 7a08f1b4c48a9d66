"""Record administrative actions; called from services inside their transaction."""

from __future__ import annotations

from typing import Any

from hamdel.core.models import AuditLog


def audit(*, actor: Any, action: str, target: str = "", **details: Any) -> AuditLog:
    """Write one audit entry; the actor may be None for system actions."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(actor=user, action=action, target=target, details=details)
