"""The app's admin, one module per feature; Django finds them through this module."""

from hamdel.policies.returns import admin as returns_admin  # noqa: F401
