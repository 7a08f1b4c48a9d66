"""What the calendars feature plugs in: its section of the settings hub (and its declared event)."""


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
    from hamdel.core.slots import settings_register
    from hamdel.policies.calendars import events  # noqa: F401  (declares CalendarChanged)
    from hamdel.policies.calendars.views import settings_section

    settings_register(settings_section())
