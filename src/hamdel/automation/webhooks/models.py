"""Webhook subscriptions and deliveries (built on h/automation-webhooks)."""

__all__: list[str] = []
