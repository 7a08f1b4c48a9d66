"""Playbook actions: supervisors write, change and delete entries (Perm.PLAYBOOK_MANAGE).

Each is one action: require → validate the whole request (every bad field named) → one transaction →
audit entry. The search index notices the change by itself (selectors.playbook_version).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require

MAX_TITLE = 200
MAX_PHRASING = 300
MAX_PHRASINGS = 30
MAX_ANSWER = 5000
MAX_EVIDENCE = 3000
MAX_PRODUCT_LINE = 80
MAX_TAG = 40
MAX_TAGS = 20
_FIELD_NAMES = {
    "title": gettext_lazy("Objection"),
    "phrasings": gettext_lazy("Other phrasings"),
    "answer": gettext_lazy("Recommended answer"),
    "evidence": gettext_lazy("Evidence and offers"),
    "product_line": gettext_lazy("Product line"),
    "tags": gettext_lazy("Tags"),
    "active": gettext_lazy("Active"),
}
FIELDS = ("title", "phrasings", "answer", "evidence", "product_line", "tags", "active")


def _text_list(value: Any, field: str, longest: int, most: int, bad: Any) -> list[str]:
    """A list of short texts, from a list or one text with a line (or comma, for tags) per item."""
    if isinstance(value, str):
        value = value.splitlines() if field == "phrasings" else value.replace("،", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(field, _("Give a list of texts."))
        return []
    items = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(items) > most:
        bad(field, _("At most %(n)d items.") % {"n": most})
    elif any(len(v) > longest for v in items):
        bad(field, _("Each item may have at most %(n)d characters.") % {"n": longest})
    return items


def _clean(data: dict[str, Any], entry: PlaybookEntry | None) -> dict[str, Any]:
    """Every field of the request checked at once; one ApplicationError naming each bad field."""
    errors: list[dict[str, str]] = []

    def bad(field: str, message: str) -> None:
        errors.append({"field": field, "message": str(message)})

    unknown = sorted(set(data) - set(FIELDS))
    for field in unknown:
        bad(field, _("Unknown field."))
    clean: dict[str, Any] = {}
    required = {"title": MAX_TITLE, "answer": MAX_ANSWER}
    optional = {"evidence": MAX_EVIDENCE, "product_line": MAX_PRODUCT_LINE}
    for field, longest in {**required, **optional}.items():
        if field not in data:
            if entry is None and field in required:
                bad(field, _("This field is required."))
            continue
        value = data[field]
        if value is None and field in optional:
            value = ""
        if not isinstance(value, str):
            bad(field, _("Give a text."))
            continue
        value = value.strip()
        if field in required and not value:
            bad(field, _("This field is required."))
        elif len(value) > longest:
            bad(field, _("At most %(n)d characters.") % {"n": longest})
        clean[field] = value
    if "phrasings" in data:
        clean["phrasings"] = _text_list(
            data["phrasings"] or [], "phrasings", MAX_PHRASING, MAX_PHRASINGS, bad
        )
    if "tags" in data:
        clean["tags"] = _text_list(data["tags"] or [], "tags", MAX_TAG, MAX_TAGS, bad)
    if "active" in data:
        if not isinstance(data["active"], bool):
            bad("active", _("Give true or false."))
        clean["active"] = data["active"]
    if errors:
        message = (
            errors[0]["message"] if len(errors) == 1 else _("Some fields are not valid; nothing was saved.")
        )
        if len(errors) == 1:
            message = f"{_FIELD_NAMES.get(errors[0]['field'], errors[0]['field'])}: {message}"
        extra = {"errors": errors, **{e["field"]: e["message"] for e in errors}}
        raise ApplicationError(message, extra, code="invalid_playbook_entry")
    return clean


@transaction.atomic
def playbook_entry_create(*, actor: Any, data: dict[str, Any]) -> PlaybookEntry:
    """A new objection with its answer; active unless the request says otherwise."""
    require(actor, Perm.PLAYBOOK_MANAGE)
    clean = _clean(data, None)
    entry = PlaybookEntry.objects.create(
        **clean, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    audit(actor=actor, action="playbook_entry.create", target=entry.title, id=entry.pk)
    return entry


@transaction.atomic
def playbook_entry_update(*, actor: Any, entry: PlaybookEntry, data: dict[str, Any]) -> PlaybookEntry:
    """Change the fields the request names; one bad field and nothing changes."""
    require(actor, Perm.PLAYBOOK_MANAGE)
    clean = _clean(data, entry)
    entry = PlaybookEntry.objects.select_for_update().get(pk=entry.pk)
    for field, value in clean.items():
        setattr(entry, field, value)
    entry.save(update_fields=[*clean, "updated_at"])
    audit(actor=actor, action="playbook_entry.update", target=entry.title, id=entry.pk, fields=sorted(clean))
    return entry


@transaction.atomic
def playbook_entry_delete(*, actor: Any, entry: PlaybookEntry) -> None:
    """Remove an entry for good (switch `active` off to keep it out of search but keep the text)."""
    require(actor, Perm.PLAYBOOK_MANAGE)
    audit(actor=actor, action="playbook_entry.delete", target=entry.title, id=entry.pk)
    PlaybookEntry.objects.filter(pk=entry.pk).delete()


@transaction.atomic
def playbook_import(*, actor: Any, entries: list[dict[str, Any]]) -> tuple[int, int]:
    """Load a starter set or a colleague's export: (created, skipped). Idempotent: an entry whose objection
    and product line are already there is skipped; one invalid entry and nothing is loaded."""
    require(actor, Perm.PLAYBOOK_MANAGE)
    if not isinstance(entries, list):
        raise ApplicationError(_("Give a list of playbook entries."), code="invalid_playbook_entry")
    cleaned: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, data in enumerate(entries, start=1):
        try:
            if not isinstance(data, dict):
                raise ApplicationError(_("Give a list of playbook entries."), {"errors": []})
            cleaned.append(_clean(data, None))
        except ApplicationError as exc:
            problems.append({"entry": number, "message": exc.message, "errors": exc.extra.get("errors", [])})
    if problems:
        first = problems[0]
        raise ApplicationError(
            _("Entry %(n)d: %(message)s") % {"n": first["entry"], "message": first["message"]},
            {"entries": problems},
            code="invalid_playbook_entry",
        )
    have = set(PlaybookEntry.objects.values_list("title", "product_line"))
    user = actor if getattr(actor, "is_authenticated", False) else None
    created = 0
    for clean in cleaned:
        key = (clean["title"], clean.get("product_line", ""))
        if key in have:
            continue
        have.add(key)
        PlaybookEntry.objects.create(**clean, created_by=user)
        created += 1
    audit(
        actor=actor,
        action="playbook_entry.import",
        target="",
        created=created,
        skipped=len(cleaned) - created,
    )
    return created, len(cleaned) - created
