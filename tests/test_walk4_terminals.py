"""What a fourth walk through the reader found on terminals and environments the earlier walks did not use: the
installed command in a pseudo-terminal of its own, as a user starts it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from feeds.store import Store
from tests.terminal import plain, read_until_exit
from tests.test_cli import newsdesk, one_line_error

ROOT = Path(__file__).resolve().parents[1]


def _pty(home: Path, rows: int, columns: int, term: str) -> tuple[int, int, list[str], dict[str, str]]:
    """A pseudo-terminal of ``rows`` x ``columns`` (master, slave), the installed command and its environment
    (``TERM=term``, its data under ``home``, no config file)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_CONFIG": str(home / "no-config.toml"),
        "TERM": term,
    }
    return master, slave, cmd, env


def _in_a_terminal(home: Path, term: str, *args: str) -> tuple[int | None, str]:
    """The installed command run with ``TERM=term`` on a pseudo-terminal of 80x24 (standard input, output and
    error), until it exits or 30 s pass; its exit status (None: still running, then ended) and what it wrote."""
    master, slave, cmd, env = _pty(home, 24, 80, term)
    proc = subprocess.Popen([*cmd, *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    try:
        out = read_until_exit(proc, master, 30)
    finally:
        os.close(master)
        try:
            code: int | None = proc.wait(10)  # its terminal closed: the process is ending
        except subprocess.TimeoutExpired:
            code = None
            proc.kill()
            proc.wait(10)
    return code, out.decode("utf-8", "replace")


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_a_terminal_that_cannot_draw_a_screen_is_told_so_in_one_line(tmp_path: Path, term: str) -> None:
    """With TERM=dumb (Emacs' M-x shell, a serial console) the reader started anyway: it wrote its screen as escape
    sequences in 24-bit colour and waited for keys. newsboat says "Error opening terminal: unknown." to TERM=unknown
    and writes no escape sequence to TERM=dumb."""
    code, out = _in_a_terminal(tmp_path, term, "--demo")
    assert code == 2, out
    assert "\x1b" not in out  # no screen was drawn, not even the switch to the alternate screen
    lines = plain(out.encode()).strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsdesk: the reader needs a terminal that can move its cursor"), lines
    assert f"TERM={term} cannot" in lines[0]
    assert not (tmp_path / "demo").exists()  # refused before anything was written


def test_a_command_still_runs_on_a_dumb_terminal(tmp_path: Path) -> None:
    """Only the reader needs to draw: the commands print lines, which any terminal shows."""
    code, out = _in_a_terminal(tmp_path, "dumb", "--demo", "stories", "--limit", "2")
    assert code == 0, out
    assert len(plain(out.encode()).strip().splitlines()) >= 2


def test_a_demo_command_reads_beside_the_demo_reader(tmp_path: Path) -> None:
    """With `newsdesk --demo` open in one terminal, `newsdesk --demo search Trump` (the README's own example) in a
    second said "another newsdesk is using the data folder", where the same command on the user's store reads
    beside the reader. A command that writes still waits its turn."""
    assert newsdesk(tmp_path, "--demo", "feeds").returncode == 0  # the demo set up, as the reader does first
    with Store(tmp_path / "demo"):  # the reader holds the demo's folder
        for args in (("search", "Trump", "--limit", "2"), ("stories", "--limit", "2"), ("feeds",)):
            proc = newsdesk(tmp_path, "--demo", *args)
            assert proc.returncode == 0, (args, proc.stderr)
            assert len(proc.stdout.splitlines()) >= 2, (args, proc.stdout)
        one_line_error(
            newsdesk(tmp_path, "--demo", "add", "--no-check", "https://a.example/rss"), 1, "another newsdesk"
        )


def _rows(out: bytes) -> list[str]:
    """The screen rows a reader wrote, in order: each is drawn after a move to its row's first column."""
    pieces = re.split(rb"\x1b\[\d+;1H", out)
    return [plain(piece).strip("\r\n") for piece in pieces[1:]]


@pytest.mark.parametrize("how", ["COLUMNS and LINES exported", "standard output redirected"])
def test_the_reader_takes_the_size_of_the_terminal_it_draws_on(tmp_path: Path, how: str) -> None:
    """Textual sized the screen as line programs do: $COLUMNS and $LINES first, else standard output's terminal.
    With COLUMNS=40 LINES=10 exported it drew 40x10 in a 100x30 terminal and kept that size through a resize;
    with its output redirected (`newsdesk > log`), 80x24."""
    master, slave, cmd, env = _pty(tmp_path / "home", 30, 100, "xterm-256color")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    if how.startswith("COLUMNS"):
        env |= {"COLUMNS": "40", "LINES": "10"}
    with open(tmp_path / "log", "wb") as log:
        proc = subprocess.Popen(
            [*cmd, "--demo"],
            stdin=slave,
            stdout=slave if how.startswith("COLUMNS") else log,
            stderr=slave,
            env=env,
            cwd=ROOT,
        )
    os.close(slave)
    try:

        def frame_of(width: int, seconds: float) -> list[str]:
            """The rows written until a top frame as wide as ``width`` was drawn (or ``seconds`` passed)."""
            out = bytearray()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if select.select([master], [], [], 0.1)[0]:
                    out += os.read(master, 1 << 16)
                rows = _rows(bytes(out))
                if any(r.startswith("╭─ Feeds") and cell_len(r) == width for r in rows):
                    return rows
            return _rows(bytes(out))

        rows = frame_of(100, 60)
        tops = [r for r in rows if r.startswith("╭─")]
        assert any(r.startswith("╭─ Feeds") and cell_len(r) == 100 for r in tops), tops[:3]
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 20, 70, 0, 0))
        proc.send_signal(signal.SIGWINCH)  # what the terminal does when its window changes
        rows = frame_of(70, 30)
        tops = [r for r in rows if r.startswith("╭─")]
        assert any(r.startswith("╭─ Feeds") and cell_len(r) == 70 for r in tops), tops[-3:]
        os.write(master, b"q")
        read_until_exit(proc, master, 30)  # read on: a reader whose terminal is full cannot finish drawing
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        os.close(master)


