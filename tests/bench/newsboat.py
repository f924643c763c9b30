"""newsboat, the reference: a cache, a URL list and a config in a scratch folder, and its batch commands timed.

newsboat runs with ``-u urls -c cache.db -C config`` and HOME pointed at the scratch folder, so nothing of a
user's own newsboat is read or written. :data:`CONFIG` is what makes the comparison fair; the section notes say
so in the output.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from .common import child_env, newsboat_path

#: reload-threads 16: newsdesk fetches 16 feeds at once, so newsboat may too (its default is 1, which would be
#: unfair to it). The rest are newsboat's defaults, written out so a reader sees them: one try per feed, a 30 s
#: timeout, and every item kept (newsdesk keeps 500 per feed, more than the feeds hold).
CONFIG = """\
reload-threads 16
download-retries 1
download-timeout 30
max-items 0
show-read-feeds yes
"""

MISSING = "newsboat is not installed (apt-get install newsboat); its figures are left out"


class Newsboat:
    """One newsboat cache in ``folder`` subscribed to ``urls``."""

    def __init__(self, folder: Path, urls: list[str]) -> None:
        binary = newsboat_path()
        if binary is None:
            raise FileNotFoundError(MISSING)
        self.binary = binary
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
        (folder / "config").write_text(CONFIG, encoding="utf-8")
        self.env = child_env(folder)

    def _argv(self, *command: str) -> list[str]:
        f = self.folder
        return [
            self.binary,
            "-q",
            "-u",
            str(f / "urls"),
            "-c",
            str(f / "cache.db"),
            "-C",
            str(f / "config"),
        ] + [arg for c in command for arg in ("-x", c)]

    def run(self, *command: str, timeout: float = 300) -> tuple[float, str]:
        """(wall seconds, standard output) of ``newsboat -x <command>...``; raises on a non-zero exit."""
        started = time.perf_counter()
        proc = subprocess.run(
            self._argv(*command),
            env=self.env,
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(
                f"newsboat -x {' '.join(command)} exited {proc.returncode}: {proc.stderr.strip()}"
            )
        return elapsed, proc.stdout

    def reload(self) -> float:
        return self.run("reload")[0]

    def unread(self) -> tuple[float, int]:
        """(seconds, count) of ``-x print-unread``: newsboat opening its cache and counting unread articles."""
        elapsed, out = self.run("print-unread")
        match = re.search(r"(\d+)\s+unread", out)
        if match is None:
            raise RuntimeError(f"newsboat -x print-unread said {out.strip()!r}")
        return elapsed, int(match.group(1))
