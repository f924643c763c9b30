"""Every key binding as data: for the command palette (ctrl+p) and the help screen (?).

Both read the same ``Binding`` objects the keys use, so a new binding appears in the footer, the help screen and
the palette at once, and a user's keymap shows in all three. A binding's id names its section
(``story.toggle_read`` -> "story"), which prefixes its palette title: "story: Toggle read".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from .theme_choice import KEPT_HELP, SESSION_HELP
from .writes import read_only, refused, writes_store

#: Cursor motions are keys, not commands: the palette leaves them out (the help screen lists them); so is ctrl+c,
#: which would be a second "app: Quit", and ctrl+p, whose "app: Commands" opened the palette from inside it.
NOT_COMMANDS = ("cursor.", "app.interrupt", "app.command_palette")


def bindings_of(node: DOMNode | type[DOMNode]) -> list[Binding]:
    """The bindings with an id that ``node`` (or its class) declares or inherits; a subclass's win."""
    cls = node if isinstance(node, type) else type(node)
    found: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        for binding in vars(klass).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding
    return list(found.values())


def section_of(binding: Binding) -> str:
    return (binding.id or "").split(".", 1)[0]


def keys_of(app: App[object], binding: Binding, keymap: dict[str, str]) -> str:
    """The keys a binding answers to now (the user's keymap applied), as the footer shows them."""
    keys = keymap.get(binding.id or "") or binding.key
    shown = [app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",") if key.strip()]
    return " ".join(shown)


#: Keys a sentence names in words, where the footer shows a sign (⏎ for enter) or an abbreviation (esc, ^s).
KEY_WORDS = frozenset({"enter", "escape", "space", "backspace", "tab"})


def key_named(
    app: App[Any], binding_id: str, keymap: dict[str, str], nodes: Iterable[DOMNode | type[DOMNode]]
) -> str:
    """The key a notice names for ``binding_id`` (a binding of one of ``nodes``): the first it answers to now,
    the user's keymap applied. A notice saying "e shows it" after the keymap moved the errors to another key sent
    the user to a key that did something else. A KeyError for an id none of ``nodes`` declares."""
    for node in nodes:
        for binding in bindings_of(node):
            if binding.id == binding_id:
                keys = [key.strip() for key in (keymap.get(binding_id) or binding.key).split(",")]
                first = next((key for key in keys if key), binding.key)
                if first in KEY_WORDS or first.startswith("ctrl+"):
                    return first
                return app.get_key_display(Binding(first, ""))
    raise KeyError(binding_id)


@dataclass(frozen=True)
class Command:
    """One palette entry: a binding and the node whose action it runs."""

    title: str
    help: str
    node: Widget | App[object]
    action: str

    async def run(self) -> None:
        await self.node.run_action(self.action)


def commands_for(
    nodes: Iterable[Widget | App[object]], screen: Screen[object] | None = None
) -> list[Command]:
    """Palette entries for the bindings of ``nodes`` (first node wins a shared id), cursor motions left out, and
    so are the bindings refused now (:func:`offered`) with ``screen`` (the one the palette was opened on) on top."""
    seen: set[str] = set()
    out: list[Command] = []
    for node in nodes:
        for binding in bindings_of(node):
            binding_id = binding.id or ""
            if binding_id in seen or binding_id.startswith(NOT_COMMANDS):
                continue
            seen.add(binding_id)  # refused here, the id is not offered by a later node either
            if not offered(node, binding.action, screen):
                continue
            title = f"{section_of(binding)}: {binding.description}"
            out.append(Command(title, binding.tooltip, node, binding.action))
    return out


