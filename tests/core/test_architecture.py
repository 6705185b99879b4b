"""The layers of DESIGN.md, checked on the source: an app imports only from apps below it.

Order: core < orgs < accounts < documents < procedures < dossiers < quality < improvement <
oversight < portal, api (portal and api are both on top and do not import each other). Only
eiso/api/ and the project modules (eiso/urls.py, settings) may import the api app: it is the
router, built from every app's api.py. Imports are read with `ast`, at module level and inside
functions alike (an import moved into a function is still a dependency), and so are
importlib.import_module calls with a literal module name.
"""

import ast
from pathlib import Path

import eiso

# One entry per layer, lowest first; apps sharing a layer are separated by a space.
LAYERS = [
    "core",
    "orgs",
    "accounts",
    "documents",
    "procedures",
    "dossiers",
    "quality",
    "improvement",
    "oversight",
    "portal api",
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer.split()}
PACKAGE = Path(eiso.__file__).parent

# (module path, imported module): why it is allowed. Keep this empty; fix rather than add.
KNOWN: dict[tuple[str, str], str] = {}


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "eiso":  # from eiso import quality
                for alias in node.names:
                    yield node.lineno, f"eiso.{alias.name}"
            else:
                yield node.lineno, node.module
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "eiso" or len(parts) < 2 or parts[1] not in RANK:
        return None
    return parts[1]


def _violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        app = path.relative_to(PACKAGE).parts[0]
        if app not in RANK:  # eiso/settings.py, eiso/urls.py, eiso/wsgi.py: the project, above every app
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for line, module in _imported_modules(tree):
            target = _app_of(module)
            if target is None or target == app:
                continue
            if RANK[target] < RANK[app]:
                continue
            if (relative, module) in KNOWN:
                continue
            found.append(f"{relative}:{line} ({app}) imports {module} ({target})")
    return found


def test_every_app_imports_only_from_the_layers_below_it():
    assert _violations() == []


def test_the_layer_order_names_every_app_of_the_package():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps == set(RANK)


def test_the_check_sees_an_upward_import_inside_a_function():
    tree = ast.parse("def f():\n    from eiso.oversight import selectors\n")
    assert [module for _, module in _imported_modules(tree)] == ["eiso.oversight"]
    assert RANK["oversight"] > RANK["quality"]


def test_the_check_sees_a_dynamic_import_and_an_import_of_the_api_app():
    tree = ast.parse('import importlib\nimportlib.import_module("eiso.portal.views")\nimport eiso.api.urls\n')
    modules = [module for _, module in _imported_modules(tree)]
    assert "eiso.portal.views" in modules and "eiso.api.urls" in modules
    assert _app_of("eiso.api.urls") == "api" and RANK["api"] == RANK["portal"]


MAX_MODULE_LINES = 600  # DESIGN.md: a module that grows past this is split by responsibility


def test_no_module_is_longer_than_the_limit():
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"Modules over {MAX_MODULE_LINES} lines: {too_long}"
