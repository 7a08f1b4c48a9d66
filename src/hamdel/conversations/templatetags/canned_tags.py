"""A canned reply's variables shown as left-to-right code, so the Persian text around them reads right."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hamdel.conversations.canned_text import markup_spans

register = template.Library()


@register.filter
def canned_markup(text: str, limit: int = 0) -> SafeString:
    """`{{customer.first_name|مشتری}}` as `<code dir="ltr">…</code>`; plain text escaped; cut at `limit`."""
    text = str(text)
    if limit and len(text) > limit:
        text = text[: int(limit)].rstrip() + "…"
    parts = []
    for chunk, is_variable in markup_spans(text):
        parts.append(format_html('<code dir="ltr">{}</code>', chunk) if is_variable else escape(chunk))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
