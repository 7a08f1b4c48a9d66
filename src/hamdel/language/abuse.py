"""Insults and threats in Persian, Finglish and English: where they are, and the text with them masked.

Pure Python (no Django). People who insult on purpose also hide the words from filters, so matching runs on
a *key* of each word, not on its spelling: Arabic letter forms and presentation forms folded to Persian,
ZWNJ, kashida, diacritics and direction marks dropped, every run of one letter cut to one (``احمقققق``),
digits and symbols inside a word removed (``اح.مق``, ``a-h-m-a-g-h``), Latin look-alike digits read as
letters (``4hmagh``). Runs of single letters (``ا ح م ق``) are joined, and two neighbouring words are tried
together (``بی شعور``). Every span points back into the ORIGINAL text, so ``mask`` can hide exactly the
words a reader would see.

Insults match whole words only (a stem plus the suffixes Persian adds to a person), so a word that merely
contains one (``خرید``، ``انگلیسی``، ``گاوصندوق``) never does; the few stems that are also everyday words
(``گاو`` in ``شیر گاو``) carry the words after which they are not insults. Threats are phrases in the
first person addressed to the reader (``می‌کشمت``، ``حسابتو می‌رسم``), never the idioms of an angry customer
(``پدرم درومد``، ``قیمتا آدمو می‌کشه``) nor a legal threat (``شکایت می‌کنم``), which is the customer's right.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hamdel.language import abuse_lexicon as lex

MASK = "***"

Kind = Literal["insult", "threat"]


@dataclass(frozen=True)
class AbuseSpan:
    """One insult or threat: ``text[start:end]`` in the original text, and the lexicon entry it matched."""

    start: int
    end: int
    kind: Kind
    entry: str


# --------------------------------------------------------------------------------------------------- keys
_FOLD = str.maketrans(
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
        "آ": "ا",
        "ؤ": "و",
        "ڪ": "ک",
        "ګ": "گ",
        "ے": "ی",
        "ہ": "ه",
        "ھ": "ه",
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
# Characters that sit inside a written word without being letters: joiners, kashida, diacritics, marks.
_IN_WORD = "\u200c\u200d\u200b\u200e\u200f\u00ad\u0640\u064b-\u065f\u0670\u06d6-\u06ed\ufe00-\ufe0f"
_IN_WORD_RE = re.compile(f"[{_IN_WORD}]")
_LETTER = r"[^\W\d_]"
# A piece: letters with the marks between them. A token: a run of anything but whitespace.
_PIECE = re.compile(f"(?:{_LETTER}|[{_IN_WORD}])+")
_TOKEN = re.compile(r"\S+")
_LATIN = re.compile(r"[a-z]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_REPEAT = re.compile(r"(.)\1+")
_PLURAL = {"ها", "های", "هایی", "ا"}
_QUOTED = re.compile(r"«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”")


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The matching key of a spelling: folded letters only, lower case, each run of a letter cut to one."""
    word = unicodedata.normalize("NFKC", word).translate(_FOLD).lower()
    word = _IN_WORD_RE.sub("", word)
    word = "".join(ch for ch in word if ch.isalpha())
    return _REPEAT.sub(r"\1", word)


def _fa_key_phrase(phrase: str) -> str:
    """A phrase as a key: each word keyed, joined by one space."""
    return " ".join(key(w) for w in phrase.split())


