"""End to end: the package installed into a fresh virtual environment, `newsdesk --demo` run in a real terminal
(tmux, 120x40), driven with keys and read back with capture-pane."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROMPT = "E2E-PROMPT>"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with newsdesk installed from the repo (a real, non-editable install: package data included)."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required for the end-to-end tests (apt-get install tmux; .ci/run installs it)")
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(ROOT)],
        check=True,
        timeout=900,
        capture_output=True,
    )
    return venv / "bin" / "newsdesk"


class Tmux:
    """A tmux server of its own (``-L``): a session added to a server already running (anyone's, on the default
    socket) gets that server's environment, not ours, and the reader then ran without NEWSDESK_HOME."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.tmux = ["tmux", "-L", name]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "bash --norc --noprofile"],
            check=True,
            env=env,
        )
        self.send(f"export PS1='{PROMPT} '", "Enter")
        self.wait_for(lambda s: PROMPT in s)

    def send(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], check=True, capture_output=True, text=True
        ).stdout

    def wait_for(self, test: Callable[[str], bool], timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"screen never matched; last screen:\n{screen}")
            time.sleep(0.2)

    def kill(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False)


def terminal_env(tmp_path: Path, exe: Path, **extra: str) -> dict[str, str]:
    """The environment the installed command ``exe`` runs in under tmux: a data folder in ``tmp_path``, no config
    file, a 256-colour terminal, ``exe``'s folder first on PATH, and ``extra`` on top."""
    return {
        **os.environ,
        "NEWSDESK_HOME": str(tmp_path / "home"),
        "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
        "TERM": "xterm-256color",
        "PATH": f"{exe.parent}:{os.environ.get('PATH', '')}",
        **extra,
    }


def at_prompt(screen: str) -> bool:
    """The shell's prompt is the last line: the command run in the pane has ended."""
    return bool(screen.strip()) and screen.rstrip().splitlines()[-1].strip() == PROMPT


