"""What a sixteenth walk found that only a real terminal shows: the installed reader in tmux with ``TERM=screen``
(16 colours, as over ssh inside GNU screen) and a light theme, its colours read back with ``capture-pane -e``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from rich._palettes import STANDARD_PALETTE

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk
from tests.test_e2e_tmux import Tmux, terminal_env

feed_server = httpserver.feed_server
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _luminance(number: int) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = STANDARD_PALETTE[number]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def faint_cells(screen: str) -> list[tuple[int, int, str, float]]:
    """The cells of a ``capture-pane -e`` screen whose 16 colours are too close to tell text from background
    (row, column, character, contrast by the palette Rich chose them from); cells in the terminal's own
    colours, never set, are left out."""
    faint = []
    for row, line in enumerate(screen.split("\n")):
        fg: int | None = None
        bg: int | None = None
        reverse = False
        column, at = 0, 0
        while at < len(line):
            if match := SGR.match(line, at):
                for code in [int(c) if c else 0 for c in match.group(1).split(";")]:
                    if code == 0:
                        fg, bg, reverse = None, None, False
                    elif code == 7:
                        reverse = True
                    elif code == 27:
                        reverse = False
                    elif code in (39, 49):
                        fg, bg = (None, bg) if code == 39 else (fg, None)
                    elif 30 <= code <= 37 or 90 <= code <= 97:
                        fg = code % 10 + (8 if code >= 90 else 0)
                    elif 40 <= code <= 47 or 100 <= code <= 107:
                        bg = code % 10 + (8 if code >= 100 else 0)
                at = match.end()
                continue
            char, at = line[at], at + 1
            text, back = (bg, fg) if reverse else (fg, bg)
            if char.strip() and text is not None and back is not None:
                high, low = sorted((_luminance(text), _luminance(back)), reverse=True)
                if (ratio := (high + 0.05) / (low + 0.05)) < 2:
                    faint.append((row, column, char, round(ratio, 2)))
            column += 1
    return faint


def test_a_light_theme_in_16_colours_has_no_text_the_colour_of_its_background(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Over ssh with TERM=screen the reader has 16 colours, each theme colour sent as the nearest. On
    textual-light the feed list's scroll bar was the colour of its track, the key bar's divider that of the bar,
    and its keys cyan on grey (1.2): a user with 300 feeds could not see where in the list they were, nor the
    keys to press. The reader draws such text in black or white."""
    outlines = "".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl="{feed_server.url(f"/{n}.xml")}"/>' for n in range(60)
    )
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="1.0"><body><outline text="News">{outlines}</outline></body></opml>')
    home = tmp_path / "home"
    assert newsdesk(home, "import", str(opml)).returncode == 0
    config = tmp_path / "config.toml"
    config.write_text('theme = "textual-light"\n')
    exe = Path(sys.executable).with_name("newsdesk")
    env = terminal_env(tmp_path, exe, NEWSDESK_HOME=str(home), NEWSDESK_CONFIG=str(config))
    tmux = Tmux(f"newsdesk-walk16-{os.getpid()}", env)
    try:
        tmux.send("TERM=screen newsdesk", "Enter")
        tmux.wait_for(lambda s: "Feed 10" in s and "Quit" in s)
        tmux.send("Escape")  # to the feed list, then scrolled a little: its bar is mid-track
        time.sleep(0.5)  # apart from the escape: escape then j at once is alt+j
        tmux.send("j")
        tmux.wait_for(lambda s: "Unread · 0" in s)  # the cursor moved: the feed list has the keys
        tmux.send(*["j"] * 44)  # Bookmarks, News, then Feed 0 to Feed 41 (in natural order)
        tmux.wait_for(lambda s: "─ Feed 41 · 0 " in s)
        assert faint_cells(_capture(tmux)) == [], tmux.screen()
    finally:
        tmux.send("q")
        tmux.kill()


def _capture(tmux: Tmux) -> str:
    """The screen with its colours (SGR sequences)."""
    return subprocess.run(
        [*tmux.tmux, "capture-pane", "-e", "-p", "-t", tmux.name], check=True, capture_output=True, text=True
    ).stdout
