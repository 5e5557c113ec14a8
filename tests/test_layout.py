"""The stage layout holds: imports run one way, read from the import statements themselves.

`text` and `quotes` use only `model`, `errors` and `config` (and never each other); `speech` uses
neither `outputs` nor `server`; `outputs` does not use `server`; nothing below the CLI imports it.
Every package under src/ is listed in pyproject.toml, so the wheel ships it.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "audionews"
BASE = {"audionews.model", "audionews.errors", "audionews.config"}

# For each stage, the audionews modules it may import beside its own.
ALLOWED: dict[str, set[str] | None] = {
    "text": BASE,
    "quotes": BASE,
    "speech": None,  # anything but the forbidden below
    "outputs": None,
    "server": None,
}
FORBIDDEN = {
    "speech": ("audionews.outputs", "audionews.server", "audionews.cli"),
    "outputs": ("audionews.server", "audionews.cli"),
    "server": ("audionews.cli",),
}


def imported_modules(path: Path) -> set[str]:
    """Every audionews module a file imports, wherever the import statement is (top level or in a function)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative imports are not the house style; resolve them anyway
                base = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "audionews" or name.startswith("audionews.")}


def stage_files(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_run_one_way(stage: str) -> None:
    files = stage_files(stage)
    assert files, f"src/audionews/{stage}/ is missing"
    wrong = []
    for path in files:
        for name in imported_modules(path):
            own = within(name, f"audionews.{stage}")
            allowed = ALLOWED[stage]
            if allowed is not None and not own and not any(within(name, ok) for ok in allowed):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if any(within(name, no) for no in FORBIDDEN.get(stage, ())):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if name == "audionews":  # the top-level package pulls in the pipeline
                wrong.append(f"{path.relative_to(ROOT)} imports the audionews package itself")
    assert not wrong, "imports that run back up the pipeline:\n" + "\n".join(sorted(set(wrong)))


def test_the_plain_data_modules_import_nothing_above_them() -> None:
    for name in ("model", "errors", "config"):
        above = {module for module in imported_modules(PACKAGE / f"{name}.py")
                 if not any(within(module, base) for base in BASE)}  # `from audionews.errors import X` is fine
        assert not above, f"{name}.py imports {above}"


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The check itself can fail: an import back up is found, in a function body too."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from audionews.server.api import api\n    import audionews.quotes.marks\n")
    found = imported_modules(module)
    assert "audionews.server.api" in found and "audionews.quotes.marks" in found


def test_every_package_ships_in_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(PACKAGE.parent).parts) for init in PACKAGE.rglob("__init__.py")}
    assert on_disk | {"audionews.web"} == listed
