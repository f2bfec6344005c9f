"""environment.yml and pyproject.toml name the same packages; the layout is the product brief's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    return req.strip()[len(_name(req)):].split("#")[0].replace(" ", "")


def test_environment_yml_and_pyproject_list_the_same_packages():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_reqs = py["dependencies"] + [r for extra in py["optional-dependencies"].values() for r in extra]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = []
    for d in env["dependencies"]:
        if isinstance(d, dict):
            conda += d["pip"]
        elif _name(d) not in ("python", "pip"):
            conda.append(d)
    assert {_name(r): _spec(r) for r in pip_reqs} == {_name(r): _spec(r) for r in conda}


def test_python_311():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "3.11" in py["requires-python"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]


def test_layout_of_the_product_brief():
    for path in ("notebooks", "notebooks/training", "src/analysis", "data", "reports/.gitkeep", "tests",
                 "environment.yml", "pyproject.toml", "README.md", "Makefile", ".ci/run"):
        assert (ROOT / path).exists(), path


def test_jupyterlab_is_not_in_the_runtime_environment():
    """JupyterLab slows every papermill run (DESIGN.md pitfalls): it lives in the `lab` extra only."""
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(_name(r) == "jupyterlab" for r in py["dependencies"] + py["optional-dependencies"]["test"])
