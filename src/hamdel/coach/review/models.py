"""The review models."""

__all__: list[str] = []