def test_demo_in_tmux_open_mark_quit(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = terminal_env(tmp_path, installed)
    tmux = Tmux(f"newsdesk-e2e-{os.getpid()}", env)
    try:
        tmux.send("newsdesk --demo", "Enter")
        # the feeds and their stories: the demo is read in before the reader starts
        tmux.wait_for(lambda s: "Meridian Wire" in s and "Harbour Post" in s and re.search(r"All · [1-9]", s))
        tmux.send("j")
        time.sleep(0.5)
        tmux.send("Enter")
        time.sleep(1.5)
        opened = tmux.screen()
        tmux.send("m")  # opening marked it read; m toggles it back to unread
        time.sleep(0.5)
        tmux.send("m")  # and read again
        time.sleep(0.5)
        tmux.send("q")
        # A bare prompt on the last line: the reader has exited (the restored command line starts with the prompt
        # too, and killing the session then would hang up on a reader still closing).
        after = tmux.wait_for(lambda s: bool(s.strip()) and s.rstrip().splitlines()[-1].strip() == PROMPT)
        assert "Traceback" not in after
    finally:
        tmux.kill()
    listed = subprocess.run(
        [str(installed), "--data-dir", str(home / "demo"), "stories", "--json", "--limit", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    listed_stories = json.loads(listed.stdout)
    assert len(listed_stories) == 2, f"stories listed: {listed.stdout!r} {listed.stderr!r}\n{opened}"
    first, second = listed_stories
    # The second story (one j down) was opened: its title and the start of its text were on the screen.
    assert second["title"][:40] in opened.replace("\n", " ") or second["title"][:30] in opened
    shown = subprocess.run(
        [str(installed), "--data-dir", str(home / "demo"), "show", second["id"]],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    body_start = shown.split("\n\n", 1)[1].split()[:4]
    assert " ".join(body_start) in " ".join(opened.split())
    assert second["read"] is True and first["read"] is False


def test_o_says_when_the_browser_in_browser_env_fails(installed: Path, tmp_path: Path) -> None:
    """``$BROWSER`` names a command that runs in the terminal: the reader hands the terminal over and takes it
    back. When that command is not installed or fails, ``o`` came back without a word, as if the key did nothing;
    it says the browser failed. One that works (``true``) is not reported as failing."""
    env = terminal_env(tmp_path, installed, BROWSER="false")
    tmux = Tmux(f"newsdesk-e2e-browser-{os.getpid()}", env)
    try:
        tmux.send("newsdesk --demo", "Enter")
        tmux.wait_for(lambda s: "Meridian Wire" in s and re.search(r"All · [1-9]", s) is not None)
        tmux.send("o")
        failed = tmux.wait_for(lambda s: "failed to open" in " ".join(s.split()), timeout=15)
        assert "'false'" in failed
        tmux.send("q")
        tmux.wait_for(lambda s: bool(s.strip()) and s.rstrip().splitlines()[-1].strip() == PROMPT)
        tmux.send("clear; BROWSER=true newsdesk --demo", "Enter")
        tmux.wait_for(lambda s: "Meridian Wire" in s and re.search(r"All · [1-9]", s) is not None)
        tmux.send("o")
        time.sleep(2)
        tmux.send("j")  # the reader has the terminal back and answers keys
        time.sleep(1)
        assert "failed to open" not in " ".join(tmux.screen().split())
        tmux.send("q")
        after = tmux.wait_for(lambda s: bool(s.strip()) and s.rstrip().splitlines()[-1].strip() == PROMPT)
        assert "Traceback" not in after
    finally:
        tmux.kill()


def test_a_terminal_browser_in_the_config_gets_the_terminal(installed: Path, tmp_path: Path) -> None:
    """``browser = "w3m"`` (a newsboat user's setting): the command ran beside the reader like a GUI browser,
    with no terminal (its input /dev/null), so nothing showed while the reader said it was opening the page. A
    terminal browser is handed the terminal until it exits, and the reader comes back."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "opened.txt"
    w3m = bin_dir / "w3m"  # a stand-in that says whether it had the terminal, and what it was asked to open
    w3m.write_text(f'#!/bin/sh\nif [ -t 0 ]; then t=tty; else t=none; fi\necho "$t $1" > {record}\n')
    w3m.chmod(0o755)
    config = tmp_path / "config.toml"
    config.write_text(f'browser = "{w3m}"\n')
    env = terminal_env(tmp_path, installed, NEWSDESK_CONFIG=str(config))
    tmux = Tmux(f"newsdesk-e2e-w3m-{os.getpid()}", env)
    try:
        tmux.send("newsdesk --demo", "Enter")
        tmux.wait_for(lambda s: "Meridian Wire" in s and re.search(r"All · [1-9]", s) is not None)
        tmux.send("o")
        end = time.monotonic() + 15
        while not (record.exists() and record.read_text().strip()) and time.monotonic() < end:
            time.sleep(0.1)
        had, url = record.read_text().split()
        assert had == "tty" and url.startswith("https://")
        tmux.wait_for(lambda s: "Meridian Wire" in s)  # the reader is back on screen
        assert "Opening in the browser" not in " ".join(tmux.screen().split())
        tmux.send("q")
        after = tmux.wait_for(lambda s: bool(s.strip()) and s.rstrip().splitlines()[-1].strip() == PROMPT)
        assert "Traceback" not in after
    finally:
        tmux.kill()


def test_ctrl_c_quits_and_the_next_start_comes_back_to_the_feed_left(installed: Path, tmp_path: Path) -> None:
    """In a real terminal ctrl+c is a key, not a signal: Textual answered it with "Press ctrl+q to quit". It quits
    (status 0, the terminal given back), and the next start shows the feed the reader was in, not All."""
    env = terminal_env(tmp_path, installed)
    tmux = Tmux(f"newsdesk-e2e-cc-{os.getpid()}", env)

    try:
        tmux.send("newsdesk --demo", "Enter")
        tmux.wait_for(lambda s: "Meridian Wire" in s and re.search(r"All · [1-9]", s) is not None)
        tmux.send("Escape")  # to the feed list
        time.sleep(0.5)
        tmux.send("G")  # its last row: a feed
        time.sleep(0.5)
        tmux.send("Enter")
        shown = tmux.wait_for(lambda s: re.search(r"╭─ All · ", s) is None)
        titles = re.findall(r"╭─ (.+?) · [\d,]+ ─", shown)
        assert titles, shown
        feed = titles[0]
        tmux.send("C-c")
        after = tmux.wait_for(at_prompt)
        assert "Traceback" not in after and "ctrl+q" not in after
        tmux.send("echo status=$?", "Enter")  # the reader's own status
        tmux.wait_for(lambda s: "status=0" in s)
        tmux.send("clear; newsdesk --demo", "Enter")
        again = tmux.wait_for(lambda s: f"╭─ {feed} · " in s or "╭─ All · " in s)
        assert f"╭─ {feed} · " in again, again
        tmux.send("C-c")
        tmux.wait_for(at_prompt)
    finally:
        tmux.kill()
