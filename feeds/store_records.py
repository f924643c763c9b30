"""Putting a feed's new and edited records in its files, as TinyDB would, without TinyDB's per-record work.

A refresh's save put each feed's records in place with TinyDB's ``remove`` and ``insert_multiple``: every record
checked to be a ``Mapping`` (an ``isinstance`` through the ABC machinery), given its id by a method call, copied,
and the whole table copied twice over to turn its ids into numbers and back. For a fresh refresh (200 feeds of 50
stories) that was about a third of the saving process's time spent on the save itself, and the saving process
shares the machine's cores with the parse workers. :func:`replace_records` does the same change to the file's
data in one pass: the same records, ids, order and file contents (a test compares the two), one write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinydb import TinyDB

from .storage import record_id


def replace_records(db: TinyDB, table: str, docs: Mapping[str, dict[str, Any]]) -> None:
    """Put ``docs`` (by story id) in ``table`` of ``db`` in place of the records with those ids: one write.

    As TinyDB's ``remove`` of the records whose id is in ``docs``, then its ``insert_multiple`` of ``docs``: the
    records left keep their ids and order, the new ones follow under the ids TinyDB gives (its table's next id,
    which it keeps between inserts, else one past the largest id left), and its table object is told of the ids
    taken and of the change (its query cache). The table gets a new dict, as TinyDB's writes give it: the
    bodies' map (``Bodies._body_map``) knows a change by that. ``docs``' dicts are stored as they are, not copied:
    they are the caller's own, made for this."""
    if not docs:
        return
    storage = db.storage
    data = storage.read()
    if data is None:
        data = {}
    raw = data.get(table)
    kept = {k: doc for k, doc in raw.items() if record_id(doc) not in docs} if raw else {}
    tinydb_table = db.table(table)
    # As Table._get_next_id: the next id its table kept from its last insert, else one past the largest.
    first: int = tinydb_table._next_id or max(map(int, kept), default=0) + 1
    tinydb_table._next_id = first + len(docs)  # type: ignore[assignment] # as len(docs) calls of it leave it
    kept.update(zip(map(str, range(first, first + len(docs))), docs.values(), strict=True))
    data[table] = kept  # a new dict, as TinyDB's writes make
    tinydb_table.clear_cache()
    storage.write(data)
