"""The team's shared catalogue: tags and canned replies (team leads and admins manage them)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.conversations.models import CannedReply, Tag
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@transaction.atomic
def tag_create(*, name: str, color: str = "#64748b", actor: Any) -> Tag:
    require(actor, Perm.TAG_CREATE)
    name = name.strip()[:60]
    if not name:
        raise ApplicationError(_("A tag needs a name."), {"name": "required"}, code="required")
    if not _COLOR.match(color):
        raise ApplicationError(_("The colour is not valid."), {"color": color}, code="invalid_color")
    if Tag.objects.filter(name=name).exists():
        raise ApplicationError(_("A tag with this name exists."), {"name": name}, status=409)
    tag = Tag.objects.create(name=name, color=color)
    audit(actor=actor, action="tag.create", target=name)
    return tag


def _clean_canned(canned: CannedReply) -> None:
    try:
        canned.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The canned reply is not valid."), exc.message_dict) from exc


@transaction.atomic
def canned_reply_create(*, title: str, shortcut: str, text: str, actor: Any) -> CannedReply:
    require(actor, Perm.CANNED_MANAGE)
    if CannedReply.objects.filter(shortcut=shortcut).exists():
        raise ApplicationError(
            _("A canned reply with this shortcut exists."), {"shortcut": shortcut}, status=409
        )
    canned = CannedReply(title=title.strip(), shortcut=shortcut, text=text)
    _clean_canned(canned)
    canned.save()
    audit(actor=actor, action="canned_reply.create", target=shortcut)
    return canned


@transaction.atomic
def canned_reply_update(
    *,
    canned: CannedReply,
    actor: Any,
    title: str | None = None,
    shortcut: str | None = None,
    text: str | None = None,
) -> CannedReply:
    require(actor, Perm.CANNED_MANAGE)
    if shortcut is not None and CannedReply.objects.filter(shortcut=shortcut).exclude(pk=canned.pk).exists():
        raise ApplicationError(
            _("A canned reply with this shortcut exists."), {"shortcut": shortcut}, status=409
        )
    canned.title = title.strip() if title is not None else canned.title
    canned.shortcut = shortcut if shortcut is not None else canned.shortcut
    canned.text = text if text is not None else canned.text
    _clean_canned(canned)
    canned.save()
    audit(actor=actor, action="canned_reply.update", target=canned.shortcut)
    return canned


@transaction.atomic
def canned_reply_delete(*, canned: CannedReply, actor: Any) -> None:
    require(actor, Perm.CANNED_MANAGE)
    audit(actor=actor, action="canned_reply.delete", target=canned.shortcut)
    canned.delete()


@transaction.atomic
def tag_update(*, tag: Tag, actor: Any, name: str | None = None, color: str | None = None) -> Tag:
    """Renaming a tag renames it on every conversation at once (the history keeps the old name)."""
    require(actor, Perm.TAG_CREATE)
    new_name = name.strip()[:60] if name is not None else tag.name
    if not new_name:
        raise ApplicationError(_("A tag needs a name."), {"name": "required"}, code="required")
    if color is not None and not _COLOR.match(color):
        raise ApplicationError(_("The colour is not valid."), {"color": color}, code="invalid_color")
    if Tag.objects.filter(name=new_name).exclude(pk=tag.pk).exists():
        raise ApplicationError(_("A tag with this name exists."), {"name": new_name}, status=409)
    audit(actor=actor, action="tag.update", target=tag.name, name=new_name)
    tag.name = new_name
    tag.color = color or tag.color
    tag.save(update_fields=["name", "color"])
    return tag


@transaction.atomic
def tag_delete(*, tag: Tag, actor: Any) -> None:
    """Removes the tag from every conversation; their history still says it was there."""
    require(actor, Perm.TAG_CREATE)
    audit(actor=actor, action="tag.delete", target=tag.name)
    tag.delete()