def _words(block: str) -> set[str]:
    return {w for w in block.split() if not w.endswith("_not")}


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(key -> entry of each surface form, key -> entry of bare-only words; phrase, threat, curse regexes)."""
    forms: dict[str, str] = {}
    for stem in _words(lex.STEMS):
        for suf in lex.PERSON_SUFFIXES:
            forms.setdefault(key(stem + suf), stem)
    for stem in _words(lex.FINGLISH_STEMS):
        for suf in lex.LATIN_SUFFIXES:
            forms.setdefault(key(stem + suf), stem)
    for stem in lex.NOT_AFTER.keys() - _words(lex.BARE):
        for suf in ("", "ها", "ا", "ای", "ید", "ین"):
            forms.setdefault(key(stem + suf), stem)
    for word in lex.EVERYDAY:
        forms.pop(key(word), None)
    bare = {key(w): w for w in _words(lex.BARE) | _words(lex.FINGLISH_BARE)}
    phrases = [p.strip() for p in (lex.PHRASES_FA + "|" + lex.PHRASES_EN).split("|") if p.strip()]
    phrase_keys = sorted({_fa_key_phrase(p) for p in phrases}, key=len, reverse=True)
    phrase_re = re.compile(r"(?<![^\s])(?:" + "|".join(re.escape(p) for p in phrase_keys) + r")(?![^\s])")
    threat_lines = [line.strip() for line in lex.THREATS.strip().splitlines() if line.strip()]
    # Keys cut letter runs to one, so the patterns are written (and cut) the same way.
    threat_src = "|".join(f"(?:{_cut_pattern(line)})" for line in threat_lines)
    threat_re = re.compile(r"(?<![^\s])(?:" + threat_src + r")(?![^\s])")
    curse_lines = [line.strip() for line in lex.CURSES.strip().splitlines() if line.strip()]
    curse_src = "|".join(f"(?:{_cut_pattern(line)})" for line in curse_lines)
    curse_re = re.compile(r"(?<![^\s])(?:" + curse_src + r")(?![^\s])")
    return forms, bare, phrase_re, threat_re, curse_re


def _cut_pattern(pattern: str) -> str:
    """Fold a threat pattern like a key: Persian letter forms, and runs of one letter cut to one."""
    pattern = pattern.translate(_FOLD)
    # «می» and «نمی» are written joined, with a half-space (gone from keys) or with a space.
    for joined, spaced in (("(ب|می)", "(ب|می ?)"), ("(می|ب)", "(می ?|ب)"), ("(نمی|ن)", "(نمی ?|ن)")):
        pattern = pattern.replace(joined, spaced)
    return re.sub(r"([^\W\d_])\1+", r"\1", pattern)


# ------------------------------------------------------------------------------------------------- search
@dataclass(frozen=True)
class _Word:
    """A word of the text: its key and where its letters start and end in the original."""

    key: str
    start: int
    end: int


def _token_words(token: str, offset: int) -> list[_Word]:
    """The words of one whitespace-free token: its pieces, or all of them joined when symbols split it."""
    latin = bool(_LATIN.search(token.lower()))
    source = token.lower().translate(_LEET) if latin else token
    pieces = [m for m in _PIECE.finditer(source)]
    if not pieces:
        return []
    keyed = [(key(m.group(0)), m.start(), m.end()) for m in pieces]
    keyed = [k for k in keyed if k[0]]
    if not keyed:
        return []
    joined = _Word(key("".join(k for k, _s, _e in keyed)), offset + keyed[0][1], offset + keyed[-1][2])
    words = [joined]
    if len(keyed) > 1:
        words += [_Word(k, offset + s, offset + e) for k, s, e in keyed]
    return words


def _is_insult(word_key: str, previous: str, following: str = "") -> str | None:
    """The lexicon entry this key is, if any (respecting the words around which it is an everyday word)."""
    forms, bare, _p, _t, _c = _lexicon()
    entry = forms.get(word_key) or bare.get(word_key)
    if entry is None:
        return None
    after = lex.NOT_AFTER.get(entry, ()) + lex.SELF_BEFORE
    if previous in {key(b) for b in after}:
        return None
    before = lex.NOT_BEFORE.get(entry, ()) + lex.SELF_AFTER
    if following and following.startswith(tuple(key(b) for b in before)):
        return None
    return entry


def find(text: str) -> list[AbuseSpan]:
    """Every insult and threat in ``text``, as non-overlapping spans of the original, in reading order.

    Never raises on odd input; cost is linear in the length of the text (a 20,000-character message takes
    a few milliseconds).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    forms, _bare, phrase_re, threat_re, curse_re = _lexicon()
    found: list[AbuseSpan] = []
    token_words = [_token_words(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    # The main word of every token (all its letters), for phrases and for the words around an entry.
    mains: list[_Word | None] = [words[0] if words else None for words in token_words]
    for i, words in enumerate(token_words):
        previous = mains[i - 1].key if i > 0 and mains[i - 1] is not None else ""  # type: ignore[union-attr]
        following = mains[i + 1].key if i + 1 < len(mains) and mains[i + 1] is not None else ""  # type: ignore[union-attr]
        for w in words:
            entry = _is_insult(w.key, previous, following)
            if entry:
                end = w.end
                if following in _PLURAL and w is words[0]:  # «احمق ها»: the plural written apart
                    end = mains[i + 1].end  # type: ignore[union-attr]
                found.append(AbuseSpan(w.start, end, "insult", entry))
                break
    # Runs of single letters («ا ح م ق», «a h m a g h»): every window of three or more, joined.
    run: list[_Word] = []
    for main in [*mains, None]:
        if main is not None and len(main.key) == 1:
            run.append(main)
            continue
        if len(run) >= 3:
            spans = _spaced(run)
            # «ا ح م ق ها»: a plural suffix written after the letters belongs to the insult.
            if spans and main is not None and spans[-1].end == run[-1].end and main.key in _PLURAL:
                spans[-1] = AbuseSpan(spans[-1].start, main.end, "insult", spans[-1].entry)
            found.extend(spans)
        run = []
    # Two neighbouring words that make one insult («بی شعور» is also caught as a phrase; «اح مق» is not).
    for a, b in itertools.pairwise(mains):
        if a is None or b is None or len(a.key) < 2 or len(b.key) < 2:
            continue
        joined = a.key + b.key
        if len(joined) >= 5 and joined in forms and not _is_insult(a.key, "") and not _is_insult(b.key, ""):
            found.append(AbuseSpan(a.start, b.end, "insult", forms[joined]))
    # Phrases and threats run on the keys joined by single spaces, mapped back to the original.
    present = [w for w in mains if w is not None]
    line = " ".join(w.key for w in present)
    starts: list[int] = []
    position = 0
    for w in present:
        starts.append(position)
        position += len(w.key) + 1
    for regex, kind in ((threat_re, "threat"), (phrase_re, "insult"), (curse_re, "insult")):
        for m in regex.finditer(line):
            first = _word_at(starts, m.start())
            last = _word_at(starts, m.end() - 1)
            found.append(AbuseSpan(present[first].start, present[last].end, kind, m.group(0)))  # type: ignore[arg-type]
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    if quoted:  # names of books, films and products: «احمق‌ها»ی داستایفسکی, «خر خاکی»
        found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in quoted)]
    return _merge(found)


