"""The request type of staff pages: behind ``@requires``/``login_required`` the user is signed in."""

from __future__ import annotations

from hamdel.accounts.models import User
from hamdel.core.http import HtmxRequest


class SignedInRequest(HtmxRequest):
    """A request whose ``user`` is a signed-in ``User`` (never ``AnonymousUser``).

    Only an annotation for views guarded by ``@requires(...)`` or ``login_required``: it lets mypy accept
    ``actor=request.user`` where a service expects a ``User``, without a cast at every call.
    """

    user: User
