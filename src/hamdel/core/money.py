"""Money: amounts are stored as whole rials (integers); shown in rials or toman with Persian digits.

`HAMDEL_CURRENCY_DISPLAY` ("rial" or "toman") is the company's choice for display and for typing amounts
into forms; the API always speaks rials. One toman is ten rials.

    format_amount(5_000_000)                 → «۵٬۰۰۰٬۰۰۰ ریال»
    format_amount(5_000_000, unit="toman")   → «۵۰۰٬۰۰۰ تومان»
    parse_amount("۵٬۰۰۰٬۰۰۰")                → 5000000
"""

from __future__ import annotations

import re

from django.conf import settings

from hamdel.core.persian import amount, fa_digits, latin_digits

UNITS = ("rial", "toman")
RIALS_PER_UNIT = {"rial": 1, "toman": 10}
_NAMES = {"rial": ("ریال", "rials"), "toman": ("تومان", "toman")}
# Thousands separators people type: Persian «٬», Arabic comma «،», Latin comma, apostrophe, spaces (never a
# dot: «12.5» is a fraction, refused, not 125).
_SEPARATORS = re.compile(r"[٬،,'’\s\u200c\u202f\u066c]")
FA_DECIMAL = "٫"


def display_unit() -> str:
    """The company's unit for showing and typing amounts (an unknown setting falls back to rials)."""
    unit = str(getattr(settings, "HAMDEL_CURRENCY_DISPLAY", "rial")).strip().lower()
    return unit if unit in UNITS else "rial"


def unit_name(unit: str | None = None, *, persian: bool = True) -> str:
    return _NAMES[unit or display_unit()][0 if persian else 1]


def group_thousands(value: int, *, persian: bool = True) -> str:
    """«۱۲٬۵۰۰٬۰۰۰» (Persian digits and separator) or «12,500,000»."""
    return amount(value, persian=persian)


def format_amount(rials: int, *, unit: str | None = None, persian: bool = True) -> str:
    """An amount of rials in the given unit (default: the company's), with its unit name.

    Toman are whole rials divided by ten; a remainder is shown as one decimal («۱۲٫۵ تومان»).
    """
    unit = unit or display_unit()
    whole, rest = divmod(int(rials), RIALS_PER_UNIT[unit])
    if rials < 0 and rest:  # divmod rounds towards minus infinity
        whole, rest = whole + 1, RIALS_PER_UNIT[unit] - rest
    number = group_thousands(whole, persian=persian)
    if rest:
        number += (FA_DECIMAL + fa_digits(rest)) if persian else f".{rest}"
    return f"{number} {unit_name(unit, persian=persian)}"


def parse_amount(value: object) -> int:
    """A whole number typed by a person or sent by an integration: Persian or Latin digits, separators.

    Raises ValueError for anything else (text, fractions, booleans, an empty string). The sign is kept so
    the caller can name a negative amount as such.
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not a whole number")
        return int(value)
    if not isinstance(value, str):
        raise ValueError("not a number")
    text = _SEPARATORS.sub("", latin_digits(value.strip())).replace("−", "-")
    if not re.fullmatch(r"-?\d{1,30}", text):
        raise ValueError("not a whole number")
    return int(text)


def to_rials(value: object, *, unit: str | None = None) -> int:
    """An amount typed in the company's unit (a form), converted to rials for storage."""
    return parse_amount(value) * RIALS_PER_UNIT[unit or display_unit()]
