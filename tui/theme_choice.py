"""The theme the reader starts with, and keeping the one a user picks in the palette (ctrl+p, "app: Theme").

A theme picked in the palette lasted one session: a user who picked one expected to find it at the next start.
The config file is the user's own (comments, layout), so the reader never rewrites it: the pick is kept in the
store's folder (:meth:`feeds.store.Store.keep_chosen_theme`) together with the config's ``theme`` at that moment.

Which wins at start: the config's ``theme`` is the default; a theme picked since is used while the config still
names the theme it named at the pick. A user who then sets another theme in the config meant it, so the config
wins, until the next pick. A read-only copy (``--read-only``) uses the kept pick but keeps none of its own.
"""

from __future__ import annotations

from collections.abc import Container

from feeds.storage import StoreError
from feeds.store import Store

from .config import DEFAULT_THEME

#: The palette's words for the theme switcher, in a copy that keeps the pick and in one that cannot.
KEPT_HELP = "Change the colours, kept for the next start (a theme set in the config after the pick wins)"
SESSION_HELP = (
    "Change the colours for this session (a read-only copy keeps no pick; the copy that writes this data folder"
    " keeps its own)"
)


def start_theme(store: Store, config_theme: str, available: Container[str]) -> str | None:
    """The theme to start with: the kept pick, if the config's ``theme`` is unchanged since and the theme still
    exists, else the config's (``""``, none named: :data:`DEFAULT_THEME`); None when the one chosen is not a theme
    (the caller warns and keeps its own). The config's theme is compared as written, so a config that named none
    at the pick and names the default now has changed."""
    try:
        chosen = store.chosen_theme()
    except StoreError:  # an unreadable record is no reason to lose the config's theme
        chosen = None
    if chosen is not None and chosen[1] == config_theme and chosen[0] in available:
        return chosen[0]
    theme = config_theme or DEFAULT_THEME
    return theme if theme in available else None


def keep_theme(store: Store, theme: str, config_theme: str) -> str:
    """Keep ``theme``, just picked, for the next start; the problem in words when it could not be written
    (a full disk), else "". A read-only store keeps nothing and says nothing (the palette's help said so)."""
    try:
        store.keep_chosen_theme(theme, config_theme)
    except StoreError as exc:
        return f"The theme is used but could not be kept for the next start: {exc}"
    return ""
