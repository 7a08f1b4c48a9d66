"""How sure the bot is of its best article: a 0–1 confidence from the search's hits (pure; tuned on dev).

Three signals, each 0–1: the e5 cosine of the best article with the question (scaled between SIM_LOW and
SIM_HIGH), the margin of the best over the second (a tie means the bot cannot tell them apart), and `match`,
how much of the article's question or title the customer's words contain. The thresholds below were chosen
with `bench/kb_eval.py --bot` on ParsiNLU QQP dev (docs/bot.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["ANSWER_AT", "CANDIDATE_FLOOR", "confidence"]

ANSWER_AT = 0.75  # answer at or above: on QQP dev 49% of answerable questions, 88% of them right
CANDIDATE_FLOOR = 0.30  # below ANSWER_AT but at least this: offer 2–3 candidate articles; below: hand over
SIM_LOW, SIM_HIGH = (
    0.80,
    0.95,
)  # e5-small cosines: unrelated Persian questions score ~0.75-0.8, paraphrases ~0.9+
MARGIN_FULL = 0.3  # a best hit this far (in mixed score) ahead of the second counts as a clear winner


class _Hit(Protocol):
    @property
    def score(self) -> float: ...
    @property
    def match(self) -> float: ...
    @property
    def similarity(self) -> float | None: ...


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def confidence(hits: Sequence[_Hit]) -> float:
    """0–1: how sure we are the first hit answers the question (0 without hits)."""
    if not hits:
        return 0.0
    top = hits[0]
    margin = _clip((top.score - hits[1].score) / MARGIN_FULL) if len(hits) > 1 else 1.0
    if top.similarity is None:  # lexical only (no model): the words must carry it
        return round(0.6 * top.match + 0.4 * margin, 4)
    sim = _clip((top.similarity - SIM_LOW) / (SIM_HIGH - SIM_LOW))
    return round(0.5 * sim + 0.25 * margin + 0.25 * top.match, 4)
