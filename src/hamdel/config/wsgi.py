"""WSGI entry (HTTP only, no WebSockets): `hamdel serve --server granian-wsgi`, or any WSGI server.

API-key calls to /api/ take the lean middleware chain (config/lean.py); every other request the full one.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")

import django

django.setup(set_prefix=False)

from hamdel.config.lean import WSGIDispatcher  # noqa: E402

application = WSGIDispatcher()
