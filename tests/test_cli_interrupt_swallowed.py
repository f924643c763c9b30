"""A Ctrl-C whose KeyboardInterrupt a finaliser swallowed still stops the reader before it opens.

Python raises a SIGINT's KeyboardInterrupt in whatever Python code runs at that moment; in an object's
``__del__`` the interpreter prints "Exception ignored in ..." and goes on. A Ctrl-C landing there during the
reader's start-up let it open and run on (CI saw "the reader ran on after SIGINT" once, under load). Here the
signal is sent from inside a ``__del__`` as the reader's command begins, so it lands there every time, in a
real process with a terminal of its own running the real reader. A command that is not the reader finishes its
work, then ends as interrupted: status 130, where it said nothing and exited 0 after Python's "Exception
ignored" traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.store import Store
from tests.terminal import Terminal, ctrl_c_as_a_terminal_sends_it, read_until_exit

ROOT = Path(__file__).resolve().parents[1]

DRIVER = """
import os, signal, sys
import tui.cli

class Finalised:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)  # lands on the next line of Python run here: inside this __del__
        print("after the signal, in __del__", file=sys.stderr)

def trace(frame, event, arg):  # as the command's function begins, an object is collected
    if event == "call" and frame.f_code.co_name == COMMAND and frame.f_code.co_filename.endswith(("cli_commands.py", "cli_reader.py")):
        sys.settrace(None)
        Finalised()
        print("swallowed; going on", file=sys.stderr)

COMMAND = sys.argv[1]
sys.settrace(trace)
sys.argv = ["newsdesk", *sys.argv[2:]]
sys.exit(tui.cli.main())  # as the console script calls it
"""


def _run_in_a_terminal(home: Path) -> tuple[int | None, str]:
    env = {**os.environ, "NEWSDESK_CONFIG": str(home / "none.toml")}
    cmd = [sys.executable, "-c", DRIVER, "reader", "--data-dir", str(home)]
    with Terminal(cmd, env, cwd=ROOT) as term:
        out = read_until_exit(term.proc, term.master, 30)
        return term.proc.poll(), out.decode(errors="replace").replace("\r", "")


def test_a_ctrl_c_swallowed_by_a_finaliser_stops_the_reader(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store(home) as store:
        store.add_feed("https://a.example/rss", title="Alpha")
    code, text = _run_in_a_terminal(home)
    # The premise: the interrupt was raised inside __del__, and swallowed there.
    assert "Exception ignored in" in text and "swallowed; going on" in text, text
    assert "after the signal" not in text, text
    assert code == 130, (code, text[-400:])  # before: the reader opened and ran on
    assert text.rstrip("\n").endswith("newsdesk: interrupted"), text[-400:]
    assert "Alpha" not in text  # it never drew its feed list


def test_a_ctrl_c_swallowed_by_a_finaliser_during_a_command_ends_it_as_interrupted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store(home) as store:
        store.add_feed("https://a.example/rss", title="Alpha")
    env = {**os.environ, "NEWSDESK_CONFIG": str(home / "none.toml")}
    args = [sys.executable, "-c", DRIVER, "feeds", "--data-dir", str(home), "feeds"]
    proc = subprocess.run(
        args,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
    )
    assert "Exception ignored in" in proc.stderr and "swallowed; going on" in proc.stderr, proc.stderr
    assert "after the signal" not in proc.stderr, proc.stderr
    assert "Alpha" in proc.stdout  # the command did its work
    assert proc.returncode == 130, (proc.returncode, proc.stderr)
    assert proc.stderr.endswith("newsdesk: interrupted\n"), proc.stderr


# The console script's own shape, in a file named as it is (the package knows it is the process's entry by that
# name): the signal is sent in the callback that drops an import's lock - tui.cli's just after its last line ran,
# the package's before tui.cli's first line, or that of tui.cli's own ``import signal``. The script imports only
# what the console script has loaded by then (``_signal`` is built in), so those imports are still to come.
SCRIPT = """
import os, sys
import _signal

def trace(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "cb" and frame.f_locals.get("name") == MODULE:
        sys.settrace(None)
        print("fired in the import lock's callback", file=sys.stderr)
        os.kill(os.getpid(), _signal.SIGINT)

MODULE = os.environ["LOCK_OF"]
sys.settrace(trace)
from tui.cli import main
sys.settrace(None)
if __name__ == "__main__":
    sys.exit(main())
"""


@pytest.mark.parametrize("module", ["tui.cli", "tui", "signal"])
def test_a_ctrl_c_swallowed_as_the_command_line_loads_stops_the_command_before_it_starts(
    tmp_path: Path, module: str
) -> None:
    """CI-like load once put a real Ctrl-C in tui.cli's callback (the reader then ran on): the pipe that sees
    swallowed ones was only set in ``main``, after that moment. The package's and ``signal``'s callbacks came
    before the pipe was set, and the command ran on too (status 0): Ctrl-C is held back there now."""
    home = tmp_path / "home"
    with Store(home) as store:
        store.add_feed("https://a.example/rss", title="Alpha")
    script = tmp_path / "bin" / "newsdesk"
    script.parent.mkdir()
    script.write_text(SCRIPT)
    env = {**os.environ, "NEWSDESK_CONFIG": str(home / "none.toml"), "LOCK_OF": module}
    proc = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(home), "feeds"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
    )
    # The premise: the signal was sent in that callback (tui.cli's lets it through: Python swallows it there).
    assert "fired in the import lock's callback" in proc.stderr, proc.stderr
    if module == "tui.cli":
        assert "Exception ignored in" in proc.stderr, proc.stderr
    assert proc.returncode == 130, (proc.returncode, proc.stderr)  # before: 0, the command ran on
    assert proc.stderr.endswith("newsdesk: interrupted\n"), proc.stderr
    assert "Alpha" not in proc.stdout  # it never started


# The console script's shape again, the signal sent as the callback that drops an import's lock has taken Python's
# global import lock and before its ``try``: the interrupt raised there leaves that lock taken. The reader then
# opened with its keys dead (Textual reads them in a thread, whose imports wait for the lock for ever).
LOCK_LEFT_TAKEN = """
import os, sys, _imp, _signal

def profile(frame, event, arg):
    if event == "c_return" and frame.f_code.co_name == "cb" and arg is _imp.acquire_lock:
        sys.setprofile(None)
        os.kill(os.getpid(), _signal.SIGINT)

sys.setprofile(profile)
import colorsys  # not loaded yet: its lock's callback runs as this import ends
sys.setprofile(None)
print("import lock taken:", _imp.lock_held(), file=sys.stderr)
from tui.cli import main
if __name__ == "__main__":
    sys.exit(main())
"""


def test_a_ctrl_c_that_left_the_import_lock_taken_before_our_first_line_ends_the_command(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    with Store(home) as store:
        store.add_feed("https://a.example/rss", title="Alpha")
    script = tmp_path / "bin" / "newsdesk"
    script.parent.mkdir()
    script.write_text(LOCK_LEFT_TAKEN)
    proc = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(home), "feeds"],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSDESK_CONFIG": str(home / "none.toml")},
        cwd=ROOT,
        timeout=60,
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
    )
    # The premise: Python swallowed the interrupt in the callback, with the import lock taken.
    assert "Exception ignored in" in proc.stderr and "import lock taken: True" in proc.stderr, proc.stderr
    assert proc.returncode == 130, (proc.returncode, proc.stderr)  # before: 0, the command ran on
    assert proc.stderr.endswith("newsdesk: interrupted\n"), proc.stderr
    assert "Alpha" not in proc.stdout
