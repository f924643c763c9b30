"""The key bar: Textual's footer, with the most useful keys first and only the keys that fit, rebuilt only when
the keys it shows change in a way hiding cannot follow.

Order. Textual's ``Footer`` lists the focused widget's keys, then the screen's, then the app's: at 80 columns the
bar was cut in the middle of a word ("r R") and ``/`` Search, ``q`` Quit and ``?`` Help, the keys a newcomer
looks for, were past the edge. Here the focused pane's own keys come first (enter Open, a saved search's
Delete), then :data:`FIRST` in its order, then the rest as Textual orders them.

Fit. A key that does not fit whole is hidden, not cut; the bar packs tighter (Textual's ``compact`` style) when
its keys do not all fit with the roomy one. The help screen (``?``) lists every key.

Rebuilds. Textual's ``Footer`` rebuilds all its key widgets whenever the screen says its bindings may have
changed: on every focus move, and every time a widget calls ``refresh_bindings`` - the feed list does on each
cursor move (its delete and rename keys show on saved searches only) and on each reload during a refresh. A
rebuild mounts a dozen widgets and restyles them, about 30-40 ms; most of those calls change nothing that is
shown. So the bar keeps what it last built and compares: the same keys change nothing, and fewer of the keys it
built (the story view lacks the list's ``enter`` Open) only hide the ones that went, which come back the same
way. Anything else - a new key, a key disabled or re-described - rebuilds it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..writes import refused

#: After the focused pane's own keys, these bindings (by id) come first in the bar, in this order: the way back
#: from a screen over the reader, the way to stop a refresh while one runs, then the reader's everyday keys, the
#: ways back to the story a jump left and forward again among them (shown only then: at 80 columns it was past
#: the edge).
FIRST = (
    "pivot.back",
    "refresh.cancel",
    "story.next_unread",
    "search.next_match",
    "story.back",
    "story.forward",
    "search.open",
    "app.help",
    "app.quit",
    "feeds.refresh",
)


#: A key as the bar shows it: (key, binding, enabled, tooltip).
Shown = tuple[str, Binding, bool, str]


def shown_keys(screen: Screen[object]) -> tuple[Shown, ...]:
    """What the footer shows for ``screen``: each shown binding with its state and tooltip, most useful first; a
    read-only copy leaves out the keys that would write the store (see :mod:`tui.writes`)."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    items = [
        (key, active)
        for key, active in screen.active_bindings.items()
        if (active.binding.show or key == palette) and not refused(active.node, active.binding.action)
    ]

    def rank(index: int) -> tuple[int, int]:
        node, binding = items[index][1].node, items[index][1].binding
        if not isinstance(node, Screen | App):
            return (0, index)  # the focused pane's own keys
        if binding.id in FIRST:
            return (1, FIRST.index(binding.id))
        return (2, index)

    ordered = sorted(range(len(items)), key=rank)
    return tuple((items[i][0], *items[i][1][1:]) for i in ordered)


def _by_action(shown: tuple[Shown, ...]) -> dict[str, Shown]:
    """The footer's keys as it lays them out: one a binding action, the first binding of each."""
    out: dict[str, Shown] = {}
    for item in shown:
        out.setdefault(item[1].action, item)
    return out


class KeyBar(Footer):
    """A footer that orders its keys, shows those that fit whole, and skips rebuilding when it can."""

    _shown: tuple[Shown, ...] | None = None
    _built: dict[str, Shown] | None = None
    _wanted: set[str] | None = None  # the built keys' actions the bindings still ask for (None: all)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            self._shown = self._built = None
            return
        self._shown = shown_keys(self.screen)
        self._built = _by_action(self._shown)
        self._wanted = None
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, binding, enabled, tooltip in self._built.values():
            if key == palette:
                continue
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            active = self.screen.active_bindings.get(palette)
            if active is not None:
                yield FooterKey(
                    active.binding.key,
                    self.app.get_key_display(active.binding),
                    active.binding.description,
                    active.binding.action,
                    classes="-command-palette",
                    disabled=not active.enabled,
                    tooltip=active.binding.tooltip or active.binding.description,
                )
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.fit()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is not None and screen is self.screen:
            shown = shown_keys(screen)
            if shown == self._shown or self._hide_to(shown):
                self._shown = shown
                return
        super().bindings_changed(screen)

    def _hide_to(self, shown: tuple[Shown, ...]) -> bool:
        """Show just ``shown`` by hiding built keys, if it is some of them, in their order; False otherwise."""
        built = self._built
        if built is None:
            return False
        wanted = _by_action(shown)
        if any(built.get(action) != item for action, item in wanted.items()):
            return False
        if [action for action in built if action in wanted] != list(wanted):
            return False
        keys = list(self.query_children(FooterKey))
        if {key.action for key in keys} != set(built):
            return False  # not what compose built (mid-rebuild): let Textual rebuild it
        self._wanted = set(wanted)
        self.fit()
        return True

    def fit(self) -> None:
        """Show the wanted keys that fit whole, in order; pack them tighter first if that lets more fit."""
        keys = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        if not keys or not self.size.width:
            return
        wanted = [key for key in keys if self._wanted is None or key.action in self._wanted]
        room = self.size.width - sum(
            _width(key, compact=self.compact) for key in self.query_children(FooterKey)
            if key.has_class("-command-palette")
        )  # fmt: skip
        self.compact = sum(_width(key, compact=False) for key in wanted) > room
        shown = set()
        for key in wanted:
            width = _width(key, compact=self.compact)
            if width <= room:
                shown.add(key)
                room -= width
        for key in keys:
            key.display = key in shown
        self.styles.grid_size_columns = len(shown)


def _width(key: FooterKey, *, compact: bool) -> int:
    """The cells ``key`` takes in the bar, margin and border included, roomy or ``compact`` (see Footer's CSS)."""
    text = cell_len(key.key_display) + cell_len(key.description) + (1 if key.description else 0)
    if key.has_class("-command-palette"):  # always drawn compact; a border on its left, roomy a cell after it
        return text + 1 + (0 if compact else 1)
    return text + (1 if compact else 2)  # compact: a margin after it; roomy: a cell each side of the key
