"""Where newsdesk keeps its data and its config: the XDG paths, and the overrides tests and users use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: Environment variable that moves the data folder (tests and scripts point it at a temporary folder).
HOME_ENV = "NEWSDESK_HOME"
#: Environment variable that points at a config file.
CONFIG_ENV = "NEWSDESK_CONFIG"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` if given, else ``$NEWSDESK_HOME``, else the XDG data folder (``~/.local/share/newsdesk``)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("newsdesk", appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """``--config`` if given, else ``$NEWSDESK_CONFIG``, else ``config.toml`` in the XDG config folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("newsdesk", appauthor=False)) / "config.toml"
