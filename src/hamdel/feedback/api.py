"""Feedback API: surveys, responses, ideas (issue 5)."""

from ninja import Router

router = Router(tags=["feedback"])
