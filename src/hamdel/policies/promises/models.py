"""Promises models."""

__all__: list[str] = []
