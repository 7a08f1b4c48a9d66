"""Serving attachments: to signed-in staff by id, to the customer through a signed link that expires.

Files sit in the data directory, which no URL maps to; these views are the only way out. The stored type was
sniffed from the bytes at intake, so the browser is told that type, and only images and PDFs open inline;
everything else is a download with `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from hamdel.accounts.http import SignedInRequest
from hamdel.conversations import selectors
from hamdel.conversations.models import ATTACHMENT_SALT, Attachment
from hamdel.core.permissions import Perm, requires


def _serve(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.inline,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    if not attachment.inline:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@requires(Perm.CONVERSATION_VIEW)
def attachment(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """Staff who may see conversations open the file of any message they can see."""
    return _serve(selectors.attachment_get(user=request.user, pk=pk))


def attachment_shared(request: HttpRequest, token: str) -> HttpResponseBase:
    """Public to whoever holds the signed link the customer was given; it expires."""
    try:
        pk = signing.loads(token, salt=ATTACHMENT_SALT, max_age=settings.HAMDEL_ATTACHMENT_LINK_SECONDS)
    except signing.SignatureExpired:
        return _refusal(_("This file link has expired; ask us to send it again."), 410)
    except signing.BadSignature:
        return _refusal(_("This file link is not valid."), 404)
    found = Attachment.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None or not found.file:
        return _refusal(_("This file link is not valid."), 404)
    return _serve(found)


def _refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
