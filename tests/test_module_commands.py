"""The measuring commands the README names answer ``--help`` with their usage (``python -m MODULE``), in a real
child process: a command that took ``--help`` for a folder and said there was nothing there was no help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Every ``python -m`` command the README's Performance, Features and Development parts name.
MODULES = [
    "tests.bench",
    "feeds.related.evaluate",
    "feeds.entities.evaluate",
    "feeds.entities.language_eval",
    "feeds.entities.train",
    "feeds.search.bench",
    "feeds.search.bench_saved",
]


def test_the_list_is_the_readmes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"python -m ([\w.]+)", readme)) == set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_help_prints_the_usage_and_exits_0(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m {module}"), done.stdout[:200]
    assert "--help" in done.stdout and not done.stderr
