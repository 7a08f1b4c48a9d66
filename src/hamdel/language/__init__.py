"""Persian language intelligence: normalisation and per-message analysis (pure Python + numpy).

Public API::

    from hamdel.language import analyze, Analysis, MODEL_VERSION, load_models, normalize, fold_for_search

No Django imports here: the web app calls in, never the other way round.
"""

from __future__ import annotations

from hamdel.language.analyze import MAX_CHARS, Analysis, analyze, detect_language
from hamdel.language.model import Models, load_models, model_dir
from hamdel.language.normalize import fold_for_search, normalize, normalize_with_signals


def model_version() -> str:
    """The version string of the models ``analyze`` uses (loads them if needed)."""
    return load_models().version


__all__ = [
    "MAX_CHARS",
    "Analysis",
    "Models",
    "analyze",
    "detect_language",
    "fold_for_search",
    "load_models",
    "model_dir",
    "model_version",
    "normalize",
    "normalize_with_signals",
]


def __getattr__(name: str) -> str:
    """``MODEL_VERSION``: the shipped models' version, read on first access (PEP 562)."""
    if name == "MODEL_VERSION":
        return load_models().version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
