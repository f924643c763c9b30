"""`newsdesk entities`, `newsdesk entity` and `newsdesk related`: names and related stories from the command line.

Each first brings the store's entities up to date, and the related index when it answers from it (the same
enrichment the reader runs), so the answers agree with the reader's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from feeds.storage import StoreWriteError
from feeds.text import quoted

if TYPE_CHECKING:
    from feeds.model import Entity
    from feeds.related import RelatedIndex

from .cli_commands import ID_HELP, UserError, _iso, _story_id, open_store, story_columns

Add = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def register(add: Add) -> None:
    """Add the three subcommands to the parser (``add`` is build_parser's helper)."""
    p = add("entities", entities, "the names (people, organisations, places, other) in one story")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p = add("entity", entity, "every story naming one person, organisation, place or other name")
    p.add_argument("name", metavar="NAME", help="the name as `entities` lists it (Kim Jong Un), any case")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p = add("related", related, "stories related to one story, with why")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help="print them as JSON")


def _store_names(store: Any, enrich: Callable[[], object] | None = None) -> bool:
    """Find and store the names the stories lack, as the reader does (``enrich``: with the related index, as
    :func:`feeds.enrich.enrich` does). False, said in one line, when they could not be stored (a full disk): the
    command then answers from names found in memory, as it must not fail for derived data (it said "could not
    save ..." and answered nothing)."""
    from feeds.enrich import extract_missing

    try:
        if enrich is None:
            extract_missing(store)
        else:
            enrich()
    except StoreWriteError as exc:
        print(
            f"newsdesk: the names could not be saved ({exc}); they were found for this answer alone",
            file=sys.stderr,
        )
        return False
    return True


def _print(out: object) -> None:
    print(json.dumps(out, ensure_ascii=False, indent=2))


