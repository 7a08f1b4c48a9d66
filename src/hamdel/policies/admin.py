"""Each feature registers its models in the admin from its own `<feature>/admin.py` (read-only there)."""

from importlib import import_module
from importlib.util import find_spec

from hamdel.policies.apps import FEATURES

for _feature in FEATURES:
    if find_spec(f"hamdel.policies.{_feature}.admin") is not None:
        import_module(f"hamdel.policies.{_feature}.admin")
"""The app's admin, one module per feature; Django finds them through this module."""

from hamdel.policies.returns import admin as returns_admin  # noqa: F401
"""The policies models in the admin, one module per feature (found here by Django's admin autodiscovery)."""

from hamdel.policies.remedies import admin as remedies_admin  # noqa: F401
