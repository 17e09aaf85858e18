"""The code's architecture, as tests: stages import only down the pipeline, no module imports another's
private names, the CLI and the web page call only the application API, no `assert` guards a production
path, and every runtime dependency is used.

ruff, mypy --strict and the complexity ceiling are not tests: `.ci/lint` runs them before pytest (CI's
`.ci/run` does), so that a format slip fails CI without costing the suite half a minute of mypy.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from pathlib import Path

from .conftest import REPO

Imports = ast.Import | ast.ImportFrom


@functools.cache
def package_statements() -> tuple[tuple[Path, tuple[Imports | ast.Assert, ...]], ...]:
    """Each module of generator/, sorted, with its import and assert statements wherever they are
    nested: the package parsed once for the tests below, which read nothing else of its trees."""
    return tuple(
        (
            path,
            tuple(
                n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, Imports | ast.Assert)
            ),
        )
        for path in sorted((REPO / "generator").rglob("*.py"))
    )


def package_imports(folder: Path | None = None) -> list[tuple[Path, ast.ImportFrom]]:
    """Every `from … import` of generator/ (or of the modules directly in `folder`), with its module."""
    return [
        (path, node)
        for path, nodes in package_statements()
        if folder is None or path.parent == folder
        for node in nodes
        if isinstance(node, ast.ImportFrom)
    ]


FIRST_PARTY = ("generator", "tests", "examples", "benchmarks", "scripts")


def private_names_imported(source: str) -> list[str]:
    """The private names a module's source takes from another of the project's modules: with
    `from x import _y` (x relative, or of a FIRST_PARTY package), or as `helpers._y` of a test helper
    module it imported whole (`from . import hostile`)."""
    tree = ast.parse(source)
    names, helpers = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in FIRST_PARTY):
            names += [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if node.level or node.module == "tests":
                helpers |= {a.asname or a.name for a in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in helpers:
            names += [node.attr] if node.attr.startswith("_") and not node.attr.startswith("__") else []
    return names


def test_modules_import_no_private_names_of_others() -> None:
    """`from x import _y` across modules couples them to what was meant to change freely: not in the
    package, nor in the tests, examples, benchmarks and scripts that share its helpers."""
    offenders = []
    for path, node in package_imports():
        if node.module and node.module.startswith("generator"):
            names = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            offenders += [f"{path.relative_to(REPO)}: {name}" for name in names]
    around = sorted(p for folder in FIRST_PARTY[1:] for p in (REPO / folder).rglob("*.py"))
    assert REPO / "tests" / "hostile.py" in around  # the folders were read
    for path in around:
        offenders += [f"{path.relative_to(REPO)}: {name}" for name in private_names_imported(path.read_text("utf-8"))]
    assert not offenders, offenders


def test_the_private_import_check_names_what_it_finds() -> None:
    """The check above can fail: a private helper taken from a module of the project is named, one of
    the standard library's or a public one is not."""
    source = "from .hostile import FORM_FIRST_FIGURE, _cell_in\nfrom os import _exit\nfrom . import hostile\n"
    source += "def f():\n    from generator.app import _READ, validate\n    from tests import conftest\n"
    source += "    return hostile._bomb, hostile.raw_zip, os._exit, conftest._snapshot, validate._x\n"
    assert private_names_imported(source) == ["_cell_in", "_READ", "_bomb", "_snapshot"]


def test_the_cli_calls_only_the_application_api() -> None:
    """The command line parses, calls generator.app and prints: what it may import from the package."""
    allowed = {
        "generator",
        "generator.app",
        "generator.cli",
        "generator.cli.i18n",
        "generator.cli.main",
        "generator.noop",
        "generator.web",
    }
    cli = package_imports(REPO / "generator" / "cli")
    assert {path.name for path, _ in cli} >= {"main.py"}  # the folder's modules were read
    for path, node in cli:
        if node.module and node.module.startswith("generator"):
            assert node.module in allowed, f"{path.name} imports {node.module}"
            if node.module == "generator":
                assert {a.name for a in node.names} <= {"__version__", "app", "noop"}, path.name


