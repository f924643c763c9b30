"""The installed `newsdesk` command where its terminal is not the usual one: no terminal at all, an output
encoding without the story's characters, an output that cannot be written. One clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from feeds.store import Store
from tests.test_bookmarks import make_story
from tests.test_cli import newsdesk, one_line_error
from tests.test_cli_hostile import newsdesk_command, newsdesk_env


def _one_story(home: Path, title: str) -> str:
    with Store(home) as store:
        feed = store.add_feed("https://a.example/feed", title="Café del Mar")
        story = make_story(feed.id, 1, published=1_700_000_000.0, title=title)
        store.save_stories(feed.id, [story])
    return story.id


@pytest.mark.parametrize("args", [(), ("--demo",)])
def test_the_reader_without_a_terminal_says_so_instead_of_waiting(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`newsdesk < /dev/null > out` drew its screen into the file and waited for keys that never came."""
    proc = newsdesk(tmp_path, *args, input="")  # standard input a pipe, standard error captured: no terminal
    one_line_error(proc, 2, "the reader needs a terminal")
    assert proc.stdout == ""
    assert not (tmp_path / "demo").exists()  # refused before anything was opened or written


def test_an_output_encoding_without_the_storys_letters_prints_them_as_question_marks(tmp_path: Path) -> None:
    """With an ASCII or Latin-1 locale, the first non-ASCII title was 'internal error: UnicodeEncodeError', and
    a listing stopped half-way."""
    story_id = _one_story(tmp_path, "Zürich talks — Erdoğan meets 習近平")
    env = {**newsdesk_env(tmp_path), "PYTHONIOENCODING": "ascii"}
    for args in (("stories",), ("show", story_id), ("feeds",)):
        proc = subprocess.run([*newsdesk_command(), *args], capture_output=True, env=env, timeout=120)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.stderr == b"", proc.stderr
        out = proc.stdout.decode("ascii")  # nothing but ASCII was written
        assert ("Z?rich talks ? Erdo?an meets ???" in out) or args == ("feeds",), out
        assert "Caf? del Mar" in out


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_an_output_that_cannot_be_written_is_one_line_in_words(tmp_path: Path) -> None:
    """`newsdesk stories > /dev/full` ended on "[Errno 28] No space left on device"."""
    _one_story(tmp_path, "A story")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*newsdesk_command(), "stories"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=newsdesk_env(tmp_path),
            timeout=120,
        )
    one_line_error(proc, 1, "the disk is full")
    assert "Errno" not in proc.stderr
