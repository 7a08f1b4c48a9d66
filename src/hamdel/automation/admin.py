"""Each feature registers its models in the admin from its own `<feature>/admin.py` (read-only there)."""

from importlib import import_module
from importlib.util import find_spec

from hamdel.automation.apps import FEATURES

for _feature in FEATURES:
    if find_spec(f"hamdel.automation.{_feature}.admin") is not None:
        import_module(f"hamdel.automation.{_feature}.admin")
