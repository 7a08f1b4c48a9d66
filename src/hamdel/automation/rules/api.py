"""Rules API (issue 16, item 1): built on the h/automation-rules branch; empty here."""

from ninja import Router

router = Router(tags=["rules"])
