"""Satisfaction cards: a branch or counter gets its own QR code bound to a short survey (set-up)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.feedback.models import Location, Survey


def location_create(*, actor: Any, branch: str, counter: str, survey: Survey | None) -> Location:
    """A branch or counter gets its own satisfaction card, so answers show where service happened."""
    require(actor, Perm.SURVEY_MANAGE)
    if survey is None:
        raise ApplicationError(
            _("Choose a survey for the card."), {"survey": "required"}, code="survey_required"
        )
    if not branch.strip():
        raise ApplicationError(_("Name the branch."), {"branch": "required"}, code="branch_required")
    return Location.objects.create(branch=branch.strip()[:120], counter=counter.strip()[:120], survey=survey)
