"""Returns models."""

__all__: list[str] = []