def test_a_key_that_is_not_utf8_is_read_as_a_replacement_character(tmp_path: Path) -> None:
    """A terminal in a Latin-1 or C locale sends "ß" as the byte 0xDF (and Alt+a as 0xE1 where Alt sets the eighth
    bit): typed into the search bar, the reader ended with a traceback ("UnicodeDecodeError: 'utf-8' codec can't
    decode byte 0xdf")."""
    master, slave, cmd, env = _pty(tmp_path / "home", 30, 100, "xterm-256color")
    proc = subprocess.Popen([*cmd, "--demo"], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    out = bytearray()

    def read_until(seen: str, seconds: float) -> None:
        end = time.monotonic() + seconds
        while seen not in plain(bytes(out)) and time.monotonic() < end and proc.poll() is None:
            if select.select([master], [], [], 0.1)[0]:
                with contextlib.suppress(OSError):
                    out.extend(os.read(master, 1 << 16))

    try:
        read_until("? Help", 60)  # drawn, with its key bar
        os.write(master, b"/")
        read_until("Search: words", 20)
        os.write(master, b"Stra\xdfe")
        read_until("Stra\ufffde", 20)
        assert proc.poll() is None, plain(bytes(out))[-800:]
        assert "Stra\ufffde" in plain(bytes(out))
        for key in (b"\x1b", b"q"):  # escape leaves the search; q quits
            os.write(master, key)
            time.sleep(0.5)
        out += read_until_exit(proc, master, 30)
        assert proc.wait(10) == 0, plain(bytes(out))[-800:]
        assert "Traceback" not in plain(bytes(out))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        os.close(master)
