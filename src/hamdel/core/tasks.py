"""Kept so that tasks queued before the bus moved into `core.events` still find `dispatch`."""

from hamdel.core.events import dispatch

__all__ = ["dispatch"]
