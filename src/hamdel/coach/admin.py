"""Each feature registers its models in the admin from its own `<feature>/admin.py` (read-only there)."""

from importlib import import_module
from importlib.util import find_spec

from hamdel.coach.apps import FEATURES

for _feature in FEATURES:
    if find_spec(f"hamdel.coach.{_feature}.admin") is not None:
        import_module(f"hamdel.coach.{_feature}.admin")
