"""The dashboard-section registry lives in core beside the dataset registry (issue 17 §3, decision 0140):
the apps that add sections depend on core, and core imports none of them."""

import ast
import importlib.util
from pathlib import Path

import thaothiam
from thaothiam.core import sections

ROOT = Path(thaothiam.__file__).parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_app_registers_into_core_not_into_reports():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if {"thaothiam.reports.sections", "reports.sections"} & _imports(path):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    registered = {p.__module__ for p in sections.providers()}
    # the built-in sections and the four apps that add theirs
    assert {"thaothiam.reports.content", "thaothiam.workforce.sections", "thaothiam.surveys.sections",
            "thaothiam.complaints.sections", "thaothiam.learning.sections"} <= registered


def test_core_sections_imports_no_app_at_run_time():
    tree = ast.parse((ROOT / "core" / "sections.py").read_text())
    top_level = [n for n in tree.body if isinstance(n, ast.ImportFrom | ast.Import)]
    modules = {n.module for n in top_level if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith("thaothiam.") and not m.startswith("thaothiam.core") for m in modules)


def test_the_old_re_export_is_gone():
    """reports/sections.py re-exported the registry while branches moved over; the registry has one home."""
    assert importlib.util.find_spec("thaothiam.reports.sections") is None
    assert not (ROOT / "reports" / "sections.py").exists()
