"""Settings forms: one form per channel, built from its spec; secrets are write-only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hamdel.connectors.models import Inbox
from hamdel.connectors.secrets import mask
from hamdel.connectors.spec import ChannelSpec


def inbox_form(spec: ChannelSpec) -> type[forms.ModelForm]:
    """The settings form of one channel, built from its spec: its columns, then its extra fields.

    Secret fields are write-only: never rendered back, shown as «••••abcd», and left unchanged when the
    field is left empty. The form only validates; `services.inbox_create/inbox_update` save.
    """
    columns = [c for c in spec.columns if c in _COLUMNS]

    class InboxForm(forms.ModelForm):
        class Meta:
            model = Inbox
            fields = ["name", "is_active", *columns]
            widgets = {
                "email_addresses": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
                "problem_types": forms.Textarea(attrs={"rows": 4}),
                **{name: forms.PasswordInput(render_value=False) for name in spec.secret_fields},
            }

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            for name, make in spec.fields.items():
                field = make()
                if name in spec.secret_fields:
                    field.widget = forms.PasswordInput(render_value=False)
                self.fields[name] = field
                if self.instance.pk and name not in spec.secret_fields:
                    self.initial.setdefault(name, self.instance.setting(name))
            for name in spec.secret_fields:
                if name not in self.fields:
                    continue
                saved = str(self.instance.setting(name) or "") if self.instance.pk else ""
                self.fields[name].required = name in spec.required and not saved
                if saved:
                    self.fields[name].help_text = _("Saved: %(masked)s. Leave empty to keep it.") % {
                        "masked": mask(saved)
                    }
            for name in spec.required:
                if name in self.fields and name not in spec.secret_fields:
                    self.fields[name].required = True
            for name in spec.ltr_fields:
                if name in self.fields:
                    self.fields[name].widget.attrs["dir"] = "ltr"

        def clean(self) -> dict[str, object]:
            data = super().clean() or {}
            for name in spec.secret_fields:
                if name in self.fields and not data.get(name) and self.instance.pk:
                    data[name] = self.instance.setting(name)  # empty means "keep the saved secret"
            return data

    return InboxForm


def form_settings(spec: ChannelSpec, form: forms.BaseForm) -> dict[str, object]:
    """The validated values of a channel's settings form (name and is_active included)."""
    names = ["name", "is_active", *spec.settings]
    return {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}


_COLUMNS = {f.name for f in Inbox._meta.concrete_fields}


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