def offered(node: Widget | App[object], action: str, screen: Screen[object] | None = None) -> bool:
    """Whether the palette offers ``action`` of ``node``: a screen's or a widget's ``check_action`` refuses what
    cannot act where the reader is ("search: Next match" outside a story opened from search), and a command the
    palette runs is refused by that same check (``run_action`` asks it first): chosen, it did nothing. The app's
    own check answers for the screen on top, which while the palette is open is the palette (escape there closes
    it rather than cancelling a refresh): the app is asked with ``screen`` on top instead, where it has a
    ``check_action_under`` ("refresh: Cancel refresh" only while a refresh runs). A read-only copy offers no
    action that writes the store (see :mod:`tui.writes`)."""
    if refused(node, action):
        return False
    _target, name, params = parse_action(action)
    if isinstance(node, App):
        under = getattr(node, "check_action_under", None)
        return screen is None or not callable(under) or bool(under(screen, name))
    return bool(node.check_action(name, params))


class NewsdeskCommands(Provider):
    """Every action of the screen the palette was opened on, by its prefixed title."""

    def _commands(self) -> list[Command]:
        targets = getattr(self.screen, "command_targets", None)
        nodes: list[Widget | App[object]] = list(targets()) if callable(targets) else [self.screen, self.app]
        extras = getattr(self.screen, "palette_commands", None)  # commands with no key: each saved search
        more = [c for c in extras() if not refused(c.node, c.action)] if callable(extras) else []
        return commands_for(nodes, self.screen) + more

    # The palette reads a hit's help (and Textual's ``Matcher.highlight`` its title) as markup, and a saved
    # search's name and query are the user's text: "[/]" raised MarkupError. Both go in as plain Content.
    async def discover(self) -> Hits:
        for command in self._commands():
            help_ = cast(str, Content(command.help))
            yield DiscoveryHit(Content(command.title), partial(command.run), command.title, help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, command.title)
            if score > 0:
                title = Content(command.title)
                for offset in offsets:
                    if not command.title[offset].isspace():
                        title = title.stylize(matcher.match_style, offset, offset + 1)
                help_ = cast(str, Content(command.help))
                yield Hit(score, title, partial(command.run), command.title, help_)


def system_commands(app: App[Any]) -> Iterable[SystemCommand]:
    """Textual's own palette commands this reader offers (``App.get_system_commands``): the theme switcher alone,
    titled as ours are, its help saying whether the pick is kept (:mod:`tui.theme_choice`). Textual's others duplicated our keys or did nothing here: "Quit" beside "app: Quit",
    "Keys" (its key panel) beside "app: Help", "Maximize" (the story list over the other panes, a story then opened
    into a hidden one) and "Screenshot" (an SVG file left in the folder the reader was started from)."""
    yield SystemCommand("app: Theme", SESSION_HELP if read_only(app) else KEPT_HELP, app.action_change_theme)


@dataclass(frozen=True)
class HelpRow:
    """One line of the help screen."""

    section: str
    keys: str
    description: str
    tooltip: str
    id: str
    #: The key writes the store and this copy is read-only: the help lists it apart (see :mod:`tui.writes`).
    refused: bool = False


#: The group keys (z, M) act on stories: they come next to them, not last, under the help's own "esc Close".
SECTION_ORDER = (
    "story",
    "group",
    "feeds",
    "refresh",
    "search",
    "pane",
    "cursor",
    "app",
    "pivot",
    "errors",
    "help",
)


def help_rows(app: App[object], nodes: Iterable[DOMNode | type[DOMNode]]) -> list[HelpRow]:
    """Every binding of ``nodes``, each id once (the first node's), grouped by section; in a read-only copy the
    keys that write the store come last, in sections of their own."""
    keymap: dict[str, str] = getattr(getattr(app, "config", None), "keymap", {}) or {}
    readonly = read_only(app)
    seen: set[str] = set()
    rows: list[HelpRow] = []
    for node in nodes:
        for binding in bindings_of(node):
            binding_id = binding.id or ""
            if binding_id in seen:
                continue
            seen.add(binding_id)
            keys = keys_of(app, binding, keymap)
            refuses = readonly and writes_store(node, binding.action)
            row = HelpRow(
                section_of(binding), keys, binding.description, binding.tooltip, binding_id, refuses
            )
            rows.append(row)
    order = {s: i for i, s in enumerate(SECTION_ORDER)}
    return sorted(rows, key=lambda r: (r.refused, order.get(r.section, len(order))))
