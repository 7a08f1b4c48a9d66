"""Forms of the settings pages: they only parse; the actions in `accounts.services` validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hamdel.accounts import selectors
from hamdel.accounts.models import Role, Team, User
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.http import form_id


class RowsField(forms.ModelMultipleChoiceField):
    """Checkboxes of rows whose posted values must be row ids: text or a number too large for the
    database is an invalid choice (Django would query with it and answer a 500)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if form_id(pk) is None:
                raise ValidationError(self.error_messages["invalid_choice"], "invalid_choice", {"value": pk})
        return super().clean(value)


def _team_field() -> forms.ModelMultipleChoiceField:
    return RowsField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class UserCreateForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        help_text=_("Leave empty to generate a strong one; it is shown once."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _team_field()


class UserEditForm(ServiceErrorsMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("A deactivated user cannot log in or use API keys.")
    )
    password = forms.CharField(
        label=_("Set a new password"),
        required=False,
        strip=False,
        help_text=_("Leave empty to keep the current password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _team_field()


class TeamForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = RowsField(
            label=_("Members"),
            queryset=selectors.user_list(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class ApiKeyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. «CRM integration».")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            label=_("Acts as"),
            queryset=selectors.user_list(),
            help_text=_("The key can do exactly what this user's role allows."),
        )
        self.fields["user"].label_from_instance = _user_label  # type: ignore[attr-defined]


def _user_label(user: User) -> str:
    return f"{user.name} ({user.get_role_display()})"
