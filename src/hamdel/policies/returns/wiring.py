"""What the returns feature plugs in (listeners, periodic work, menu and settings entries, panels)."""


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
