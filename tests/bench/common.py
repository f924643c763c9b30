"""What every part of the benchmark shares: the result rows, the run context, statistics, child-process helpers.

A part returns a :class:`Section` of :class:`Row` s. A row's ``value`` is a number, :data:`NOT_BUILT` (the feature
does not exist yet) or :data:`NOT_AVAILABLE` (a reference tool is missing, with the reason in the notes), so the
JSON stays machine-readable whatever is built; ``met`` compares a number with its budget, and is ``None`` when there
is no budget or the run used the small ``--quick`` sizes (budgets are for the full sizes only).
"""

from __future__ import annotations

import importlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOT_BUILT = "not built yet"
NOT_AVAILABLE = "not available"

Value = float | int | str


@dataclass
class Row:
    """One figure of the table."""

    key: str  #: stable name in the JSON, the same in quick and full runs (sizes are in ``stories``)
    what: str  #: the label a reader sees
    value: Value
    unit: str = ""
    budget: str = ""  #: the budget in words ("<= 0.5 s"); empty: a reference figure
    met: bool | None = None
    stories: int | None = None  #: how many stories the figure was measured with, when that matters

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """One part of the benchmark: its rows, notes on method and fairness, raw details, or the error that stopped
    it."""

    name: str
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "rows": [r.to_dict() for r in self.rows],
            "notes": self.notes,
            "details": self.details,
            "error": self.error,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class Context:
    """Sizes and places for one run. ``quick`` shrinks everything to a smoke test of the suite."""

    quick: bool
    work: Path  #: scratch folder for this run, removed at the end
    runs: int = 3  #: repeated runs of whole commands (refresh, start-up)
    verbose: bool = True
    cache: dict[str, Any] = field(default_factory=dict)  #: what parts share (stores, corpus), built once

    @property
    def feeds(self) -> int:
        return 10 if self.quick else 200

    def per_feed(self, tier: str) -> int:
        """Stories per feed for a size tier: ``tiny`` (1k), ``small`` (10k), ``large`` (50k) at full size."""
        full = {"tiny": 5, "small": 50, "large": 250}
        quick = {"tiny": 10, "small": 50, "large": 100}
        return (quick if self.quick else full)[tier]

    def stories(self, tier: str) -> int:
        return self.feeds * self.per_feed(tier)

    def log(self, message: str) -> None:
        if self.verbose:
            print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def scratch(self, name: str) -> Path:
        """A new empty folder under the run's scratch folder."""
        path = self.work / name
        n = 1
        while path.exists():
            n += 1
            path = self.work / f"{name}-{n}"
        path.mkdir(parents=True)
        return path


def judge(value: Value, limit: float, ctx: Context, *, at_most: bool = True) -> bool | None:
    """Whether a number meets its budget; None for a non-number or a quick run (sizes below the budget's)."""
    if ctx.quick or not isinstance(value, int | float) or math.isnan(value):
        return None
    return value <= limit if at_most else value >= limit


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, interpolated between the closest ranks (what numpy's default does)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    pos = 0.95 * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (pos - low))


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def optional(module: str, *names: str) -> Any | None:
    """The module if it imports and has every name in ``names``, else None: how a part finds out whether the
    feature it measures is built yet. An import that fails for another reason than absence is raised, so a
    broken module shows up as that part's error, not as "not built yet"."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    return mod if all(hasattr(mod, n) for n in names) else None


def newsdesk_command() -> list[str]:
    """The installed ``newsdesk`` command of this interpreter's environment (what a user runs); the module when
    the script is missing (an environment installed without scripts)."""
    script = Path(sys.executable).parent / "newsdesk"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "tui.cli"]


def child_env(home: Path) -> dict[str, str]:
    """Environment for a measured child: its own HOME and XDG folders (no user config or data leaks in), no
    colour or locale surprises, and the repository importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONPATH=str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def newsboat_path() -> str | None:
    return shutil.which("newsboat")


def install_newsboat(log: Callable[[str], None]) -> str:
    """Install newsboat from the system's packages if it is missing (the side-by-side figures need it).

    Only where that can be done without asking: apt-get as root (or through password-less sudo). Returns what
    happened, in words, for the report; never raises: without newsboat the suite goes on and says so.
    """
    if newsboat_path() is not None:
        return ""
    apt = shutil.which("apt-get")
    if apt is None:
        return "newsboat is missing and there is no apt-get to install it"
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None or subprocess.run([sudo, "-n", "true"], capture_output=True).returncode != 0:
            return "newsboat is missing and installing it needs root"
        prefix = [sudo, "-n"]
    log("newsboat is missing: installing it from the system's packages (apt-get install newsboat)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for argv in ([*prefix, apt, "-qq", "update"], [*prefix, apt, "-qq", "-y", "install", "newsboat"]):
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"installing newsboat failed: {exc}"
        if proc.returncode != 0 and "install" in argv:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return f"installing newsboat failed: {tail[0]}"
    return "newsboat was installed for this run" if newsboat_path() else "newsboat could not be installed"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []
