"""Run the real reader in a pseudo-terminal and time it to its first painted story list.

The child is the installed ``newsdesk --data-dir DIR`` command, started on a pty of 120 x 40 cells, so it runs
exactly as in a terminal (the real Linux driver, real escape sequences). The clock starts just before the process
is spawned (``time.perf_counter`` in this process: CLOCK_MONOTONIC, which the child shares, so interpreter start,
imports, store load and layout are all inside the figure) and stops when the bytes the child wrote, escape
sequences removed, contain a story title that only the story list shows: the newest story's. This process reads
the pty continuously with ``select``, so the detection lags the child's write by well under a millisecond.

Peak memory is the child's ``VmHWM`` from ``/proc/<pid>/status``, read while it runs: the same high-water mark of
resident memory that ``getrusage(RUSAGE_SELF).ru_maxrss`` reports inside the child.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

from .common import child_env, newsdesk_command, optional

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[()*+][0-~]"  # charset
    r"|\x1b[ -/]*[0-~]"  # the rest
)
COLUMNS, LINES = 120, 40


@dataclass
class Launch:
    """What one start of the reader measured."""

    paint_s: float  #: process start to the first frame showing the story list
    hwm_paint_kb: int  #: peak resident memory when the list was first painted
    hwm_settled_kb: int  #: peak resident memory after ``settle`` more seconds (or once idle)
    exit_code: int | None
    idle_s: float | None = None  #: process start to the end of its background work (``until_idle`` only)


def reader_built() -> bool:
    """Whether the Textual reader exists yet (``tui.app.make_app``)."""
    return optional("tui.app", "make_app") is not None


def read_hwm(pid: int) -> int:
    """VmHWM of a live process in kB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a live process, all its threads (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def visible(raw: bytes) -> str:
    """The text of terminal output, escape sequences removed."""
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


#: Idle means: less than this much CPU time over the last ``IDLE_WINDOW`` seconds.
IDLE_CPU, IDLE_WINDOW = 0.05, 2.0


def spawn(data_dir: Path, home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The real reader on ``data_dir`` in a new session on a LINES x COLUMNS pseudo-terminal: the process and
    the terminal's master end."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = child_env(home)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(COLUMNS), LINES=str(LINES))
    argv = [*newsdesk_command(), "--data-dir", str(data_dir)]
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    return proc, master


def launch(
    data_dir: Path,
    home: Path,
    marker: str,
    *,
    settle: float = 0.0,
    timeout: float = 60.0,
    until_idle: float = 0.0,
) -> Launch:
    """Start the reader on ``data_dir``, wait until ``marker`` is on screen, optionally ``settle`` seconds more,
    then quit it with ``q`` (killed if it does not go).

    ``until_idle`` (seconds, at most) waits after the paint until the reader has finished the work it starts in
    the background (tagging names, building the search, entity and related indexes): until it used less than
    :data:`IDLE_CPU` seconds of CPU over :data:`IDLE_WINDOW` seconds. Its peak memory then covers all of it."""
    started = time.perf_counter()
    proc, master = spawn(data_dir, home)
    out = bytearray()
    painted: float | None = None
    hwm_paint = 0
    idle_s: float | None = None
    cpu_marks: list[tuple[float, float]] = []  # (time since start, CPU seconds), sampled after the paint
    try:
        while True:
            now = time.perf_counter()
            if painted is not None and until_idle:
                if not cpu_marks or now - started - cpu_marks[-1][0] >= 0.25:
                    cpu_marks.append((now - started, cpu_seconds(proc.pid)))
                window = [m for m in cpu_marks if m[0] >= cpu_marks[-1][0] - IDLE_WINDOW]
                if (
                    window[-1][0] - window[0][0] >= IDLE_WINDOW - 0.3
                    and window[-1][1] - window[0][1] < IDLE_CPU
                ):
                    idle_s = window[0][0]
                    break
                if now - started - painted >= until_idle:
                    raise TimeoutError(f"the reader was still busy {until_idle:.0f} s after its first paint")
            elif painted is not None and now - started - painted >= settle:
                break
            if painted is None and now - started > timeout:
                raise TimeoutError(
                    f"the reader showed no story list within {timeout:.0f} s; its screen: "
                    f"{visible(bytes(out))[-400:]!r}"
                )
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise RuntimeError(
                        f"the reader exited ({proc.wait(5)}) before showing its story list: "
                        f"{visible(bytes(out))[-400:]!r}"
                    )
                out += chunk
                if painted is None and marker in visible(bytes(out)):
                    painted = time.perf_counter() - started
                    hwm_paint = read_hwm(proc.pid)
        hwm_settled = max(hwm_paint, read_hwm(proc.pid))
    finally:
        code = _stop(proc, master)
    return Launch(painted, hwm_paint, hwm_settled, code, idle_s)


def _stop(proc: subprocess.Popen[bytes], master: int) -> int | None:
    """Quit the reader as a user would (``q``), draining its output so it never blocks on a full pty; kill it
    (this process's own child, by pid) if it has not gone within 10 s."""
    with contextlib.suppress(OSError):
        os.write(master, b"q")
    deadline = time.monotonic() + 10
    while proc.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 1 << 16):
                    break
            except OSError:
                break
    if proc.poll() is None:
        proc.kill()
    try:
        code = proc.wait(10)
    except subprocess.TimeoutExpired:
        code = None
    os.close(master)
    return code
