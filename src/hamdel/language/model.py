"""Loading the plain-data model files and scoring batches with numpy only.

Files in the model directory: ``weights.npz`` (int8 weights with per-column scales, biases, IDF) and
``manifest.json`` (version, feature configuration, label columns, thresholds, data hash, metrics).
No pickle anywhere: ``np.load(..., allow_pickle=False)``.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hamdel.language.features import FeatureConfig, Sparse, featurize, scores

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[3] / "data" / "models"
WEIGHTS_FILE = "weights.npz"
MANIFEST_FILE = "manifest.json"


def model_dir() -> Path:
    """Where the models live: ``HAMDEL_MODEL_DIR`` if set, else ``data/models`` in the repository."""
    env = os.environ.get("HAMDEL_MODEL_DIR")
    return Path(env) if env else DEFAULT_MODEL_DIR


@dataclass(frozen=True)
class TaskHead:
    """One task's slice of the weight matrix: labels, and for a yes/no task its decision threshold."""

    name: str
    labels: tuple[str, ...]
    start: int
    binary: bool
    threshold: float = 0.5

    @property
    def width(self) -> int:
        """Number of weight columns the head uses."""
        return 1 if self.binary else len(self.labels)


@dataclass(frozen=True)
class Models:
    """Everything inference needs, immutable once loaded, so one instance serves every thread."""

    version: str
    config: FeatureConfig
    idf: np.ndarray
    weights: np.ndarray
    scale: np.ndarray
    bias: np.ndarray
    heads: dict[str, TaskHead]
    manifest: dict = field(repr=False)

    def featurize(self, texts: list[str], elongated: list[bool] | None = None) -> Sparse:
        """Hash model-form texts with this model's configuration and IDF."""
        return featurize(texts, self.config, self.idf, elongated)

    def predict(self, batch: Sparse) -> dict[str, np.ndarray]:
        """Per task: class probabilities (n x k), or the positive probability (n,) for a yes/no task."""
        raw = scores(batch, self.weights, self.scale, self.bias)
        out: dict[str, np.ndarray] = {}
        for head in self.heads.values():
            z = raw[:, head.start : head.start + head.width]
            if head.binary:
                out[head.name] = 1.0 / (1.0 + np.exp(-np.clip(z[:, 0], -30, 30)))
            else:
                z = z - z.max(axis=1, keepdims=True)
                e = np.exp(z)
                out[head.name] = e / e.sum(axis=1, keepdims=True)
        return out


def save_models(
    out_dir: Path,
    config: FeatureConfig,
    idf: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    heads: list[TaskHead],
    manifest: dict,
) -> None:
    """Quantise weights to int8 per column and write the npz and the JSON manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    absmax = np.abs(weights).max(axis=0)
    scale = np.where(absmax > 0, absmax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(weights / scale[None, :]), -127, 127).astype(np.int8)
    np.savez_compressed(
        out_dir / WEIGHTS_FILE,
        weights=q,
        scale=scale,
        bias=bias.astype(np.float32),
        idf=idf.astype(np.float16),
    )
    manifest = {
        **manifest,
        "features": config.__dict__,
        "heads": [h.__dict__ | {"labels": list(h.labels)} for h in heads],
        "files": {WEIGHTS_FILE: "int8 weights (dim x columns), float32 scale and bias, float16 idf"},
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def load_from(directory: Path) -> Models:
    """Read a model directory; raises FileNotFoundError or ValueError with the path when unusable."""
    manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as npz:
        weights = npz["weights"]
        scale = npz["scale"]
        bias = npz["bias"]
        idf = npz["idf"].astype(np.float32)
    config = FeatureConfig(**manifest["features"])
    heads = {
        h["name"]: TaskHead(
            name=h["name"],
            labels=tuple(h["labels"]),
            start=int(h["start"]),
            binary=bool(h["binary"]),
            threshold=float(h.get("threshold", 0.5)),
        )
        for h in manifest["heads"]
    }
    if weights.shape != (config.total_dim, len(bias)) or idf.shape != (config.dim,):
        raise ValueError(f"{directory}: weight shapes do not match the manifest")
    return Models(
        version=str(manifest["version"]),
        config=config,
        idf=idf,
        weights=weights,
        scale=scale,
        bias=bias,
        heads=heads,
        manifest=manifest,
    )


_lock = threading.Lock()
_cache: dict[Path, Models] = {}


def load_models(directory: Path | None = None) -> Models:
    """The loaded models for a directory, read once per process and shared (thread-safe, lazy)."""
    path = (directory or model_dir()).resolve()
    models = _cache.get(path)
    if models is not None:
        return models
    with _lock:
        models = _cache.get(path)
        if models is None:
            models = load_from(path)
            _cache[path] = models
    return models


def clear_cache() -> None:
    """Forget loaded models, so the next call reads the files again (after retraining, in tests)."""
    with _lock:
        _cache.clear()
