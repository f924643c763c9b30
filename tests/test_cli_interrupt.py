"""Ctrl-C at any moment of the installed `newsdesk` command: one line, status 130, no traceback, a whole store.

Each command is started and sent SIGINT (to its process group, as a terminal's Ctrl-C is) after a range of delays,
from at once to after it is done; wherever the signal lands the rules below must hold. The signal may land in one
of three places, and each has its outcome:

* before the interpreter has its own handler (or after it has put the default back on the way out): the process
  dies by SIGINT, silently (status -2 here; a shell says 130);
* in the interpreter's own start-up (``site``, the console script's first lines), before a line of ours runs:
  Python prints the KeyboardInterrupt there (with a traceback, bare, or as a "Fatal Python error") and no
  package can prevent it; none of its frames is in our code;
* anywhere in our code: "newsdesk: interrupted", once, and status 130 - or the command's own result if it had
  already finished.

Importing ``tui.cli`` took about 60 ms before any handler existed, and a Ctrl-C there printed a traceback (and one
landing while orjson's extension module loaded crashed the interpreter); the reader's start-up, while Textual
took the terminal, printed Textual's traceback and exited 0.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.terminal import Terminal, ctrl_c_as_a_terminal_sends_it, plain, read_until_exit

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("newsdesk")
feed_server = httpserver.feed_server

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="needs the installed `newsdesk` command")

# Seconds: at once, through the interpreter's start-up, our imports and the store's opening, to after the end.
DELAYS = (
    0.0,
    0.001,
    0.003,
    0.006,
    0.01,
    0.015,
    0.02,
    0.03,
    0.04,
    0.05,
    0.065,
    0.08,
    0.1,
    0.13,
    0.17,
    0.25,
    0.4,
)
SWALLOWED = "Failed checking if argv[0] is an import path entry"  # CPython's, for a signal it caught early
LOCK_CALLBACK = (
    "Exception ignored in: <function _get_module_lock.<locals>.cb"  # CPython's, for one it lost there
)
OUR_FRAME = re.compile(r'File "[^"]*[/\\](?:tui|feeds)[/\\][^"]*\.py"')
# PYTHONPROFILEIMPORTTIME's line for each import, written to stderr as it ends; "site" ends before our first line.
IMPORT_TIME = re.compile(r"import time:[^\n]*\n")
#: The line of tui/__init__.py that holds Ctrl-C back: a signal that landed before it (in the import machinery, in
#: the console script's `from tui.cli import main`) is raised in that module's first instructions, ahead of any code
#: that could catch it - the same as the interpreter's start-up, out of any package's reach.
_INIT = (ROOT / "tui" / "__init__.py").read_text(encoding="utf-8").splitlines()
MASK_LINE = next(n for n, line in enumerate(_INIT, 1) if line.startswith("import _imp")) - 1  # the mask's end
BEFORE_MASK = re.compile(r'File "[^"]*[/\\]tui[/\\]__init__\.py", line (\d+)')
SITE_DONE = re.compile(r"import time: +\d+ \| +\d+ \| site\n")


def lost_by_the_interpreter(err: str) -> bool:
    """Whether the interpreter itself lost the SIGINT before our first line, and went on as if there were none:
    while it set up the import path, or while ``site`` ran (the editable install's import hook loads some fifty
    modules there) - raised in the callback that drops an import's lock ("Exception ignored"), or in a ``.pth``
    file's line, which ``site`` reports and skips ("Error processing line 1"). Telling the second needs the
    import-time log in ``err``: the KeyboardInterrupt printed before ``site`` ended."""
    if SWALLOWED in err:
        return True
    if LOCK_CALLBACK in err and not OUR_FRAME.search(err):
        # Lost in the callback that drops an import's lock, with no frame of ours: from tui.cli's first lines the
        # pipe tui/interrupt.py watches sees such a loss, and the command ends as interrupted (130); so one that
        # ran on was lost before them, while Ctrl-C was held back or before our first line - on its way in.
        return True
    lost, site = err.find("KeyboardInterrupt"), SITE_DONE.search(err)
    return lost != -1 and site is not None and lost < site.start()


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}


def _interrupt(args: list[str], home: Path, delay: float, **popen: object) -> tuple[int, str]:
    proc = subprocess.Popen(
        [str(EXE), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(home),
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
        **popen,  # type: ignore[call-overload]
    )
    time.sleep(delay)  # Popen returns once the command is exec'd: the signal cannot land before that
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does
    try:
        _out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group
        proc.communicate(timeout=30)
        raise AssertionError(f"`newsdesk {' '.join(args)}` hung after a SIGINT {delay} s in") from None
    return proc.returncode, err


def check_interrupted(code: int, err: str, *, done: int = 0) -> str:
    """The rules, whatever moment the signal landed; returns where it landed. ``err`` may hold the import-time
    log (PYTHONPROFILEIMPORTTIME)."""
    lost = lost_by_the_interpreter(err)
    err = IMPORT_TIME.sub("", err)
    first = BEFORE_MASK.search(err)
    if first and int(first.group(1)) <= MASK_LINE and len(OUR_FRAME.findall(err)) == 1:
        # Landed before our first line could hold it back (see MASK_LINE): the interpreter prints it and ends.
        # Landed inside the mask's own call, the signal is blocked by the time the interpreter ends: it then
        # kills itself with SIGINT in vain, and exits 128 + SIGINT instead (CPython's exit_sigint).
        died = (1, -signal.SIGINT, 128 + signal.SIGINT)
        assert err.rstrip().endswith("KeyboardInterrupt") and code in died, (code, err)
        return "interpreter"
    assert not OUR_FRAME.search(err), err  # no traceback passes through our code
    assert code != -signal.SIGSEGV, err
    if lost and code != 130:
        # The interpreter caught a KeyboardInterrupt itself before our first line, said so with a traceback of
        # its own, and went on as if there had been no signal. (Unless that left its import lock taken: our first
        # line sees that, and the command ends as interrupted - tui/__init__.py.)
        assert code == done, (code, err)
        return "interpreter"
    if err.startswith("Fatal Python error") or err.rstrip().removesuffix(":").endswith("KeyboardInterrupt"):
        # The interpreter's own start-up, before our first line: it prints the exception, with a traceback of
        # its own frames, or bare when it landed before any frame ran ("KeyboardInterrupt: " when it landed
        # while setting up __main__: "python: failed to set __main__.__loader__", status 1), or fails to
        # initialise (while setting up its standard streams or importing ``site``) and says "Fatal Python error".
        assert code in (1, -signal.SIGINT, -signal.SIGABRT), (code, err)
        assert "newsdesk:" not in err, err
        return "interpreter"
    if code == 130:
        assert err.count("newsdesk: interrupted") == 1, err
        assert err.rstrip("\n").endswith("newsdesk: interrupted"), err
        return "ours"
    assert code in (done, -signal.SIGINT), (code, err)
    return "before or after"


def assert_whole(home: Path) -> Store:
    """The store opens without repairs, and every story it lists can be read."""
    store = Store(home, readonly=True)
    assert store.recovered == []
    for header in store.headers():
        assert store.story(header.id) is not None, header.id
    return store


@pytest.fixture(scope="module")
def small_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("interrupt") / "home"
    with Store(home) as store:
        feed = store.add_feed("https://a.example/rss", title="Alpha")
        store.save_stories(feed.id, _stories(feed.id, 30))
    return home


def _stories(feed_id: str, n: int) -> list[Story]:
    now = time.time()
    return [
        Story(
            id=f"{feed_id}-{i}",
            feed_id=feed_id,
            title=f"Story {i}",
            link=f"https://a.example/{i}",
            author="",
            published=now - 60 * i,
            text="words " * 40,
            links=(),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("args", [["feeds"], ["stories", "--limit", "5"], ["export"], ["--version"]])
def test_ctrl_c_at_any_moment_of_a_reading_command(small_home: Path, args: list[str]) -> None:
    for delay in DELAYS:
        code, err = _interrupt(args, small_home, delay)
        check_interrupted(code, err)
    assert_whole(small_home).close()


def test_ctrl_c_at_any_moment_of_an_import_adds_all_or_nothing(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    outlines = "".join(f'<outline text="f{n}" xmlUrl="https://f{n}.example/rss"/>' for n in range(3000))
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    for n, delay in enumerate(DELAYS):
        home = tmp_path / f"home{n}"
        code, err = _interrupt(["import", str(opml)], home, delay)
        check_interrupted(code, err)
        if (home / "feeds.json").exists():
            with assert_whole(home) as store:
                assert len(store.feeds()) in (0, 3000)


def test_ctrl_c_at_any_moment_of_a_refresh(feed_server: FeedServer, tmp_path: Path) -> None:
    base = tmp_path / "base"
    with Store(base) as store:
        for n in range(12):
            feed_server.set(f"/f{n}.xml", make_feed(n, 40))
            store.add_feed(feed_server.url(f"/f{n}.xml"))
    for n, delay in enumerate((*DELAYS, 0.6, 0.9)):
        home = tmp_path / f"home{n}"
        shutil.copytree(base, home)
        code, err = _interrupt(["refresh"], home, delay)
        check_interrupted(code, err)
        assert_whole(home).close()


def test_ctrl_c_while_the_command_waits_is_one_line(tmp_path: Path) -> None:
    """Reading OPML from a standard input that never ends: the command waits there until Ctrl-C, so a late enough
    signal lands in our code (the interpreter starts in milliseconds; it is given seconds)."""
    proc = subprocess.Popen(
        [str(EXE), "import", "-"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=_env(tmp_path),
        start_new_session=True,
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
    )
    time.sleep(3)
    assert proc.poll() is None
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.stdin is not None
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == "newsdesk: interrupted\n", (proc.returncode, err)


def _reader_interrupted(home: Path, delay: float) -> tuple[int, str, bool]:
    """Start the reader in a terminal of its own, SIGINT it after ``delay``; its status, what it printed (escape
    sequences removed) and whether the terminal's modes were put back."""
    # The import-time log says whether a KeyboardInterrupt Python lost in an import lock's callback (it prints
    # "Exception ignored" and goes on) was lost in its own start-up, before our first line, or in our code.
    env = {**_env(home), "PYTHONPROFILEIMPORTTIME": "1"}
    with Terminal([str(EXE), "--data-dir", str(home)], env) as term:
        proc, master = term.proc, term.master
        started = time.monotonic()
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        sent = time.monotonic() - started  # under load, later than asked
        text = plain(bytes(read_until_exit(proc, master, 60)))
        if proc.poll() is None and lost_by_the_interpreter(text):  # see check_interrupted
            os.write(master, b"q")  # and the terminal is read on, as a terminal does, while the reader quits
            text += plain(bytes(read_until_exit(proc, master, 60)))
        # What it printed before its screen, and where the signal was sent, to tell where it was lost.
        assert proc.poll() is not None, (
            f"the reader ran on after SIGINT ({delay} s, sent at {sent:.3f} s), {_where_lost(text)}: "
            f"{IMPORT_TIME.sub('', text)[:1500]!r} ... {IMPORT_TIME.sub('', text)[-600:]!r}"
        )
        code = proc.returncode
        restored = term.restored()
    return code, text, restored


def _where_lost(text: str) -> str:
    """The imports that had ended when a KeyboardInterrupt was printed."""
    lost = text.find("KeyboardInterrupt")
    if lost == -1:
        return "no KeyboardInterrupt printed"
    return f"a KeyboardInterrupt printed after {IMPORT_TIME.findall(text[:lost])[-3:]}"


def test_ctrl_c_during_the_readers_start_up(small_home: Path, tmp_path: Path) -> None:
    """Whether it lands before Textual has the terminal, while it takes it, or once the reader shows its stories
    (a SIGINT then is ``kill -INT``: Ctrl-C is a key there), the reader ends with 130 and the terminal as it was."""
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    for delay in (*DELAYS, 0.5, 0.6, 0.8, 1.2, 2.0):
        code, text, restored = _reader_interrupted(home, delay)
        assert restored, (delay, IMPORT_TIME.sub("", text))
        if not lost_by_the_interpreter(
            text
        ):  # it never runs on as if nothing happened, nor quits as if asked to
            assert code != 0, (delay, IMPORT_TIME.sub("", text))
        check_interrupted(code, text)
    assert_whole(home).close()
