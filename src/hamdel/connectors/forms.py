"""Settings forms: one form per inbox, showing only the fields its channel uses; secrets are write-only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.connectors.models import Inbox, InboxKind

FIELDS = {
    InboxKind.EMAIL: [
        "email_addresses",
        "imap_host",
        "imap_port",
        "imap_ssl",
        "imap_user",
        "imap_password",
        "imap_folder",
    ],
    InboxKind.TELEGRAM: ["bot_token", "api_base"],
    InboxKind.BALE: ["bot_token", "api_base"],
    InboxKind.SMS: ["sms_sender", "sms_api_key", "api_base"],
    InboxKind.CHAT: ["greeting", "prechat_form"],
    InboxKind.WEB_FORM: ["greeting", "problem_types"],
    InboxKind.PHONE: [],
    InboxKind.SOCIAL: [],
    InboxKind.WALK_IN: [],
}
SECRETS = ("imap_password", "bot_token", "sms_api_key")
LTR = ("email_addresses", "imap_host", "imap_user", "imap_folder", "api_base", "sms_sender", "imap_port")


def inbox_form(kind: str) -> type[forms.ModelForm]:
    class InboxForm(forms.ModelForm):
        class Meta:
            model = Inbox
            fields = ["name", "is_active", *FIELDS[kind]]
            widgets = {
                "email_addresses": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
                "problem_types": forms.Textarea(attrs={"rows": 4}),
                **{name: forms.PasswordInput(render_value=False) for name in SECRETS},
            }

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            for name in SECRETS:
                if name in self.fields:
                    self.fields[name].required = False
                    if self.instance.pk and getattr(self.instance, name):
                        self.fields[name].help_text = _("Saved. Leave empty to keep it.")
            for name in LTR:
                if name in self.fields:
                    self.fields[name].widget.attrs["dir"] = "ltr"
            if kind == InboxKind.EMAIL:
                self.fields["email_addresses"].required = True

        def clean(self) -> dict[str, object]:
            data = super().clean()
            for name in SECRETS:
                if name in self.fields and not data.get(name) and self.instance.pk:
                    data[name] = getattr(self.instance, name)  # empty means "keep the saved secret"
            if kind in (InboxKind.TELEGRAM, InboxKind.BALE) and not data.get("bot_token"):
                self.add_error("bot_token", _("The bot token from BotFather is needed."))
            return data

    return InboxForm


class CallForm(forms.Form):
    caller = forms.CharField(label=_("Number"), max_length=40)
    missed = forms.BooleanField(label=_("Missed call (call back)"), required=False)
    ivr_path = forms.CharField(label=_("IVR choices"), max_length=60, required=False, help_text=_("e.g. 1-3"))
    queue_wait_seconds = forms.IntegerField(label=_("Wait in queue (seconds)"), min_value=0, required=False)
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"), min_value=0, required=False)
    recording_url = forms.URLField(label=_("Recording link"), required=False)
    transcript = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    agent_notes = forms.CharField(
        label=_("Notes for the team"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class WalkInForm(forms.Form):
    text = forms.CharField(label=_("What the customer asked for"), widget=forms.Textarea(attrs={"rows": 3}))
    branch = forms.CharField(label=_("Branch"), max_length=120, required=False)
