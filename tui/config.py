"""The reader's settings: one TOML file at the XDG config path, read once at start.

A bad file never stops the reader: each bad part (a syntax error, a wrong type, an unknown key) becomes a
warning in words and that part keeps its default, so a typo in one setting does not cost the others. Retention is
the exception, as it deletes: a retention setting that cannot be read, or a file that cannot be read at all,
purges nothing until it is fixed (the default of 500 a feed threw away the stories of a user who keeps them all).
This module does not import Textual: the command line reads the config too (for retention) and stays fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from feeds.paths import NotRegularFile, config_file, open_regular
from feeds.store import Retention
from feeds.text import strip_unsafe

#: The shortest automatic refresh interval a config file may ask for.
MIN_REFRESH_MINUTES = 1.0
#: The largest config file read: a config is a few lines (see load_config).
MAX_CONFIG = 2**20
#: The narrowest story text a config file may ask for (0, the full width, aside): narrower is a word a line.
MIN_TEXT_WIDTH = 20
#: The theme of a config that names none.
DEFAULT_THEME = "textual-dark"
_RETENTION = Retention()  # the engine's defaults are ours: one place decides how much history to keep


@dataclass(frozen=True)
class Config:
    """Everything a user can set. Defaults are what a first run uses."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. ``{"story.toggle_read" = "x"}`` or ``"j,down"``; see the help screen (?)."""

    theme: str = ""
    """A Textual theme name, e.g. ``textual-light``, ``nord``, ``gruvbox``; "" (not set) is :data:`DEFAULT_THEME`.
    A theme picked later in the palette (ctrl+p, "app: Theme") is used instead until this setting changes (see
    :mod:`tui.theme_choice`): not set is told apart from the default named, so naming it is a change."""

    mark_read_on_open: bool = True
    """Opening a story marks it read; off, only ``m``, ``M`` (a group) and ``A`` (the list) mark stories read."""

    retention_per_feed: int = 500
    """Newest stories kept per feed (bookmarked ones are always kept); 0 keeps all."""

    retention_days: float = 0.0
    """Stories older than this many days are purged (bookmarked ones are kept); 0 (the default) keeps all,
    so adding a feed never throws away the old stories it serves."""

    refresh_minutes: float = 0.0
    """Refresh every feed every this many minutes (at least 1) while the reader is open; 0 turns it off."""

    browser: str = ""
    """Command that opens a link (the URL is added as its last argument); empty uses the system browser."""

    text_width: int = 100
    """The widest a story's text runs, in cells (newsboat's ``text-width``); 0 uses the pane's full width. A
    narrower pane keeps all its width."""


#: What a file that cannot be read gives: the defaults, but no story is purged (see the module's words).
_UNREAD = Config(retention_per_feed=0, retention_days=0.0)
_RETENTION_SETTINGS = ("retention_per_feed", "retention_days")
_KEPT = "; no story is purged until it is fixed"


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a whole number", float: "a number", str: "text", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _check(name: str, value: Any, default: Any) -> tuple[Any, str]:
    """The value if it fits the setting's type and range, else the default and a warning in words."""
    expected = type(default)
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif expected is dict:
        ok = isinstance(value, dict)
    else:
        ok = isinstance(value, expected)
    if not ok:
        want = _type_name(default)
        return default, f"config: `{name}` should be {want}, not {_type_name(value)}; using the default"
    if isinstance(value, float) and math.isnan(value):
        return default, f"config: `{name}` should be {_type_name(default)}, not nan; using the default"
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        return default, f"config: `{name}` cannot be negative; using the default"
    if name == "refresh_minutes" and 0 < value < MIN_REFRESH_MINUTES:
        # a timer firing without pause (1e-300 minutes) starves the reader: it stops answering keys
        return (
            MIN_REFRESH_MINUTES,
            f"config: `refresh_minutes` is at least {MIN_REFRESH_MINUTES:g}; using that",
        )
    if name == "text_width" and 0 < value < MIN_TEXT_WIDTH:
        return (
            MIN_TEXT_WIDTH,
            f"config: `text_width` is at least {MIN_TEXT_WIDTH} (or 0, the full width); using that",
        )
    return value, ""


def _check_keymap(table: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in table.items():
        if not binding_id.isprintable() or (isinstance(keys, str) and not keys.isprintable()):
            # no key is named with a control character, and the footer and the help wrote the key text to the
            # terminal as it was: an escape sequence in it (a clear screen, an OSC 52 clipboard write) ran there
            shown = strip_unsafe(binding_id)
            warnings.append(f"config: keymap `{shown}` holds control characters, which name no key (ignored)")
        elif isinstance(keys, str) and keys.strip():
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
        else:
            warnings.append(f'config: keymap `{binding_id}` should be keys as text, like "x" or "j,down"')
    return keymap, warnings


def parse_config(text: str, source: str = "config") -> tuple[Config, list[str]]:
    """Settings from TOML text: the good parts applied, the bad parts reported and left at their defaults."""
    import tomllib  # here: a command run without a config file (the usual case) never needs it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _UNREAD, [f"{source}: {exc}; using the default settings{_KEPT}"]
    defaults = Config()
    known = {f.name: getattr(defaults, f.name) for f in fields(Config)}
    changes: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in data.items():
        if name not in known:
            warnings.append(f"config: unknown setting `{strip_unsafe(name)}` (ignored)")
            continue
        value, problem = _check(name, value, known[name])
        if problem and name in _RETENTION_SETTINGS:  # keep every story rather than purge by a default
            value, problem = 0 if name == "retention_per_feed" else 0.0, problem.split("; ")[0] + _KEPT
        if problem:  # value is what _check chose instead: the default, or the nearest allowed value
            warnings.append(problem)
        if name == "keymap":
            value, keymap_warnings = _check_keymap(value)
            warnings.extend(keymap_warnings)
        changes[name] = value
    return replace(defaults, **changes), warnings


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings at ``path`` (default: ``--config``/``$NEWSDESK_CONFIG``/XDG path) and warnings in words.

    A missing file is the normal first run: defaults, no warning.
    """
    path = path if path is not None else config_file()
    try:  # not blocking: a named pipe there would hold every command
        with open_regular(path) as fh:
            data = fh.read(MAX_CONFIG + 1)  # a file given by mistake (a disk image) was read whole
        if len(data) > MAX_CONFIG:
            return _UNREAD, [
                f"the config file {path} is larger than 1 MB, so it is no config; using the default settings{_KEPT}"
            ]
        # "utf-8-sig": a byte order mark (Notepad's UTF-8) was a TOML error no one could see, at line 1, column 1
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        return Config(), []
    except NotRegularFile as exc:
        return _UNREAD, [f"cannot read the config file: {exc}; using the default settings{_KEPT}"]
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _UNREAD, [f"cannot read the config file {path}: {reason}; using the default settings{_KEPT}"]
    return parse_config(text, source=f"config file {path}")
