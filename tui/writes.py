"""The actions that write the store, and what a ``--read-only`` copy does with their keys.

A read-only copy offered every key the writing one does: ``r`` Refresh, ``m``, ``b`` in the key bar, "story:
Bookmark" in the palette, each failing with a notice of its own when pressed ("Cannot mark the story: ...", "The
store is open read-only: cannot refresh."). An action marked :func:`writes` is left out of the key bar and the
palette there (:func:`refused`), and its key, pressed anyway, says once, in the same words for every such key,
what this copy cannot do.

Why a notice and not silence: Textual's way to hide a binding, ``check_action`` returning False, also disables
it, and the key then does nothing at all; a reader used to ``b`` bookmarking, who sees nothing happen, cannot
tell a read-only copy from a key that did not register or a bookmark made out of sight. So the check stays True
and the key reaches the action, which says why it does nothing. A writing copy runs every action as before.

The help lists every key still, those that write under a heading of their own, "Not in this read-only copy": it
listed them as if they worked. Left out, a reader who knows ``b`` from the writing copy, or looks for the id a
keymap rebinds (the config is the writing copy's too), could not tell this copy's help from one with no such key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.actions import parse as parse_action

_A = TypeVar("_A", bound=Callable[..., Any])


def read_only(app: object) -> bool:
    """Whether ``app`` reads a store it must not write (``--read-only``)."""
    return getattr(getattr(app, "store", None), "readonly", False) is True


def refusal(what: str) -> str:
    """The notice of a key a read-only copy cannot act on; ``what`` says what it would have done."""
    return f"This newsdesk is read-only (--read-only): it cannot {what}."


def writes(what: str) -> Callable[[_A], _A]:
    """Mark an ``action_*`` method that writes the store, ``what`` saying what it does ("bookmark stories"). In a
    read-only copy it notifies :func:`refusal` and does nothing; :func:`refused` leaves its bindings out of the key
    bar and the palette there."""

    def mark(action: _A) -> _A:
        @functools.wraps(action)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            if read_only(self.app):
                self.app.notify(refusal(what), severity="warning", markup=False)
                return None
            return action(self, *args, **kwargs)

        guarded.writes_store = what  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return mark


def writes_store(node: object, action: str) -> bool:
    """Whether ``action`` (as a binding names it) of ``node`` (a widget, a screen or their class) is marked
    :func:`writes`, whatever the copy."""
    _target, name, _params = parse_action(action)
    method = getattr(node, f"action_{name}", None)
    return getattr(method, "writes_store", None) is not None


def refused(node: object, action: str) -> bool:
    """Whether ``action`` (as a binding names it) of ``node`` writes the store in a read-only copy: the key bar
    and the palette do not offer it there, and the help lists it apart."""
    return read_only(getattr(node, "app", None)) and writes_store(
        node, action
    )  # the cheap test first: the key bar asks per binding
