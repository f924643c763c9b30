"""The key bar: Textual's footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds all its key widgets whenever the screen says its bindings may have changed: on
every focus move, and every time a widget calls ``refresh_bindings`` - the feed list does on each cursor move
(its delete and rename keys show on saved searches only) and on each reload during a refresh. A rebuild mounts
a dozen widgets and restyles them, about 30-40 ms; most of those calls change nothing that is shown.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What the footer would show for ``screen``: each shown binding with its state and tooltip, in order."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class KeyBar(Footer):
    """A footer that skips rebuilding when the keys it would show are the ones it shows."""

    _shown: tuple[Hashable, ...] | None = None

    def compose(self) -> ComposeResult:
        self._shown = shown_keys(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is not None and screen is self.screen and shown_keys(screen) == self._shown:
            return
        super().bindings_changed(screen)
