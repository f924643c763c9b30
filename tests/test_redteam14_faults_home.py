"""Red-team round 14: no home folder at all, as a container run under a numeric user (`docker run --user 12345`)
has it: HOME unset and no entry for the user in the system's user list.

Every command ended in "newsdesk: internal error: RuntimeError: could not determine the home directory for
'~/.local/share', ...", the words of platformdirs under ours. Now a usage error in one line that says what to
set, and nothing is written anywhere (no folder named "~" in the working folder).

The installed command, as a user the system does not know: a user namespace maps us to uid 12345 where they are
allowed (`unshare --map-user`); elsewhere the child starts with the ``pwd`` module made unimportable (a
``sitecustomize``: ``pwd`` is built in), which Python and platformdirs take as they take a user without an entry."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_cli_hostile import newsdesk_command


def _stranger(tmp_path: Path) -> list[str]:
    """A command prefix that runs as a user without a home, or [] when the child gets the ``pwd`` stand-in."""
    if shutil.which("unshare"):
        probe = subprocess.run(
            ["unshare", "--map-user=12345", "--map-group=12345", "id", "-u"], capture_output=True, text=True
        )
        if probe.returncode == 0 and probe.stdout.strip() == "12345":
            return ["unshare", "--map-user=12345", "--map-group=12345"]
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        'import sys\n\nsys.modules["pwd"] = None  # import pwd: ImportError\n'
    )
    return []


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({}, "set HOME, XDG_CONFIG_HOME or NEWSDESK_CONFIG"),
        ({"NEWSDESK_CONFIG": "CFG"}, "set HOME, XDG_DATA_HOME or NEWSDESK_HOME"),
        ({"NEWSDESK_HOME": "DATA"}, "set HOME, XDG_CONFIG_HOME or NEWSDESK_CONFIG"),
    ],
    ids=["nothing-set", "config-set", "data-set"],
)
@pytest.mark.parametrize("args", [["feeds"], ["add", "https://news.example/feed"]], ids=["feeds", "add"])
def test_no_home_folder_is_one_line_saying_what_to_set(
    tmp_path: Path, env: dict[str, str], needle: str, args: list[str]
) -> None:
    prefix = _stranger(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    drop = ("HOME", "NEWSDESK_HOME", "NEWSDESK_CONFIG", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "PYTHONPATH")
    child = {k: v for k, v in os.environ.items() if k not in drop}
    child.update({k: str(tmp_path / v) for k, v in env.items()})
    if not prefix:
        child["PYTHONPATH"] = str(tmp_path / "shim")
    proc = subprocess.run(
        [*prefix, *newsdesk_command(), *args], capture_output=True, text=True, env=child, cwd=work, timeout=60
    )
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0], proc.stderr
    assert lines[0].startswith("newsdesk: no home folder") and lines[0].endswith(needle), lines[0]
    assert list(work.iterdir()) == [] and not (tmp_path / "DATA").exists()
