"""Persian text normalisation: one fold used by search, indexing and the models.

Text is stored exactly as received; these functions only produce keys for matching.
"""

from __future__ import annotations

import re

ZWNJ = "\u200c"

_CHAR_MAP = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ـ": "",  # kashida
        "\u200d": "",  # zero-width joiner
        "\u200f": "",  # right-to-left mark
        "\u200e": "",  # left-to-right mark
        "\ufeff": "",
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# Prefixes and suffixes that people write joined, with a half-space or with a space.
_PREFIX = re.compile(r"(?<![^\s])(ن?می)[ \u200c]+(?=\S)")
_SUFFIX = re.compile(r"(?<=\S)[ \u200c]+(هایی|های|ها|ترین|تر)(?![^\s.,!?؟،:;])")
_SPACES = re.compile(r"[ \t\u00a0\u200c]*\n[ \t\u00a0\u200c\n]*|[ \t\u00a0]+")


def normalize(text: str) -> str:
    """Fold the spelling variants Persian writers mix freely, so equal words compare equal."""
    text = _DIACRITICS.sub("", text.translate(_CHAR_MAP))
    text = _PREFIX.sub(lambda m: m.group(1) + ZWNJ, text)
    text = _SUFFIX.sub(lambda m: ZWNJ + m.group(1), text)
    text = _SPACES.sub(lambda m: "\n" if "\n" in m.group(0) else " ", text)
    return text.strip()


def fold_for_search(text: str) -> str:
    """A key where «می‌خواهم», «میخواهم» and «می خواهم» are one token."""
    return normalize(text).replace(ZWNJ, "").lower()
