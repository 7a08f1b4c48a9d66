"""The app's models, one module per feature; Django finds them through this module."""

from hamdel.policies.promises.models import *  # noqa: F403
from hamdel.policies.remedies.models import *  # noqa: F403
from hamdel.policies.returns.models import *  # noqa: F403
from hamdel.policies.sla.models import *  # noqa: F403
