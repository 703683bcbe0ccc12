"""Sub-commands of the ``moodplayer`` command line, one module each.

Every module in this package that defines ``COMMAND`` (a :class:`Command`) is found by
:func:`discover_commands` and added to the command line; adding a command never touches
another command or ``cli.py``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moodplayer.context import AppContext


@dataclass(frozen=True)
class Command:
    """One sub-command: its name, a one-line help, how to add its arguments, how to run it."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, AppContext], int]
    aliases: tuple[str, ...] = field(default=())


def discover_commands() -> list[Command]:
    """Every ``COMMAND`` defined by a module of this package, sorted by name."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if isinstance(command, Command):
            found.append(command)
    return sorted(found, key=lambda c: c.name)
