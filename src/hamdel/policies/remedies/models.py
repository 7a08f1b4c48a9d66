"""Remedies models."""

__all__: list[str] = []
