"""Keys a user's keymap gives a binding that another binding already answers to.

Textual runs one binding per key press (the focused widget's first, then the screen's, then the app's), so a key
the keymap puts on a second binding quietly takes it from the first, or never reaches the second: with
``"story.related" = "R"``, R no longer refreshed every feed and nothing said why. The reader warns at start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

from .commands import bindings_of


def _keys(spec: str) -> set[str]:
    return {key.strip() for key in spec.split(",") if key.strip()}


def keymap_clashes(keymap: Mapping[str, str], nodes: Iterable[DOMNode | type[DOMNode]]) -> list[str]:
    """One warning per key the keymap adds to a binding of ``nodes`` (bindings active together) that another of
    their bindings answers to, with the keymap applied. Keys a binding had already are not the user's doing:
    ``n`` is both "next match" and "next unread" by design."""
    bindings: dict[str, Binding] = {}
    for node in nodes:
        for binding in bindings_of(node):
            bindings.setdefault(binding.id or "", binding)

    def answers(binding: Binding) -> set[str]:
        return _keys(keymap.get(binding.id or "") or binding.key)

    warnings = []
    for binding_id, spec in keymap.items():
        mine = bindings.get(binding_id)
        if mine is None:
            continue
        for key in sorted(_keys(spec) - _keys(mine.key)):
            others = sorted(b.id or "" for b in bindings.values() if b.id != binding_id and key in answers(b))
            if others:
                warnings.append(
                    f"config: keymap gives {key} to {binding_id}, but {', '.join(others)} answers to {key} "
                    "too: only one of them will (move one in [keymap])"
                )
    return warnings
