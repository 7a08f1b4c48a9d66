"""``analyze(texts)``: every signal for a batch of messages, from the shipped plain-data models."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from hamdel.language.abuse import find as find_abuse
from hamdel.language.data import EMOTIONS, INTENTS, SENTIMENTS, URGENCIES
from hamdel.language.features import model_text
from hamdel.language.lexicon import ENGLISH_WORDS, FINGLISH_WORDS
from hamdel.language.model import Models, load_models
from hamdel.language.normalize import normalize_with_signals

MAX_CHARS = 5000
"""Longer texts are cut to this many characters before analysis, and flagged ``truncated``."""

ABUSE_MODEL_CONFIDENT = 0.2
"""The model's abusive head flags a message on its own only from this probability; below it, a message is
abusive only when the lexicon (language.abuse) finds an insult or a threat, which also gives the spans to
mask. The head's own threshold (0.125) flags angry complaints; 0.2 keeps its recall on the corpus's held-out
test split (F1 0.886 with the lexicon, 0.882 for the head alone) while halving its false alarms on the
abuse set's hard negatives (bench/abuse.py, docs/benchmarks.md)."""

_POLARITY = np.array([-1.0, -0.5, 0.0, 0.5, 1.0], dtype=np.float32)
_PERSIAN = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Analysis:
    """What the models read in one message. Probabilities are rounded to four places."""

    sentiment: str
    sentiment_probs: dict[str, float]
    polarity: float
    mixed: bool
    emotion: str
    emotion_probs: dict[str, float]
    intent: str
    intent_probs: dict[str, float]
    urgency: str
    urgency_probs: dict[str, float]
    abusive: bool
    churn_risk: bool
    language: str
    truncated: bool
    elongated: bool
    model_version: str

    def to_dict(self) -> dict:
        """A JSON-ready dict (plain str, float, bool and dict values)."""
        return asdict(self)


def detect_language(text: str) -> str:
    """'fa' for Persian script, 'finglish' or 'en' for Latin script, 'other' for anything else or nothing.

    Counting letters by script is enough to tell Persian apart; Latin-script text is Finglish when it
    uses more romanised-Persian function words than English ones.
    """
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return "other"
    persian = len(_PERSIAN.findall(text))
    latin = len(_LATIN.findall(text))
    if persian >= 0.5 * letters and persian >= latin:
        return "fa"
    if latin >= 0.5 * letters:
        words = _LATIN_WORD.findall(text.lower())
        fing = sum(w in FINGLISH_WORDS for w in words)
        eng = sum(w in ENGLISH_WORDS for w in words)
        return "finglish" if fing > eng else "en"
    return "other"


@dataclass(frozen=True)
class AbuseModelScore:
    """The abusive head's reading of one message: its probability and whether it passes each threshold."""

    probability: float
    head: bool
    confident: bool


def _prepare(text: object) -> tuple[str, bool, bool, str]:
    """(model text, truncated, elongated, language) for one input, whatever its type."""
    text = text if isinstance(text, str) else str(text)
    cut = len(text) > MAX_CHARS
    if cut:
        text = text[:MAX_CHARS]
    # Lone surrogates cannot be encoded; replace them rather than fail.
    text = text.encode("utf-8", "replace").decode("utf-8")
    norm = normalize_with_signals(text)
    return model_text(norm.text), cut, norm.elongated, detect_language(norm.text)


def abuse_model_scores(texts: list[str], model_directory: Path | None = None) -> list[AbuseModelScore]:
    """The abusive head alone (for bench/abuse.py, which compares it with the lexicon)."""
    models = load_models(model_directory)
    prepared = [_prepare(t) for t in texts]
    probs = models.predict(models.featurize([p[0] for p in prepared], [p[2] for p in prepared]))["abusive"]
    threshold = models.heads["abusive"].threshold
    confident = max(threshold, ABUSE_MODEL_CONFIDENT)
    return [AbuseModelScore(round(float(p), 4), bool(p >= threshold), bool(p >= confident)) for p in probs]


def _probs(labels: tuple[str, ...], row: np.ndarray) -> dict[str, float]:
    """A label -> probability dict, rounded."""
    return {label: round(float(p), 4) for label, p in zip(labels, row, strict=True)}


def analyze(texts: list[str], model_directory: Path | None = None) -> list[Analysis]:
    """Analyse a batch of messages; batch for speed (256 is a good size). Never raises on odd input.

    Anything that is not a string is analysed as its ``str()``; text longer than ``MAX_CHARS`` is cut
    and flagged. Thread-safe: the models are read-only after loading.
    """
    texts = list(texts)
    if not texts:
        return []
    models: Models = load_models(model_directory)
    prepared: list[str] = []
    truncated: list[bool] = []
    elongated: list[bool] = []
    languages: list[str] = []
    lexicon_abuse: list[bool] = []
    for raw in texts:
        model_input, cut, stretched, language = _prepare(raw)
        prepared.append(model_input)
        truncated.append(cut)
        elongated.append(stretched)
        languages.append(language)
        text = raw if isinstance(raw, str) else str(raw)
        lexicon_abuse.append(bool(find_abuse(text[:MAX_CHARS])))
    probs = models.predict(models.featurize(prepared, elongated))
    heads = models.heads
    sent, emo, intent, urg = probs["sentiment"], probs["emotion"], probs["intent"], probs["urgency"]
    polarity = sent @ _POLARITY
    confident = max(heads["abusive"].threshold, ABUSE_MODEL_CONFIDENT)
    out: list[Analysis] = []
    for i in range(len(texts)):
        out.append(
            Analysis(
                sentiment=SENTIMENTS[int(sent[i].argmax())],
                sentiment_probs=_probs(SENTIMENTS, sent[i]),
                polarity=round(float(np.clip(polarity[i], -1.0, 1.0)), 4),
                mixed=bool(probs["mixed"][i] >= heads["mixed"].threshold),
                emotion=EMOTIONS[int(emo[i].argmax())],
                emotion_probs=_probs(EMOTIONS, emo[i]),
                intent=INTENTS[int(intent[i].argmax())],
                intent_probs=_probs(INTENTS, intent[i]),
                urgency=URGENCIES[int(urg[i].argmax())],
                urgency_probs=_probs(URGENCIES, urg[i]),
                abusive=lexicon_abuse[i] or bool(probs["abusive"][i] >= confident),
                churn_risk=bool(probs["churn_risk"][i] >= heads["churn_risk"].threshold),
                language=languages[i],
                truncated=truncated[i],
                elongated=elongated[i],
                model_version=models.version,
            )
        )
    return out
