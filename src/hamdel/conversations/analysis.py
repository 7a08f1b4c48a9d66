"""The analysis hook: a no-op until the language models are present."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def analyze_and_store(message_id: int) -> None:
    """Placeholder replaced when the language module lands (see issue 3)."""
    return None
