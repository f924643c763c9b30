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
from pathlib import Path


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


def plain(out: bytes) -> str:
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
