"""No page, form, message or document names an edition of the standard (issue 21): the edition
comes from data (orgs.StandardEdition). Docstrings and comments may cite a clause for readers of
the code; migrations and the data file (orgs/data) hold the editions themselves, and the demo
loaders' data quotes the real titles of legal documents (QĐ 19/2014 names the 2008 edition)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "eiso"
EDITION = re.compile(r"9001\s*:\s*(19|20)\d\d")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _exempt(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "migrations" in parts or parts[:2] == ("orgs", "data") or path.name.startswith("demo")


def test_no_template_names_an_edition():
    named = [str(p) for p in ROOT.rglob("*.html") if EDITION.search(p.read_text(encoding="utf-8"))]
    assert named == []


def test_no_string_in_code_names_an_edition():
    named = []
    for path in ROOT.rglob("*.py"):
        if _exempt(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and EDITION.search(node.value)
            ):
                named.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert named == []
