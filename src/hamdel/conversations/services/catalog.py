"""The team's shared catalogue: tags (team leads and admins manage them); canned replies are in `canned`."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.conversations.models import Tag
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
