"""The key bar: Textual's footer, rebuilt only when the keys it shows change in a way hiding cannot follow.

Textual's ``Footer`` rebuilds all its key widgets whenever the screen says its bindings may have changed: on
every focus move, and every time a widget calls ``refresh_bindings`` - the feed list does on each cursor move
(its delete and rename keys show on saved searches only) and on each reload during a refresh. A rebuild mounts
a dozen widgets and restyles them, about 30-40 ms; most of those calls change nothing that is shown.

So the bar keeps what it last built and compares: the same keys change nothing, and fewer of the keys it built
(the story view lacks the list's ``enter`` Open) only hide the ones that went, which come back the same way.
Anything else - a new key, a key disabled or re-described - rebuilds it as Textual would.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, KeyGroup


def shown_keys(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What the footer would show for ``screen``: each shown binding with its state and tooltip, in order."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


def _by_action(shown: tuple[Hashable, ...]) -> dict[str, Hashable]:
    """The footer's keys as it lays them out: one a binding action, the first binding of each (see Footer.compose)."""
    out: dict[str, Hashable] = {}
    for item in shown:
        binding: Binding = item[1]  # type: ignore[index]  # items are (key, binding, enabled, tooltip): shown_keys
        out.setdefault(binding.action, item)
    return out


class KeyBar(Footer):
    """A footer that skips rebuilding when the keys it would show are the ones it shows, or some of them."""

    _shown: tuple[Hashable, ...] | None = None
    _built: dict[str, Hashable] | None = None

    def compose(self) -> ComposeResult:
        self._shown = shown_keys(self.screen) if self._bindings_ready else None
        self._built = _by_action(self._shown) if self._shown is not None else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is not None and screen is self.screen:
            shown = shown_keys(screen)
            if shown == self._shown or self._hide_to(shown):
                self._shown = shown
                return
        super().bindings_changed(screen)

    def _hide_to(self, shown: tuple[Hashable, ...]) -> bool:
        """Show just ``shown`` by hiding built keys, if it is some of them, in their order; False otherwise."""
        built = self._built
        if built is None or self.query(KeyGroup):
            return False
        wanted = _by_action(shown)
        order = list(built)
        if any(built.get(action) != item for action, item in wanted.items()):
            return False
        kept = [action for action in order if action in wanted]
        if kept != list(wanted):
            return False
        keys = list(self.query_children(FooterKey))
        if {key.action for key in keys} != set(built):
            return False  # not what compose built (mid-rebuild): let Textual rebuild it
        for key in keys:
            key.display = key.action in wanted
        self.styles.grid_size_columns = sum(
            1 for key in keys if key.display and not key.has_class("-command-palette")
        )
        return True