def _spaced(run: list[_Word]) -> list[AbuseSpan]:
    """Insults spelled letter by letter inside a run of single letters (longest window first)."""
    out: list[AbuseSpan] = []
    i = 0
    while i < len(run):
        hit = None
        for j in range(min(len(run), i + 16), i + 2, -1):
            entry = _is_insult(key("".join(w.key for w in run[i:j])), "")
            if entry:
                hit = (j, entry)
                break
        if hit:
            out.append(AbuseSpan(run[i].start, run[hit[0] - 1].end, "insult", hit[1]))
            i = hit[0]
        else:
            i += 1
    return out


def _word_at(starts: list[int], position: int) -> int:
    """The index of the word whose key contains ``position`` in the joined line."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= position:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _merge(spans: list[AbuseSpan]) -> list[AbuseSpan]:
    """Sort and merge overlapping spans; a threat wins over an insult it overlaps."""
    out: list[AbuseSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            last = out[-1]
            kind: Kind = "threat" if "threat" in (last.kind, span.kind) else "insult"
            out[-1] = AbuseSpan(last.start, max(last.end, span.end), kind, last.entry)
        else:
            out.append(span)
    return out


@lru_cache(maxsize=1)
def _cue_keys() -> frozenset[str]:
    """The models' own abuse cue words (language.lexicon.ABUSE), single words only, as keys."""
    from hamdel.language.lexicon import ABUSE

    return frozenset(key(w) for w in ABUSE if " " not in w and len(key(w)) > 2)


def cue_spans(text: str) -> list[AbuseSpan]:
    """Words of the models' broader abuse cue list («دزدا»، «لعنتی»، «کلاهبردارا»…).

    Too ambiguous to decide on their own (they are also everyday words), they are masked only in a message
    already judged abusive in which ``find`` found nothing: see ``mask_abusive``.
    """
    cues = _cue_keys()
    spans = []
    for m in _TOKEN.finditer(text):
        for w in _token_words(m.group(0), m.start())[:1]:
            if w.key in cues:
                spans.append(AbuseSpan(w.start, w.end, "insult", w.key))
    return spans


def mask_abusive(text: str, abusive: bool) -> str:
    """``mask``, and for a message judged abusive (by the model) where the lexicon found nothing, the
    models' cue words masked as well, so that an abusive message shows something masked when it can."""
    if not isinstance(text, str):
        return text
    spans = find(text)
    if not spans and abusive:
        spans = cue_spans(text)
    return mask(text, spans)


def is_abusive(text: str) -> bool:
    """True when the text holds at least one insult or threat."""
    return bool(find(text))


def mask(text: str, spans: list[AbuseSpan] | None = None) -> str:
    """The text with every insult and threat replaced by «***»; everything else exactly as written."""
    if not isinstance(text, str):
        return text
    spans = find(text) if spans is None else spans
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        parts.append(MASK)
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)
