"""A config file with escape sequences in its keymap and setting names (a dotfiles repository copied from
somewhere): read from a real file, into the real reader through Pilot and the installed command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from textual.geometry import Region

from feeds.store import Store
from tests.snapshot_apps import strip_text
from tests.snapshot_apps.stores import NOW
from tests.test_cli_hostile import newsdesk_command, newsdesk_env
from tui.app import make_app
from tui.config import load_config

pytestmark = pytest.mark.anyio

#: A clear screen as the toggle-read key, an OSC 52 clipboard write as the help key, a red setting name.
HOSTILE = """
[keymap]
"story.toggle_read" = "\\u001b[2J"
"app.help" = "\\u001b]52;c;cm0gLXJmIC8=\\u0007"
"\\u001b[31mcursor.down" = "x"
["\\u001b[31mcolour"]
"""
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HOSTILE)
    return path


def painted(app: object) -> list[str]:
    """Every line every widget on the screen paints now."""
    lines = []
    for widget in app.screen.query("*"):  # type: ignore[attr-defined]
        region = Region(0, 0, widget.size.width, widget.size.height)
        lines.extend(strip_text(strip) for strip in widget.render_lines(region))
    return lines


async def test_escape_sequences_in_the_keymap_never_reach_the_screen(
    sample_store: Store, config_file: Path
) -> None:
    """The footer and the help wrote the key text as it was: the clear screen ran on every repaint."""
    config, warnings = load_config(config_file)
    assert any("holds control characters" in w for w in warnings), warnings
    assert all(not CONTROL.search(w) for w in warnings), warnings
    app = make_app(sample_store, config, notice="; ".join(warnings), clock=lambda: NOW)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        for line in painted(app):
            assert not CONTROL.search(line), repr(line)
        first = app.main_screen.story_list.current
        assert first is not None and not sample_store.is_read(first.id)
        await pilot.press("m")  # the default key of toggle read still answers
        await pilot.pause()
        assert sample_store.is_read(first.id)
        await pilot.press("question_mark")
        await pilot.pause()
        for line in painted(app):
            assert not CONTROL.search(line), repr(line)


def test_the_command_line_says_the_warnings_without_their_escapes(tmp_path: Path, config_file: Path) -> None:
    env = {**newsdesk_env(tmp_path), "NEWSDESK_CONFIG": str(config_file)}
    proc = subprocess.run(
        [*newsdesk_command(), "feeds"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "unknown setting `colour`" in proc.stderr
    assert not CONTROL.search(proc.stderr.replace("\n", "")), repr(proc.stderr)
