"""Promises, returns and remedies as systems outside Hamdel see them (webhook `data`): the API's shapes."""

from __future__ import annotations

from typing import Any

from hamdel.core.permissions import SYSTEM
from hamdel.policies.promises.api import PromiseOut
from hamdel.policies.promises.models import Promise
from hamdel.policies.remedies.api import RemedyOut
from hamdel.policies.remedies.models import Remedy
from hamdel.policies.returns.api import ReturnOut
from hamdel.policies.returns.models import Return
from hamdel.policies.returns.selectors import return_get


def promise_snapshot(promise_id: int) -> dict[str, Any] | None:
    promise = Promise.objects.filter(pk=promise_id).first()
    return None if promise is None else PromiseOut.from_orm(promise).model_dump(mode="json")


def return_snapshot(return_id: int) -> dict[str, Any] | None:
    if not Return.objects.filter(pk=return_id).exists():
        return None
    return ReturnOut.from_orm(return_get(actor=SYSTEM, pk=return_id)).model_dump(mode="json")


def remedy_snapshot(remedy_id: int) -> dict[str, Any] | None:
    remedy = Remedy.objects.select_related("offered_by", "decided_by").filter(pk=remedy_id).first()
    return None if remedy is None else RemedyOut.from_orm(remedy).model_dump(mode="json")


def register() -> None:
    from hamdel.core.slots import Snapshot, snapshot_register

    snapshot_register(Snapshot("promise_id", "promise", promise_snapshot, PromiseOut))
    snapshot_register(Snapshot("return_id", "return", return_snapshot, ReturnOut))
    snapshot_register(Snapshot("remedy_id", "remedy", remedy_snapshot, RemedyOut))
