"""The app's models, one module per feature; Django finds them through this module."""

from hamdel.coach.playbook.models import *  # noqa: F403
from hamdel.coach.review.models import *  # noqa: F403
from hamdel.coach.shield.models import *  # noqa: F403