def _dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` as JSON gives them: each ``published`` in ISO 8601, UTC, as `stories`, `search` and `bookmarks`
    give it. `entity` and `related` gave epoch seconds, and a script joining their stories to those of `stories
    --json` by id compared a number with a string. The rows keep the number for the listing's ages."""
    return [{**row, "published": _iso(row["published"])} for row in rows]


def entities(args: argparse.Namespace) -> int:
    with open_store(args, reads_only=True) as store:
        story_id = _story_id(store, args.id)
        _store_names(store)
        story = store.story(story_id)
        if story is None:
            raise UserError(f"no story with id {quoted(args.id)}")
        from feeds.entities import extract_story, is_english

        feed = store.get_feed(story.feed_id)
        language = feed.language if feed else ""
        found = story.entities
        if found is None:  # a read-only store, or a full disk: tag it without keeping the result
            found = tuple(extract_story(story.title, story.text, language=language))
        rows = [
            {"start": e.start, "end": e.end, "type": e.type, "text": e.text, "key": e.key, "in": _where(e)}
            for e in found
        ]
        english = bool(rows) or is_english(story.text, language)  # the model knows English only
        if args.json:
            _print({"id": story.id, "title": story.title, "english": english, "entities": rows})
        else:
            for row in rows:
                where = "  (in the title)" if row["in"] == "title" else ""
                print(f"{row['type']:<4} {row['start']:>6}-{row['end']:<6} {row['text']}{where}")
            if not english:  # said aside, so a script reading the names still reads none
                print("Names are found in English stories only; this one is not English.", file=sys.stderr)
            elif not rows:  # it printed nothing at all, as if the command had failed; the reader says this
                print("No names found in this story.", file=sys.stderr)
    return 0


def _where(found: Entity) -> str:
    """What a name's offsets count in: the story's title (a name its headline gives) or its text."""
    return "title" if found.title else "text"


def entity(args: argparse.Namespace) -> int:
    from feeds.enrich import RelatedService, extract_missing, names_in_memory, pivot, related_in_memory
    from feeds.entities import entity_key
    from feeds.entities.aliases import untitled
    from feeds.entity_index import open_index

    from .widgets.dupe_groups import collapse, with_copies

    key = entity_key(args.name)
    if not key:
        raise UserError(f"{quoted(args.name)} is not a name")
    with open_store(args, reads_only=True) as store:
        # The names first; the related index only when its duplicate groups are shown (two stories or more). It
        # was loaded and brought up to date on every call: 0.07-0.09 s of the 0.53 s of CPU a 10k store's answer
        # of one story or none took. The stories named now are on its pending list (RelatedService.defer), so its
        # next update, by this command or another, reads them again: what `enrich` does, in two steps.
        service = RelatedService(store)
        tagged: list[str] = []
        stored = _store_names(
            store, lambda: tagged.extend(extract_missing(store, before_store=service.defer))
        )
        # From the entity index (feeds.entity_index), checked against the store; or one of names found just now.
        index = open_index(store) if stored else names_in_memory(store)
        result = pivot(store, key, index=index)
        if not result.story_ids and (bare := untitled(key)) != key:
            # "President Biden", "Dr. Fauci": a person's title is no part of the name stored (aliases.link)
            key, result = bare, pivot(store, bare, index=index)
        if not result.story_ids and (people := index.people_with(key)):
            # No one of them holds most of the stories (see EntityIndex.person_forms): said which, as an
            # ambiguous feed name is, not "no story names 'Kim'" with Kim Jong Un in 8 of 11 stories.
            named = "; ".join(f"{name} ({n} {'story' if n == 1 else 'stories'})" for name, n in people[:3])
            more = f"; and {len(people) - 3} more" if len(people) > 3 else ""
            names = "1 name" if len(people) == 1 else f"{len(people)} names"
            raise UserError(f"{quoted(args.name)} matches {names}: {named}{more}; give the whole name")
        # titles and dates without reading any story body
        found = [h for h in map(store.header, result.story_ids) if h is not None]
        # A duplicate group (the same report in several feeds) is one line marked ×N, its newest copy's, as in the
        # reader's pivot (the same collapse() over the same groups as `related`'s): the Starliner report in three
        # feeds was three unmarked lines. Its copies are those naming the entity, so the lines and their
        # other_copies are every story found.
        groups: dict[str, str] = {}
        if len(found) > 1:
            if stored:
                service.update(tagged)
            groups = _groups(service.index if stored else related_in_memory(store))[0]
        view = collapse(found, groups)
        rows: list[dict[str, Any]] = []
        for h in view.rows:
            copies = view.members.get(view.key_of.get(h.id, ""), [h])
            rows.append(
                {
                    "id": h.id,
                    "feed_id": h.feed_id,
                    "title": h.title,
                    "published": h.published,
                    "copies": len(copies),  # the stories of its group naming the entity, itself included
                    "other_copies": [c.id for c in copies if c.id != h.id],
                }
            )
        if args.json:
            _print({"name": result.name, "key": key, "type": result.type, "stories": _dated(rows)})
        else:
            feeds, now = {f.id: f.name for f in store.feeds()}, time.time()
            for row in rows:
                print(f"{_columns(row, feeds, now)}  {row['title']}{_copies_mark(row)}")
            # on standard error, like `search`'s count: a name that matches nothing said nothing at all
            if rows:
                name = "story names" if len(rows) == 1 else "stories name"  # "... Wilmore (5 with copies)"
                with_others = with_copies(len(rows), len(found))
                print(f"{len(rows):,} {name} {result.name}{with_others}", file=sys.stderr)
            else:
                print(
                    f"no story names {quoted(args.name)} (a name is looked up whole, as `newsdesk entities ID` lists it)",
                    file=sys.stderr,
                )
    return 0


def related(args: argparse.Namespace) -> int:
    from feeds.enrich import RelatedService, enrich, related_in_memory
    from feeds.related.written import as_written

    from .widgets.dupe_groups import RELATED_COUNT, RELATED_FOLDED, fold_related

    with open_store(args, reads_only=True) as store:
        story_id = _story_id(store, args.id)
        service = RelatedService(store)
        stored = _store_names(store, lambda: enrich(store, service))
        index = service.index if stored else related_in_memory(store)
        # A duplicate group (the same report in several feeds) is one line at its best copy's place, marked ×N,
        # and the story's own copies one line on top, as in the reader's sidebar: the Starliner report in three
        # feeds was three unmarked lines. The groups are the reader's, found over every story (linear, cached by
        # the index; 2 ms on the demo): copies found among the candidates alone could miss a copy joined to its
        # group through a story that is no candidate, and the count would then disagree with the reader's.
        groups, members = _groups(index)
        own = groups.get(story_id)
        suggestions = index.related(story_id, RELATED_COUNT * RELATED_FOLDED, fold=groups.get)
        rows: list[dict[str, Any]] = []
        query = store.story(story_id)  # the terms are stems ("thoma"): named as this story writes them
        texts = (query.title, query.text) if query else ()
        for s, other, key in fold_related(suggestions, groups.get, own, store.header):
            copies = members.get(key, [s.id])
            rows.append(
                {
                    "id": other.id,
                    "title": other.title,
                    "feed_id": other.feed_id,
                    "published": other.published,
                    "score": round(s.score, 4),
                    "shared_entities": list(s.shared_entities),
                    "shared_terms": list(as_written(s.shared_terms, texts, stemming=index.params.stemming)),
                    "duplicate": s.duplicate,
                    "copies": len(copies),  # the stories of its group in every feed, itself included
                    "other_copies": [c for c in copies if c not in (other.id, story_id)],
                    "same_report": key == own,  # a copy of the story asked about
                }
            )
        if args.json:
            _print({"id": story_id, "related": _dated(rows)})
        elif not rows:
            print("No related stories.")
        else:
            feeds, now = {f.id: f.name for f in store.feeds()}, time.time()
            for row in rows:
                print(f"{_columns(row, feeds, now)}  {row['title']}{_related_mark(row)}")
    return 0


def _groups(index: RelatedIndex) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The reader's duplicate groups, found over every story by the related index: story id -> its group's key,
    and key -> the group's stories in every feed."""
    from .widgets.dupe_groups import membership

    found = index.duplicate_groups()  # each of two stories or more, its key first (membership)
    return membership(found), {group[0]: group for group in found}


def _columns(row: dict[str, Any], feeds: dict[str, str], now: float) -> str:
    """A story's id, age and feed (``feeds``: feed id -> name), as `stories` and `search` print them before its
    title: `entity` and `related` printed a shortened id and the title alone, and a name followed across outlets
    gave no outlet."""
    from .widgets.cells import use_stream_encoding  # here: only the listings need it

    use_stream_encoding(sys.stdout)  # a feed's name cut short ends in "..." where the output lacks "…"
    return story_columns(row["id"], row["published"], feeds.get(row["feed_id"], ""), now)


def _copies_mark(row: dict[str, Any]) -> str:
    return f" ×{row['copies']}" if row["copies"] > 1 else ""


def _related_mark(row: dict[str, Any]) -> str:
    """What follows a related story's title: ``×N`` for a group of copies, and why, as the sidebar says it."""
    from .widgets.dupe_groups import NO_REASON

    if row["same_report"]:  # its shared words would be every word of the story asked about
        others = row["copies"] - 1
        return "  (the same report as this story" + (f"; {others} copies)" if others > 1 else ")")
    count = _copies_mark(row)
    why = ", ".join(row["shared_entities"] or row["shared_terms"])
    # It said "(shares )", then nothing, when every shared term was a function word or a date: the sidebar's words.
    return count + (f"  (shares {why})" if why else f"  ({NO_REASON})")
