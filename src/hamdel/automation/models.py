"""The app's models, one module per feature; Django finds them through this module."""

from hamdel.automation.rules.models import *  # noqa: F403
from hamdel.automation.webhooks.models import *  # noqa: F403
