"""The shield models."""

__all__: list[str] = []
