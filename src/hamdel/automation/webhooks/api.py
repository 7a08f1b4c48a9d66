"""Webhooks through the API (built on h/automation-webhooks)."""

from ninja import Router

router = Router(tags=["webhooks"])
