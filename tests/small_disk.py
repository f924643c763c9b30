"""A small real file system that tests can fill up: tmpfs in a private mount namespace, or RLIMIT_FSIZE.

Why a namespace: mounting a tmpfs where every process sees it would leak into the machine (and would need
cleaning up after a crashed test). Instead a small holder process is started under ``unshare --mount`` (as root),
or ``unshare --mount --map-root-user`` (as anyone, where user namespaces are allowed); it mounts a tmpfs of a few
megabytes on an empty folder and waits on its stdin. The mount exists only in its namespace and goes away with it.
This process (and any child, such as the ``newsdesk`` command) reaches it through ``/proc/<holder>/root/...``,
which the kernel resolves inside the holder's namespace; the same folder seen from here stays empty.

When neither works (no ``unshare``, no user namespaces), the last resort is a file size limit: ``RLIMIT_FSIZE``
set to zero makes every write of file data fail (``EFBIG``), as a full disk does (``ENOSPC``). It is applied in
this process only while :meth:`SmallDisk.writes_blocked` is active, and in children through :meth:`preexec`.
So the tests never skip. ``NEWSDESK_SMALL_DISK=tmpfs|userns|rlimit`` forces one way (to try the fallbacks).
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

#: Messages a full disk may give, by mechanism: ENOSPC on the tmpfs, EFBIG under the file size limit.
FULL = "the disk is full|the file size limit was reached"

_MOUNT = 'mount -t tmpfs -o "size=$2" newsdesk-test "$1" && echo mounted && read _'


class SmallDisk:
    """A small file system at :attr:`path`; :meth:`fill` uses up all its space and :meth:`free` gives it back."""

    def __init__(self, mountpoint: Path, size: int = 4 << 20) -> None:
        mountpoint.mkdir(parents=True, exist_ok=True)
        self.mountpoint = mountpoint.resolve()
        self.kind = ""
        self.full = False
        self._holder: subprocess.Popen[str] | None = None
        forced = os.environ.get("NEWSDESK_SMALL_DISK", "")
        ways = [w for w in ("tmpfs", "userns") if not forced or forced == w]
        for way in ways if shutil.which("unshare") else []:
            if self._mount(way, size):
                self.kind = way
                break
        if not self.kind:
            self.kind = "rlimit"
            self.path = self.mountpoint

    def _mount(self, way: str, size: int) -> bool:
        flags = ["--mount"] if way == "tmpfs" else ["--mount", "--map-root-user"]
        try:
            holder = subprocess.Popen(
                ["unshare", *flags, "--propagation", "private", "sh", "-c", _MOUNT, "sh", str(self.mountpoint), str(size)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )  # fmt: skip
        except OSError:
            return False
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "mounted":
            holder.wait(timeout=10)
            return False
        self._holder = holder
        self.path = Path(f"/proc/{holder.pid}/root") / self.mountpoint.relative_to("/")
        st = os.statvfs(self.path)
        if st.f_blocks * st.f_frsize > size * 2:  # not our small tmpfs after all: do not fill a real disk
            self.close()
            return False
        return True

    @property
    def filler(self) -> Path:
        return self.path / "filler"

    def fill(self) -> None:
        """Use up every byte: a real ENOSPC from now on (or, under the size limit, EFBIG in :meth:`writes_blocked`)."""
        self.full = True
        if self.kind == "rlimit":
            return
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 16, 1 << 12, 1):
                chunk = b"\0" * size
                with contextlib.suppress(OSError):
                    while os.write(fd, chunk):
                        pass
        finally:
            os.close(fd)
        probe = self.path / "probe"
        try:
            probe.write_bytes(b"x" * 8192)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
        else:
            raise AssertionError("the small file system is not full after filling it")
        finally:
            probe.unlink(missing_ok=True)

    def free(self) -> None:
        self.full = False
        self.filler.unlink(missing_ok=True)

    @contextlib.contextmanager
    def writes_blocked(self) -> Iterator[None]:
        """Around code in this process that should meet the full disk (only the size limit needs it)."""
        if self.kind != "rlimit" or not self.full:
            yield
            return
        old = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, old[1]))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, old)

    def preexec(self) -> Callable[[], None] | None:
        """For ``subprocess.run(preexec_fn=...)``: the size limit in a child started while the disk is full."""
        if self.kind != "rlimit" or not self.full:
            return None
        hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
        return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))

    def close(self) -> None:
        if self._holder is not None:
            with contextlib.suppress(OSError):
                self._holder.stdin.close()  # type: ignore[union-attr]
            try:
                self._holder.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._holder.kill()
                self._holder.wait()
            self._holder = None


def snapshot(root: Path, *, skip: tuple[str, ...] = ("newsdesk.lock",)) -> dict[str, bytes]:
    """Every file under ``root`` (relative name -> bytes): to prove a failed write changed nothing."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip
    }
