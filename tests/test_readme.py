"""The README's examples run: its Python examples as doctests, its console commands for real."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
COMMANDS = re.findall(r"^\$ (kestrel .+)$", README.read_text(encoding="utf-8"), flags=re.M)


def test_readme_python_examples() -> None:
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        failures, tried = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    finally:
        os.chdir(cwd)
    assert tried > 5 and failures == 0


def test_readme_shows_both_make_targets() -> None:
    text = README.read_text(encoding="utf-8")
    first_screen = text[:2500]
    assert "make demo" in first_screen and "make test" in first_screen


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_commands_run(command: str, tmp_path: Path) -> None:
    for name in ("src", "examples"):
        (tmp_path / name).symlink_to(REPO / name)
    args = shlex.split(command)
    proc = subprocess.run(
        [sys.executable, "-m", "kestrel", *args[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
