"""The layout rules of issue 9, checked on the source: no module over 900 lines, no private helper defined in two
domain packages (a copy that drifts is how the as-of parsers came to disagree by eight hours)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
MODULES = sorted(SRC.rglob("*.py"))
#: The domain packages (one subpackage per domain concept, DESIGN.md "The helper package").
DOMAINS = sorted(p.name for p in SRC.iterdir() if p.is_dir() and (SRC / "report" / "vocab" / f"{p.name}.py").exists()
                 and p.name not in {"report", "plots", "stats"})


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_900_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= 900, f"{path.relative_to(SRC)} has {n} lines: split it by concept"


def _private_functions(package: str) -> dict[str, str]:
    out = {}
    for path in sorted((SRC / package).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_") and not node.name.startswith("__"):
                out.setdefault(node.name, str(path.relative_to(SRC)))
    return out


def test_the_domains_are_found():
    assert {"events", "followup", "groups", "surveys", "reach", "uplift"} <= set(DOMAINS)


def test_no_private_helper_is_defined_in_two_domain_packages():
    seen: dict[str, str] = {}
    clashes = []
    for d in DOMAINS:
        for name, where in _private_functions(d).items():
            if name in seen:
                clashes.append(f"{name}: {seen[name]} and {where}")
            seen.setdefault(name, where)
    assert not clashes, "the same private helper in two domains (move it to prep/stats/report, or name what differs): " \
        + "; ".join(clashes)


def test_the_check_finds_a_clash(tmp_path):
    """The AST scan sees a private function (so the test above can fail)."""
    names = _private_functions("followup")
    assert names and all(n.startswith("_") for n in names)
