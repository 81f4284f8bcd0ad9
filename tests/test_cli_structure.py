"""The command line's layout: commands live in clerk.commands and never import the CLI's root,
and every command a module defines is reachable from `clerk`."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import click

from clerk.cli import main

COMMANDS = Path(__file__).resolve().parents[1] / "tools" / "clerk" / "commands"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_command_module_imports_the_root() -> None:
    modules = sorted(COMMANDS.glob("*.py"))
    assert len(modules) >= 10
    offenders = {p.name for p in modules if {"clerk.cli", "clerk.cli.main"} & _imports(p)}
    assert offenders == set()


def _reachable(group: click.Group) -> set[int]:
    found = {id(group)}
    for command in group.commands.values():
        found.add(id(command))
        if isinstance(command, click.Group):
            found |= _reachable(command)
    return found


def test_every_command_defined_is_reachable_from_clerk() -> None:
    reachable = _reachable(main)
    defined = 0
    for path in sorted(COMMANDS.glob("*.py")):
        module = importlib.import_module(f"clerk.commands.{path.stem}")
        for name, value in vars(module).items():
            callback = getattr(value, "callback", None)
            if isinstance(value, click.Command) and callback.__module__ == module.__name__:
                defined += 1
                assert id(value) in reachable, f"{path.name}: {name} is not under clerk"
    assert defined >= 30
