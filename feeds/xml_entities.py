"""Entities a feed's DOCTYPE declares, as feedparser's forgiving parser reads them.

Government and older CMS feeds declare the few HTML entities they use in an internal subset
(``<!DOCTYPE rss [<!ENTITY eacute "&#233;">]>``) and then use others they did not declare (``&ecirc;``), so the
document is not well-formed and feedparser's forgiving parser reads it. That parser looks a declared entity's
value up again as if it were an entity's name: ``&eacute;`` became "&é;" and ``&nbsp;`` "& ;" in every title and
text ("Pr&é;fecture"). A value that is one character reference is that character; any other is taken as
feedparser takes it.
"""

from __future__ import annotations

import re

_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")


class DeclaredEntities:
    """A mixin for feedparser's loose parser: a declared entity whose value is a character reference is read as
    that reference (see the module's doc)."""

    def handle_entityref(self, ref: str) -> None:
        entities = getattr(self, "entities", None)
        value = entities.get(ref) if isinstance(entities, dict) else None
        found = _CHAR_REF.fullmatch(value) if isinstance(value, str) else None
        if found and ref not in ("lt", "gt", "quot", "amp", "apos"):
            self.handle_charref(found.group(1))  # type: ignore[attr-defined]  # feedparser's, beside this mixin
            return
        super().handle_entityref(ref)  # type: ignore[misc]
