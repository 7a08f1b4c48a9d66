"""`pip install -e .` alone must give a working hamdel: pyproject lists what requirements/base.in lists."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_dependencies_are_the_ranges_of_base_in():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements" / "base.in").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert sorted(listed) == sorted(wanted), "keep [project] dependencies and requirements/base.in the same"
