"""The withdrawal right: may the customer send a distance purchase back without a reason, and until when?

The window counts from the day of delivery (in the business calendar's time zone). It is company policy,
`HAMDEL_WITHDRAWAL_DAYS` calendar days (14 by default), but never shorter than the legal minimum of
`HAMDEL_WITHDRAWAL_MIN_WORKING_DAYS` working days on the calendar (7, Iran's E-Commerce Law, Art. 37):
the deadline is the later of the two. Across Nowruz seven working days can reach past fourteen calendar days
(delivered Thursday 27 Esfand 1405: day 14 is 12 Farvardin, the 7th working day is 15 Farvardin).
The customer may withdraw up to the end of the deadline day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.core.calendar import calendar_get
from hamdel.core.persian import fa_digits, jalali_date
from hamdel.customers.models import Order


@dataclass(frozen=True)
class WithdrawalVerdict:
    applicable: bool  # a distance sale (online or by phone)
    eligible: bool  # may withdraw now, without a reason
    deadline: dt.date | None  # the last day; None while the order is not delivered
    reason_required: bool  # outside the right, a return needs a reason
    explanation: str  # in the site's language, for the agent and the customer

    def as_dict(self) -> dict[str, Any]:
        return {
            "applicable": self.applicable,
            "eligible": self.eligible,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "reason_required": self.reason_required,
            "explanation": self.explanation,
        }


def window_days() -> tuple[int, int]:
    """(calendar days of the company's policy, legal minimum in working days)."""
    return int(settings.HAMDEL_WITHDRAWAL_DAYS), int(settings.HAMDEL_WITHDRAWAL_MIN_WORKING_DAYS)


def withdrawal_deadline(delivered: dt.date) -> dt.date:
    """The last day to withdraw: the later of the policy's calendar days and the legal working days."""
    days, working_days = window_days()
    by_policy = delivered + dt.timedelta(days=days)
    by_law = calendar_get().add_working_days(delivered, working_days)
    return max(by_policy, by_law)


def _day(value: dt.date) -> str:
    persian = (translation.get_language() or "fa").startswith("fa")
    return jalali_date(value, persian=persian)


def _n(value: int) -> str:
    persian = (translation.get_language() or "fa").startswith("fa")
    return fa_digits(value) if persian else str(value)


def withdrawal_verdict(order: Order, *, now: dt.datetime | None = None) -> WithdrawalVerdict:
    """What the law and the company's policy say about withdrawing from this order at `now`."""
    now = now or timezone.now()
    days, working_days = window_days()
    with translation.override(settings.LANGUAGE_CODE):
        if not order.is_distance_sale:
            return WithdrawalVerdict(
                applicable=False,
                eligible=False,
                deadline=None,
                reason_required=True,
                explanation=_(
                    "This was an in-store sale: the withdrawal right covers distance sales (online or by "
                    "phone) only. A defective or wrong item can still be returned."
                ),
            )
        if order.delivered_at is None:
            return WithdrawalVerdict(
                applicable=True,
                eligible=True,
                deadline=None,
                reason_required=False,
                explanation=_(
                    "Not delivered yet: the customer may withdraw without giving a reason; the window of "
                    "%(days)s days (at least %(wd)s working days) counts from the day of delivery."
                )
                % {"days": _n(days), "wd": _n(working_days)},
            )
        tz = calendar_get().tz
        delivered = order.delivered_at.astimezone(tz).date()
        deadline = withdrawal_deadline(delivered)
        today = now.astimezone(tz).date()
        values = {
            "delivered": _day(delivered),
            "deadline": _day(deadline),
            "days": _n(days),
            "wd": _n(working_days),
        }
        if today <= deadline:
            return WithdrawalVerdict(
                applicable=True,
                eligible=True,
                deadline=deadline,
                reason_required=False,
                explanation=_(
                    "Delivered on %(delivered)s: the customer may withdraw without giving a reason until the "
                    "end of %(deadline)s (%(days)s days, at least %(wd)s working days, from delivery)."
                )
                % values,
            )
        return WithdrawalVerdict(
            applicable=True,
            eligible=False,
            deadline=deadline,
            reason_required=True,
            explanation=_(
                "The withdrawal window has passed: delivered on %(delivered)s, the last day to withdraw was "
                "%(deadline)s (%(days)s days, at least %(wd)s working days, from delivery). A defective "
                "or wrong item can still be returned."
            )
            % values,
        )
