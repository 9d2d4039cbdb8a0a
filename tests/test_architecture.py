"""The direction of imports: `core` imports nothing of chipwatch, and crawler, nlp and warehouse never import
flows, which alone holds the command line (argparse)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "crawler", "nlp", "warehouse", "flows")
FORBIDDEN = {"core": set(PACKAGES) - {"core"}, "crawler": {"flows"}, "nlp": {"flows"}, "warehouse": {"flows"}}


def imports(path: Path) -> set[str]:
    """Top-level names of the modules a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_run_one_way(package):
    wrong = {str(path.relative_to(ROOT)): sorted(imports(path) & FORBIDDEN[package])
             for path in (ROOT / package).rglob("*.py")}
    assert {path: names for path, names in wrong.items() if names} == {}


def test_argparse_lives_under_flows():
    outside = [str(path.relative_to(ROOT)) for package in PACKAGES if package != "flows"
               for path in (ROOT / package).rglob("*.py") if "argparse" in imports(path)]
    assert outside == []
