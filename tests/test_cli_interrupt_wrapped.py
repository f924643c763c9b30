"""A Ctrl-C that Python hands on wrapped in another error is still "newsdesk: interrupted" and status 130.

Python 3.11 wraps an exception raised by a class attribute's ``__set_name__`` while the class is made: a SIGINT
landing while a dataclass is defined (Rich's ``ConsoleThreadLocals`` as Textual loads, our config's ``Config`` as a
command starts) reached the command line as "internal error: RuntimeError: Error calling __set_name__ on 'Field'
instance 'buffer'", status 1 - CI saw it once in the reader's start-up. A real signal lands there too rarely to
test, so these put the KeyboardInterrupt exactly there: a trace function raises it as the first dataclass field's
``__set_name__`` is called, in a real process running the real command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.cli import from_interrupt

ROOT = Path(__file__).resolve().parents[1]

# Raises KeyboardInterrupt (as a signal handler does) when the first dataclass field is named on its class, then
# runs the command line given to it; says on stderr where it fired, so a run where it never fired cannot pass.
DRIVER = """
import sys
{imports}

def trace(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "__set_name__" and frame.f_code.co_filename.endswith(
        "dataclasses.py"
    ):
        sys.settrace(None)
        print("fired:", frame.f_locals.get("name"), file=sys.stderr)
        raise KeyboardInterrupt
    return None

sys.settrace(trace)
{run}
"""


def _run_driver(tmp_path: Path, imports: str, run: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(tmp_path / "home"),
        "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
    }
    return subprocess.run(
        [sys.executable, "-c", DRIVER.format(imports=imports, run=run)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def _assert_interrupted(proc: subprocess.CompletedProcess[str]) -> None:
    lines = proc.stderr.splitlines()
    assert lines and lines[0].startswith("fired:"), proc.stderr  # the interrupt did land in a __set_name__
    assert lines[1:] == ["newsdesk: interrupted"], proc.stderr
    assert proc.returncode == 130, proc.stderr


def test_an_interrupt_wrapped_while_a_command_starts_is_an_interrupt(tmp_path: Path) -> None:
    """`newsdesk stories` on an empty store: the first dataclass it defines is the config's."""
    proc = _run_driver(tmp_path, "import tui.cli", "sys.exit(tui.cli.main(['stories']))")
    _assert_interrupted(proc)


def test_an_interrupt_wrapped_where_nothing_catches_it_ends_the_process_quietly(tmp_path: Path) -> None:
    """The exception hook's path: the wrapped interrupt escapes to the top of the process."""
    run = "import dataclasses\n@dataclasses.dataclass\nclass Late:\n    x: list = dataclasses.field(default=None)\n"
    proc = _run_driver(tmp_path, "import tui.cli", run)
    _assert_interrupted(proc)


def _wrapped_by_python() -> RuntimeError:
    class Raises:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    try:
        type("Made", (), {"field": Raises()})
    except RuntimeError as exc:
        return exc
    raise AssertionError("Python did not wrap it")  # pragma: no cover - then the premise of this file is gone


def test_what_counts_as_coming_of_an_interrupt() -> None:
    wrapped = _wrapped_by_python()
    assert isinstance(wrapped.__cause__, KeyboardInterrupt)
    assert from_interrupt(wrapped)
    assert from_interrupt(KeyboardInterrupt())
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise OSError("cleanup failed")  # noqa: B904 - the context is the point
    except OSError as exc:
        assert from_interrupt(exc)  # raised while the interrupt was handled
    assert from_interrupt(BaseExceptionGroup("two", [ValueError(), KeyboardInterrupt()]))
    assert not from_interrupt(RuntimeError("Error calling __set_name__"))
    assert not from_interrupt(ValueError())
    looped = ValueError()
    looped.__context__ = TypeError()
    looped.__context__.__context__ = looped  # a cycle ends the walk
    assert not from_interrupt(looped)
    assert not from_interrupt(None)
