"""`{% load money %}`, then `{{ amount|rial }}`: rials in the company's unit, Persian digits in Persian."""

from __future__ import annotations

from django import template
from django.utils import translation

from hamdel.core import money

register = template.Library()


def _is_fa() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


@register.filter
def rial(value: object) -> str:
    """«۵٬۰۰۰٬۰۰۰ ریال», or «۵۰۰٬۰۰۰ تومان» when HAMDEL_CURRENCY_DISPLAY = "toman"; "" for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = money.parse_amount(value)
    except ValueError:
        return str(value)
    return money.format_amount(amount, persian=_is_fa())


@register.simple_tag
def currency_name() -> str:
    """The company's unit name («ریال» or «تومان»), for labels beside amount fields."""
    return money.unit_name(persian=_is_fa())