def test_the_web_pages_call_only_the_application_api() -> None:
    """Like the CLI, the web layer parses, calls generator.app and renders: no second pipeline."""
    web = package_imports(REPO / "generator" / "web")
    assert {path.name for path, _ in web} >= {"routes.py", "server.py"}  # the folder's modules were read
    for path, node in web:
        if node.module and node.module.startswith("generator"):
            assert node.module in ("generator", "generator.app") or node.module.startswith("generator.web"), (
                f"{path.name} imports {node.module}"
            )
            if node.module == "generator":
                assert {a.name for a in node.names} <= {"app"}, path.name


# The pipeline's stages, lowest first: a module imports only from its own package or a lower rank.
RANKS = {
    "standard": 0, "errors": 0, "cache": 0, "faults": 0,
    "inputs": 1,
    "documents": 2, "workspace": 2,
    "render": 3,
    "output": 4, "pdf": 4,
    "forms": 5, "check": 5, "importer": 5, "proofread": 5,
    "pipeline": 6,
    "app": 7, "noop": 7,
    "web": 8,
    "cli": 9,  # `gongwen ui` starts the web front end; nothing else of the CLI knows it
}  # fmt: skip


def test_imports_only_run_down_the_pipeline() -> None:
    upward = []
    for path, node in package_imports():
        parts = path.relative_to(REPO / "generator").with_suffix("").parts
        if parts == ("__init__",) or not (node.module and node.module.startswith("generator")):
            continue
        own = parts[0]
        targets = (
            [node.module.split(".")[1]]
            if node.module != "generator"
            else [a.name for a in node.names if a.name != "__version__"]
        )
        for target in targets:
            if target != own and RANKS[target] >= RANKS[own]:
                upward.append(f"{'/'.join(parts)} imports {target}")
    assert not upward, upward


def test_no_assert_guards_a_production_path() -> None:
    """`python -O` removes assert statements: a check the program relies on raises a named exception
    (errors.InternalError, errors.present) instead."""
    asserts = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path, nodes in package_statements()
        for node in nodes
        if isinstance(node, ast.Assert)
    ]
    assert not asserts, asserts


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    """A dependency in pyproject.toml that nothing in generator/ imports is installed on every clerk's
    machine for nothing (python-docx was one: docxtpl brings it)."""
    import tomllib
    from importlib.metadata import packages_distributions

    requirements = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = {
        re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements
    }
    imported = {
        (alias.name if isinstance(node, ast.Import) else node.module or "").split(".")[0]
        for _, nodes in package_statements()
        for node in nodes
        if isinstance(node, Imports) and not getattr(node, "level", 0)
        for alias in node.names
    }
    used = {
        distribution.lower().replace("_", "-")
        for module, distributions in packages_distributions().items()
        if module in imported
        for distribution in distributions
    }
    # Used without an import of its own: the call that needs it must still be there.
    through = {"pillow": ".to_pil()"}  # pypdfium2 hands page pictures over as Pillow images
    for distribution, call in through.items():
        if any(call in path.read_text(encoding="utf-8") for path in (REPO / "generator").rglob("*.py")):
            used.add(distribution)
    assert wanted - used == set(), f"runtime dependencies nothing in generator/ imports: {sorted(wanted - used)}"
    # And the other way: what generator/ imports is declared, not borrowed from another's requirements
    # (werkzeug is flask's, imported by generator/web).
    third_party = imported - set(sys.stdlib_module_names) - {"generator"}
    undeclared = {
        distribution.lower().replace("_", "-")
        for module, distributions in packages_distributions().items()
        if module in third_party
        for distribution in distributions
    } - wanted
    assert undeclared == set(), f"imported by generator/ but not declared in pyproject.toml: {sorted(undeclared)}"
