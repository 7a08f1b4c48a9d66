"""`hamdel insights rebuild --since`: facts and rollups recomputed from the sources give the same rows."""

from __future__ import annotations

import datetime as dt

import pytest

from hamdel.core.errors import Forbidden
from hamdel.core.permissions import SYSTEM
from hamdel.insights.models import ConversationFact, DurationRollup, LabelRollup, MessageFact, Rollup
from hamdel.insights.services import insights_rebuild

from .conftest import START, History


def _rows() -> list[tuple]:
    out = []
    for model in (Rollup, LabelRollup, DurationRollup):
        out += sorted(
            tuple(v for k, v in r.items() if k != "id") for r in model.objects.filter(hour__lt=0).values()
        )
    return out


def test_rebuild_from_nothing_gives_the_incremental_rows(history: History) -> None:
    # given the rows kept up to date by the listeners
    before = _rows()
    facts = sorted(
        ConversationFact.objects.values_list("conversation_id", "first_response_minutes", "resolved_at")
    )
    # when every fact and rollup is thrown away and rebuilt from the day before
    for model in (Rollup, LabelRollup, DurationRollup, MessageFact, ConversationFact):
        model.objects.all().delete()
    done = insights_rebuild(actor=SYSTEM, since=START.date() - dt.timedelta(days=1))
    # then the same facts and the same rollups come back
    assert done.conversations == 3
    assert (
        sorted(
            ConversationFact.objects.values_list("conversation_id", "first_response_minutes", "resolved_at")
        )
        == facts
    )
    assert _rows() == before


def test_only_an_admin_or_hamdel_rebuilds(history: History) -> None:
    with pytest.raises(Forbidden):
        insights_rebuild(actor=history.agent, since=START.date())
