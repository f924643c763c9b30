"""An author written with an e-mail address ("desk@wire.example (Wire Desk)", "Jane Doe <jane@paper.online>"), as
RSS's ``<author>`` is, read into name and address where feedparser cut the address.

feedparser finds the address with a pattern whose last part is two to four letters, and stops there: in
``desk@wire.example`` it found ``desk@wire.exam`` and took the rest, "ple (Wire Desk", for the name, which the
story showed as its author. Domains such as ``.online``, ``.media``, ``.agency``, ``.museum`` and ``.example``
are as common as any. The address is found whole here, and the name is what is left, as feedparser makes it.
"""

from __future__ import annotations

import re
from typing import Any

_ADDRESS = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,63}\b")


def mend_author_detail(author: Any, detail: Any) -> None:
    """Put right, in place, feedparser's reading (``detail``, its ``author_detail``) of the author string
    ``author`` when it cut the address short; any other reading is left as it is."""
    if not isinstance(author, str) or "@" not in author or not isinstance(detail, dict):
        return  # no address to find: most authors, told before feedparser's dict is asked (an exception a miss)
    cut = dict.get(detail, "email")  # "email" is no key feedparser's dict maps to another
    found = _ADDRESS.search(author)
    if not isinstance(cut, str) or not found or found.group() == cut or not found.group().startswith(cut):
        return
    name = (
        author.replace(found.group(), "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "").strip()
    )
    name = name[1:] if name.startswith("(") else name
    name = name[:-1].strip() if name.endswith(")") else name
    detail["email"] = found.group()
    if name:
        detail["name"] = name
    else:
        detail.pop("name", None)
