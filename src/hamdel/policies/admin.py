"""The policies models in the admin, one module per feature (found here by Django's admin autodiscovery)."""

from hamdel.policies.remedies import admin as remedies_admin  # noqa: F401
