"""How named entities look in the story view: one theme colour per type plus a cue that is not colour.

PER is bold, ORG underlined, LOC italic and MISC italic and underlined, so the types stay apart on a monochrome
terminal or for a reader who does not tell the colours apart. Colours are the theme's ``$text-*`` variables
(made legible on the background by the theme), resolved when the content is rendered, so every theme gets its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from feeds.model import Entity

ENTITY_STYLES: dict[str, str] = {
    "PER": "bold $text-accent",
    "ORG": "underline $text-primary",
    "LOC": "italic $text-success",
    "MISC": "italic underline $text-error",
}

ENTITY_LABELS: dict[str, str] = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other name"}


def highlighted(text: str, entities: Iterable[Entity]) -> Content:
    """``text`` as plain content (never markup) with each entity's span styled by its type.

    A span that does not lie on the same characters (text edited since extraction) is skipped, not misplaced.
    """
    content = Content(text)
    for entity in entities:
        style = ENTITY_STYLES.get(entity.type)
        if (
            style
            and 0 <= entity.start < entity.end <= len(text)
            and text[entity.start : entity.end] == entity.text
        ):
            content = content.stylize(style, entity.start, entity.end)
    return content


def legend() -> Content:
    """One line naming each type in its own style."""
    parts: list[str | tuple[str, str]] = [("Names: ", "$text-muted")]
    for kind, style in ENTITY_STYLES.items():
        if len(parts) > 1:
            parts.append(("  ", ""))
        parts.append((ENTITY_LABELS[kind], style))
    return Content.assemble(*parts)
