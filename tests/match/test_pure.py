"""store.match is pure: text in, ranked matches out. It must not reach for a database or
Telegram, directly or through what it imports, so it can be used and tested on its own."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import store.match

MATCH = Path(store.match.__file__).parent
FORBIDDEN = (
    "sqlalchemy",
    "sqlmodel",
    "telegram",
    "store.repo",
    "store.db",
    "store.models",
    "store.claimbase",
    "store.ingest",
    "trafilatura",
    "httpx",
)


def forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def imported_names(path: Path) -> set[str]:
    """Every module an import statement in the file names, wherever the statement is."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_of_store_match_imports_a_database_or_telegram() -> None:
    modules = sorted(MATCH.glob("*.py"))
    assert len(modules) > 10
    found = {
        f"{path.name}: {name}"
        for path in modules
        for name in imported_names(path)
        if forbidden(name)
    }
    assert not found, "store.match must stay pure"


def test_the_scan_sees_imports_anywhere_in_a_module(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sqlmodel import Session\n"
        "def later():\n    import telegram.ext\n"
        "from store import repo\n",
        encoding="utf-8",
    )
    assert {n for n in imported_names(module) if forbidden(n)} == {
        "sqlmodel",
        "sqlmodel.Session",
        "telegram.ext",
        "store.repo",
    }


def test_importing_store_match_loads_no_database_or_telegram_module() -> None:
    """What store.match imports may not pull them in either (a fresh interpreter)."""
    program = (
        "import importlib, json, pkgutil, sys, store.match\n"
        "for m in pkgutil.iter_modules(store.match.__path__):\n"
        "    importlib.import_module('store.match.' + m.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=MATCH.parent.parent,
    )
    loaded = json.loads(done.stdout)
    assert "store.match.index" in loaded
    assert [name for name in loaded if forbidden(name)] == []
