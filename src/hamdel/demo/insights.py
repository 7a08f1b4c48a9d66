"""Insights demo: the demo history (loaded with the listeners off and backdated) copied into the report
tables through the rebuild action, so the dashboards open with four months of figures."""

from __future__ import annotations

import datetime as dt

from hamdel.core.permissions import SYSTEM
from hamdel.insights.services import insights_rebuild


def load_insights(now: dt.datetime) -> None:
    insights_rebuild(actor=SYSTEM, since=(now - dt.timedelta(days=150)).date())
