"""The playbook models."""

__all__: list[str] = []
