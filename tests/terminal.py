"""Running the installed command in a terminal of its own, as a user's Ctrl-C reaches it."""

from __future__ import annotations

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
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType


def ctrl_c_as_a_terminal_sends_it() -> None:
    """``preexec_fn``: SIGINT at its default and not blocked in the child, whatever the test process holds at that
    moment (a child inherits an ignored signal, and the blocked signals of the thread that starts it: the
    reader then ran on after a SIGINT, once in a few full runs)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def read_until_exit(proc: subprocess.Popen[bytes], master: int, seconds: float) -> bytearray:
    """What a process in a pseudo-terminal writes (``master``: the terminal's other side) until it ends, or
    ``seconds`` pass."""
    out = bytearray()
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        if select.select([master], [], [], 0.05)[0]:
            try:
                out += os.read(master, 1 << 16)
            except OSError:
                break
    while select.select([master], [], [], 0.05)[0]:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return out


def plain(out: bytes | bytearray) -> str:
    """What a terminal shows of ``out``, escape sequences removed."""
    text = re.sub(
        r"\x1b(\[[0-9;?<>=$]*[a-zA-Z~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])",
        "",
        out.decode(errors="replace"),
    )
    return text.replace("\r", "")


def refresh_on_a_terminal(home: Path) -> str:
    """`newsdesk refresh` with its stderr a terminal (80x24): what it drew, each piece the bar drew over apart."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    proc = subprocess.Popen([*cmd, "refresh"], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    try:
        out = read_until_exit(proc, master, 120).decode("utf-8", "replace")
    finally:
        os.close(master)
    assert proc.wait(10) == 0
    return out


class Terminal:
    """``cmd`` started on a pseudo-terminal of its own, as a terminal's foreground job (its own session, its
    standard streams the terminal, SIGINT at its default): ``master`` is the terminal's other side, which the test
    reads and types into, ``modes`` the terminal's modes before the command ran. ``rows`` and ``columns`` size it
    (and set ``LINES`` and ``COLUMNS``, which Textual takes over the terminal's size, and a test runner may set);
    ``TERM`` is xterm-256color. As a context, it ends the command if it still runs and closes the terminal."""

    def __init__(
        self,
        cmd: Sequence[str],
        env: dict[str, str],
        *,
        rows: int = 0,
        columns: int = 0,
        cwd: Path | None = None,
    ) -> None:
        self.master, self.slave = os.openpty()
        env = {**env, "TERM": "xterm-256color"}
        if rows and columns:
            fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            env |= {"COLUMNS": str(columns), "LINES": str(rows)}
        self.modes = termios.tcgetattr(self.slave)
        self.closed = False
        self.proc = subprocess.Popen(
            list(cmd),
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
        )

    def restored(self) -> bool:
        """Whether the terminal's modes are those it had before the command ran."""
        return termios.tcgetattr(self.slave) == self.modes

    def wait_for(self, seen: bytearray, words: str, seconds: float) -> bool:
        """Read what the command draws into ``seen`` until ``plain(seen)`` holds ``words`` (True) or ``seconds``
        pass; the command must not end first."""
        proc, deadline = self.proc, time.monotonic() + seconds
        while words not in plain(seen):
            assert proc.poll() is None, f"the reader ended ({proc.returncode}): {plain(seen)[-1500:]!r}"
            if time.monotonic() > deadline:
                return False
            if select.select([self.master], [], [], 0.05)[0]:
                seen += os.read(self.master, 1 << 16)
        return True

    def close(self) -> None:
        """Close the terminal, both sides (the window goes: a hangup for whoever still has it)."""
        if not self.closed:
            self.closed = True
            os.close(self.master)
            os.close(self.slave)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.close()
