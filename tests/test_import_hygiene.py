"""The engine never imports Textual: every `feeds` module is imported in a fresh interpreter and `textual` must
not be loaded (STYLE.md rule 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import feeds

ROOT = Path(__file__).resolve().parents[1]


def engine_modules() -> list[str]:
    names = ["feeds"]
    for info in pkgutil.walk_packages(feeds.__path__, "feeds."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return names


def test_every_feeds_module_imports_without_textual() -> None:
    modules = engine_modules()
    assert "feeds.store" in modules and "feeds.refresh" in modules and len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_refresh_loads_no_parser_until_it_parses() -> None:
    """The refresh parses in a pool of processes (feeds.refresh_pool); the refreshing process itself stays free of
    feedparser's imports (about 22 ms). A cut body's tag check (feeds.oversize) once loaded it at import."""
    code = "import sys, feeds.refresh, feeds.subscribe\nprint('feedparser' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_readers_start_up_loads_nothing_its_first_paint_does_not_use() -> None:
    """The command line and the reader, as far as their first paint: the version's lookup (importlib.metadata,
    about 30 ms), a ``file:`` address's path (urllib.request, 15 ms) and an RFC 822 date's parser (email) are
    loaded only when a command or a refresh uses them, Textual's TextArea (13 ms) with the bookmark dialog."""
    code = (
        "import sys, tui.cli, tui.cli_reader, tui.app\n"
        "tui.cli.build_parser()\n"
        "later = ('importlib.metadata', 'urllib.request', 'email.utils', 'textual.widgets._text_area')\n"
        "print(sorted(m for m in later if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
