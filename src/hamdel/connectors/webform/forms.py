"""The guided form: who you are, what kind of problem, and one clear question per request."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from hamdel.core.persian import latin_digits

MAX_QUESTIONS = 5
MAX_PHOTOS = 3
DEFAULT_TYPES = [
    _("Order and delivery"),
    _("Return or refund"),
    _("Payment"),
    _("Product quality"),
    _("My account"),
    _("Something else"),
]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    problem_type = forms.ChoiceField(label=_("What is it about?"))
    order_number = forms.CharField(
        label=_("Order number"),
        max_length=40,
        required=False,
        help_text=_("If it is about an order; e.g. 12345"),
    )
    website = forms.CharField(required=False)  # honeypot: people never see it, robots fill it in

    def __init__(self, *args: Any, types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose…")), *((t, t) for t in types)]
        cast(forms.ChoiceField, self.fields["problem_type"]).choices = choices

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip().lower()
        if value:
            try:
                validate_email(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(_("This e-mail address does not look right.")) from exc
        return value

    def clean_phone(self) -> str:
        value = re.sub(r"[\s\-()]", "", latin_digits(self.cleaned_data["phone"]))
        if value and not re.fullmatch(r"(\+98|0098|0)?9\d{9}", value):
            raise forms.ValidationError(_("Enter a mobile number like 09121234567."))
        return value

    def clean_order_number(self) -> str:
        value = latin_digits(self.cleaned_data["order_number"].strip())
        if value and not re.fullmatch(r"[A-Za-z0-9\-]{3,40}", value):
            raise forms.ValidationError(_("An order number has only letters and digits."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(_("Give an e-mail address or a mobile number so that we can answer."))
        return data


def clean_questions(post: dict, files: dict) -> tuple[list[tuple[str, list]], list[str]]:
    """[(text, photos)] for each question the customer wrote, and error messages by question."""
    questions: list[tuple[str, list]] = []
    errors: list[str] = []
    for i in range(MAX_QUESTIONS):
        text = (post.get(f"question_{i}") or "").strip()
        photos = files.getlist(f"photos_{i}") if hasattr(files, "getlist") else []
        if not text and not photos:
            continue
        n = len(questions) + 1
        if len(text) < 15:
            errors.append(str(_("Question %(n)s: describe the problem in at least a sentence.") % {"n": n}))
        if len(photos) > MAX_PHOTOS:
            errors.append(str(_("Question %(n)s: at most %(max)s photos.") % {"n": n, "max": MAX_PHOTOS}))
        for photo in photos:
            if (
                not (photo.content_type or "").startswith("image/")
                or photo.size > settings.HAMDEL_MAX_ATTACHMENT_BYTES
            ):
                errors.append(
                    str(
                        _("Question %(n)s: %(name)s is not a photo or is too large.")
                        % {"n": n, "name": photo.name}
                    )
                )
        questions.append((text, photos[:MAX_PHOTOS]))
    if not questions:
        errors.append(str(_("Write your question.")))
    return questions, errors
