"""A length-aware fold of a draft for the coach's cue matching, with a map back to the original offsets.

The coach's findings carry character spans in the draft *as the agent typed it*, so matching cannot run on
`normalize()`'s output (which drops and joins characters). `fold` applies the same spelling folds that
matter for cue matching (Arabic ي/ك, hamza forms, Persian/Arabic digits, ZWNJ read as a space, diacritics
and tatweel dropped, whitespace runs collapsed, Latin lower-cased) one character at a time and records,
for every folded character, the index of the character it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHAR = {
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
    "\u060c": "،",
    "\u066b": ".",
    "\u066c": ",",
    "٪": "%",
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
}
# Dropped: diacritics, tatweel, zero-width joiner/space, bidi marks, variation selectors, soft hyphen.
_DROP = set(
    "\u0640\u200d\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufe0f\ufe0e\u00ad"
)
_DROP.update(chr(c) for c in range(0x064B, 0x0660))
_DROP.add("\u0670")
_SPACE = set(
    " \t\u00a0\u200c\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_NEWLINE = set("\n\r\u2028\u2029")
MAX_WORD = 40


@dataclass(frozen=True)
class Folded:
    """The folded text and, per folded character, its index in the original draft."""

    text: str
    origin: tuple[int, ...]
    length: int  # length of the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) for a folded [start, end)."""
        if not self.origin or start >= end:
            return (0, 0)
        s = self.origin[min(start, len(self.origin) - 1)]
        e = self.origin[min(end, len(self.origin)) - 1] + 1
        return (s, min(e, self.length))


def fold(text: str) -> Folded:
    """Fold `text` for matching; spaces collapse to one, line breaks to one «\\n»."""
    out: list[str] = []
    origin: list[int] = []
    run = 0  # length of the current word: a «word» longer than MAX_WORD is broken, so cue regexes stay linear
    for i, ch in enumerate(text):
        if ch not in _SPACE and ch not in _NEWLINE and ch not in _DROP:
            run += 1
            if run > MAX_WORD:
                out.append(" ")
                origin.append(i)
                run = 1
        else:
            run = 0
        if ch in _DROP:
            continue
        if ch in _SPACE or ch in _NEWLINE:
            rep = "\n" if ch in _NEWLINE else " "
            if out and out[-1] in " \n":
                if rep == "\n" and out[-1] == " ":
                    out[-1] = "\n"
                continue
            if not out:
                continue
            out.append(rep)
            origin.append(i)
            continue
        mapped = _CHAR.get(ch)
        out.append(mapped if mapped is not None else (ch.lower() if "A" <= ch <= "Z" else ch))
        origin.append(i)
    return Folded("".join(out), tuple(origin), len(text))


@dataclass(frozen=True)
class Sentence:
    """A sentence of the folded text: its folded [start, end) and text."""

    start: int
    end: int
    text: str


def sentences(folded: str) -> list[Sentence]:
    """Split on sentence punctuation and line breaks (a decimal point «۵.۲» is not an end)."""
    out: list[Sentence] = []
    pos = 0
    for m in re.finditer(r"(?:(?<!\d)\.|\.(?!\d)|[!?؟؛;\n])+", folded):
        if m.start() > pos:
            chunk = folded[pos : m.start()]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                out.append(Sentence(pos + lead, m.start(), chunk.strip()))
        pos = m.end()
    if pos < len(folded) and folded[pos:].strip():
        chunk = folded[pos:]
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(pos + lead, len(folded), chunk.strip()))
    return out


def clauses(sentence: str) -> list[str]:
    """Clauses of a sentence: split at «،» «,» «:» and at «ولی/اما/ولیکن» which turn the meaning."""
    parts = re.split(r"[،,:]|\s(?=(?:ولی|اما|ولیکن|لیکن|با این حال)\s)", sentence)
    return [p.strip() for p in parts if p and p.strip()]
