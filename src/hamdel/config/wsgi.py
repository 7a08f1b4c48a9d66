"""WSGI entry (HTTP only, no WebSockets): `hamdel serve --server granian-wsgi`, or any WSGI server.

API-key calls to /api/ take the lean middleware chain (config/lean.py), the common single inbound call the
front (config/front.py); every other request the full chain.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.config.settings")

import django

django.setup(set_prefix=False)

from hamdel.config.front import InboundFrontWSGI  # noqa: E402
from hamdel.config.lean import WSGIDispatcher  # noqa: E402

# The common single inbound call is answered by the front (config/front.py); see asgi.py.
application = InboundFrontWSGI(WSGIDispatcher())
