"""Absolute public links for messages, QR codes and cards (pages customers open without logging in)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from hamdel.feedback.models import Invitation, Location, Survey


def survey_url(path: str) -> str:
    """Absolute link for messages and QR codes (HAMDEL_PUBLIC_URL; the local server when unset)."""
    return (getattr(settings, "HAMDEL_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/") + path


def invitation_url(invitation: Invitation) -> str:
    return survey_url(reverse("feedback:answer", args=[invitation.token]))


def survey_link(survey: Survey) -> str:
    """The survey's own link and QR code: anyone may answer, once per browser session."""
    return survey_url(reverse("feedback:link", args=[survey.public_key]))


def card_url(location: Location) -> str:
    return survey_url(reverse("feedback:card", args=[location.key]))
