"""Persian text normalisation: one fold used by search, indexing and the models.

Text is stored exactly as received; these functions only produce keys for matching. hazm's normaliser is
not used at run time: importing hazm alone takes ~3 s, while this module's folds cover what matters here
(see docs/language.md) and run in microseconds.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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
        "\u202a": "",  # bidi embeddings and overrides
        "\u202b": "",
        "\u202c": "",
        "\u202d": "",
        "\u202e": "",
        "\u2066": "",
        "\u2067": "",
        "\u2068": "",
        "\u2069": "",
        "\u200b": "",  # zero-width space
        "\ufeff": "",
        "\ufe0f": "",  # emoji variation selectors
        "\ufe0e": "",
        "\u00ad": "",  # soft hyphen
        "\u2028": "\n",
        "\u2029": "\n",
        "\r": "\n",
        "\u060c": "،",
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        **{chr(c): " " for c in range(0x00, 0x20) if chr(c) not in "\n\t\r"},  # C0 controls
        **{chr(c): " " for c in range(0x7F, 0xA0)},  # DEL and C1 controls
        **{chr(c): "" for c in range(0x1F3FB, 0x1F400)},  # skin-tone modifiers carry no meaning here
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# Prefixes and suffixes that people write joined, with a half-space or with a space.
_PREFIX = re.compile(r"(?<![^\s])(ن?می)[ \u200c]+(?=\S)")
_SUFFIX = re.compile(r"(?<=\S)[ \u200c]+(هایی|های|ها|ترین|تر)(?![^\s.,!?؟،:;])")
_SPACES = re.compile(r"[ \t\u00a0\u200c]*\n[ \t\u00a0\u200c\n]*|[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZWNJ_RUNS = re.compile("\u200c{2,}")
_ZWNJ_EDGES = re.compile(r"(?<![^\s])\u200c+|\u200c+(?![^\s])")
# Elongation: a Persian letter written three or more times (عالیییی); Latin letters keep two (soooo → soo).
_ELONG_FA = re.compile(r"([\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc])\1{2,}")
_ELONG_LATIN = re.compile(r"([A-Za-z])\1{2,}")
# Repeated punctuation keeps two marks: «!!!!» → «!!» stays more emphatic than «!».
_REPEAT_PUNCT = re.compile(r"([!?؟.،,])\1{2,}")
_EMOJI = re.compile(
    "([\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff\u3030\u303d\u3297\u3299])"
)


class Normalized(NamedTuple):
    """A normalised text and the signals the fold removed (elongation is a sign of emphasis)."""

    text: str
    elongated: bool


_MAPPED = re.compile("[" + re.escape("".join(chr(c) for c in _CHAR_MAP)) + "]")
_SPACE_WORK = re.compile(r"[\t\n\u00a0\u200c\u2000-\u200a\u202f\u205f\u3000]|  ")


def _fold(text: str) -> str:
    """The folds shared by both entry points, before elongation handling."""
    if _MAPPED.search(text):  # translate() costs a dict lookup per character; most texts need none
        text = text.translate(_CHAR_MAP)
    text = _DIACRITICS.sub("", text)
    if _EMOJI.search(text):
        text = _EMOJI.sub(r" \1 ", text)
    text = _REPEAT_PUNCT.sub(r"\1\1", text)
    return text


def _finish(text: str) -> str:
    """Join affixes, tidy half-spaces and whitespace; the last step of every normalisation."""
    # Each substitution runs only when its trigger is present: most messages need few of them.
    if "می" in text:
        text = _PREFIX.sub(lambda m: m.group(1) + ZWNJ, text)
    if "ها" in text or "تر" in text:
        text = _SUFFIX.sub(lambda m: ZWNJ + m.group(1), text)
    if _SPACE_WORK.search(text):
        text = _SPACES.sub(lambda m: "\n" if "\n" in m.group(0) else " ", text)
    if ZWNJ in text:
        text = _ZWNJ_RUNS.sub(ZWNJ, text)
        text = _ZWNJ_EDGES.sub("", text)
    return text.strip()


def normalize_with_signals(text: str) -> Normalized:
    """Normalise and report whether letters were stretched (عالیییی), a strong-feeling cue for the models."""
    text = _fold(text)
    folded = _ELONG_FA.sub(r"\1", text)
    folded = _ELONG_LATIN.sub(r"\1\1", folded)
    elongated = folded != text
    text = _finish(folded)
    # A second pass makes the result a fixed point even when a fold exposes a new affix or space run.
    again = _finish(text)
    while again != text:
        text, again = again, _finish(again)
    return Normalized(text, elongated)


def normalize(text: str) -> str:
    """Fold the spelling variants Persian writers mix freely, so equal words compare equal."""
    return normalize_with_signals(text).text


def fold_for_search(text: str) -> str:
    """A key where «می‌خواهم», «میخواهم» and «می خواهم» are one token."""
    return normalize(text).replace(ZWNJ, "").lower()
