"""The plain data that flows between fetch, parse, store, enrich and read.

Small frozen dataclasses, JSON-friendly through ``to_dict``/``from_dict`` so the store can keep them in TinyDB
without a translation layer of its own. Times are UTC seconds since the epoch (floats); text fields hold clean,
plain text that has already been through :func:`feeds.text.clean_text`.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, NamedTuple

from .text import hide_password

EntityType = Literal["PER", "ORG", "LOC", "MISC"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a named entity: a span ``[start, end)`` over a story's clean text, or over its title.

    ``key`` is the cross-story identity (case, accents and punctuation folded, short forms joined to the full
    name within the story), so the pivot finds every mention of the same person. ``title``: the span is over the
    story's title, not its text (a name the headline alone gives: "Macron names new prime minister"); such a
    mention counts as the story's like any other, but its offsets are the title's.
    """

    start: int
    end: int
    type: EntityType
    text: str
    key: str = ""
    title: bool = False

    def to_list(self) -> list[Any]:
        if self.title:  # stored as a sixth item, only when true: older lists read as the text's
            return [self.start, self.end, self.type, self.text, self.key, 1]
        return [self.start, self.end, self.type, self.text, self.key]

    @classmethod
    def from_list(cls, data: list[Any]) -> Entity:
        start, end, type_, text, *rest = data
        return cls(
            int(start),
            int(end),
            type_,
            str(text),
            str(rest[0]) if rest else "",
            len(rest) > 1 and bool(rest[1]),
        )


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """How the last refreshes of a feed went, in words a user can act on."""

    last_success: float | None = None
    last_attempt: float | None = None
    last_error: str = ""
    failures: int = 0
    gone: bool = False
    retry_after: float | None = None  # do not fetch before this time (429 / 503 Retry-After)
    #: Where its address moved for good when that was another subscription's address: it is not fetched while
    #: that subscription is there, unless named (see :func:`feeds.refresh.refresh`). "" otherwise.
    moved_to: str = ""
    #: Set, in words, when the last document read was read in part, the feed otherwise fine: larger than the size
    #: cap ("only the first 10 MB read (the feed is larger): all 1,234 stories in them kept"), or past the
    #: parser's budget (see :mod:`feeds.oversize`). Not a failure: shown apart from errors, never backed off.
    #: "" otherwise. Older versions drop it as a key they do not know (see :meth:`Feed.from_dict`); no schema
    #: step is needed.
    warning: str = ""

    @property
    def failing(self) -> bool:
        return self.failures > 0 or self.gone

    @property
    def read_in_part(self) -> bool:
        """The last document was read in part and the feed is not failing: a note, shown apart from errors."""
        return bool(self.warning) and not self.failing


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription. ``id`` is ours and never changes, so a new URL (a 301) keeps its stories and marks."""

    id: str
    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    site_url: str = ""
    etag: str = ""
    last_modified: str = ""
    content_hash: str = ""  # of the last body parsed: same bytes from a server without validators -> no work
    added: float = 0.0
    status: FeedStatus = field(default_factory=FeedStatus)
    #: As the feed declares it ("en-us", "de"; "" when it does not): names are tagged in English stories only.
    language: str = ""
    #: The title the feed's document gives, as last read ("" until one is read). ``title`` is the one shown: it
    #: follows this while the two agree (or it is empty), and a title the user gave (`rename`, `add --title`, an
    #: OPML file) differs, so it stays; `rename FEED ""` goes back to this one. A record without it (a store of
    #: older versions, whose title was the user's or the document's when first read) reads as "": the next
    #: refresh keeps the title and reads this one, so a title that differs from it stays as if the user gave it
    #: (no title a user chose is lost) and one that is the same follows from then. No schema step is needed:
    #: older versions drop a key they do not know (:meth:`from_dict`).
    own_title: str = ""

    @property
    def name(self) -> str:
        """The title, else the address with any password hidden: this is what lists and messages show."""
        return self.title or hide_password(self.url)

    def to_dict(self) -> dict[str, Any]:
        # The fields by name, in their order, as ``dataclasses.asdict`` gave them: its deep copy of every value
        # (strings, numbers, a tuple of strings) took 26 us a feed, half a second of CPU for 20,000 feeds saved.
        data = {name: getattr(self, name) for name in _FEED_NAMES}
        data["tags"] = list(self.tags)
        data["status"] = {name: getattr(self.status, name) for name in _STATUS_NAMES}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feed:
        # Opening 20,000 feeds calls this 20,000 times: the field names are known once (dataclasses.fields() per
        # call was a third of it), and a record holding only known keys - the usual case - is copied whole.
        values = (
            dict(data)
            if data.keys() <= _FEED_FIELDS
            else {k: v for k, v in data.items() if k in _FEED_FIELDS}
        )
        tags = values.get("tags") or ()
        values["tags"] = tuple(tags)
        status = values.get("status") or {}
        if not status.keys() <= _STATUS_FIELDS:
            status = {k: v for k, v in status.items() if k in _STATUS_FIELDS}
        # A hand edit that is well-formed JSON can still hold a value of the wrong kind ("title": 2024, "tags":
        # "news"): it failed where it was used, an "internal error" naming no file, and a string of tags became a
        # tag a letter. Refused here, the store says which file, record and field (see Store._records). The
        # kinds are asked of C first, as join takes strings only (20,000 feeds are read at each start: 16 ms); a
        # record that misses a key (an older version's) or fails is looked at field by field.
        try:
            "".join(_STRINGS(values)), "".join(_STATUS_STRINGS(status)), "".join(tags)
            usual = (
                type(tags) in _LISTS
                and type(status["failures"]) is int
                and type(status["gone"]) is bool
                and type(values["added"]) in _NUMBER
                and set(map(type, _STATUS_TIMES(status))) <= _TIME_OR_NONE
            )
        except (KeyError, TypeError):
            usual = False
        if not usual:
            _check_kinds(values, tags, status)
        if cls is not Feed or len(values) != len(_FEED_FIELDS) or len(status) != len(_STATUS_FIELDS):
            values["status"] = FeedStatus(**status)  # a field missing (an older version's): its default
            return cls(**values)
        # Every field is there: the slots are set as the dataclasses' __init__ sets them, one by one past the
        # frozen __setattr__, without a call with keywords for each record. At 20,000 feeds the two __init__
        # calls were 150 of this method's 205 ms; it takes about 105 now.
        values["status"] = _made(FeedStatus, _STATUS_SLOTS, status)
        return _made(Feed, _FEED_SLOTS, values)  # type: ignore[return-value]

    def with_own_title(self, own: str) -> Feed:
        """This feed once its document gave ``own`` as its title: shown too, unless the user gave the title shown
        (one that is neither empty nor the feed's own as last read). An empty ``own`` changes nothing: a document
        that lost its title does not blank the feed's name."""
        if not own:
            return self
        follows = not self.title or self.title == self.own_title
        return replace(self, own_title=own, title=own if follows else self.title)

    def with_status(self, **changes: Any) -> Feed:
        return replace(self, status=replace(self.status, **changes))


_FEED_NAMES = tuple(f.name for f in fields(Feed))
_STATUS_NAMES = tuple(f.name for f in fields(FeedStatus))
_FEED_FIELDS = frozenset(_FEED_NAMES)
_STATUS_FIELDS = frozenset(_STATUS_NAMES)
_FEED_SLOTS = tuple((f.name, getattr(Feed, f.name).__set__) for f in fields(Feed))
_STATUS_SLOTS = tuple((f.name, getattr(FeedStatus, f.name).__set__) for f in fields(FeedStatus))


def _made(cls: type, slots: tuple[tuple[str, Any], ...], values: dict[str, Any]) -> object:
    """An instance of the frozen, slotted dataclass ``cls`` holding ``values`` (every field, checked), made as its
    ``__init__`` makes it, less the call: no field of these classes has a ``__post_init__`` or a converter."""
    made: object = object.__new__(cls)
    for name, put in slots:
        put(made, values[name])
    return made


if any(hasattr(c, "__post_init__") for c in (Feed, FeedStatus)):  # _made would not run it
    raise TypeError(
        "Feed.from_dict makes its records without __init__: do the __post_init__'s work there too"
    )


_TIME = (int, float)
_FEED_KINDS: dict[str, type | tuple[type, ...]] = {
    **{f.name: str for f in fields(Feed) if f.type == "str"},
    "added": _TIME,
    "status": (dict, type(None)),
}
_STRINGS = operator.itemgetter(*(f.name for f in fields(Feed) if f.type == "str"))
_STATUS_STRINGS = operator.itemgetter("last_error", "moved_to", "warning")
_STATUS_TIMES = operator.itemgetter("last_success", "last_attempt", "retry_after")
_NUMBER, _TIME_OR_NONE, _LISTS = {int, float}, {int, float, type(None)}, (list, tuple)
_STATUS_KINDS: dict[str, type | tuple[type, ...]] = {
    "last_success": (*_TIME, type(None)),
    "last_attempt": (*_TIME, type(None)),
    "retry_after": (*_TIME, type(None)),
    "last_error": str,
    "failures": int,
    "gone": bool,
    "moved_to": str,
    "warning": str,
}


def _check_kinds(values: dict[str, Any], tags: object, status: dict[str, Any]) -> None:
    """Raise TypeError naming the feed and each field whose value is not of its kind."""
    kinds = ((k, v, _FEED_KINDS.get(k)) for k, v in values.items())
    wrong = [k for k, v, kind in kinds if kind is not None and not isinstance(v, kind)]
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        wrong.append("tags")
    wrong += [k for k, v in status.items() if not isinstance(v, _STATUS_KINDS[k])]
    if wrong:
        raise TypeError(f"feed {values.get('id')!r}: {', '.join(wrong)} of the wrong kind")


#: How far ahead of the clock a story's date may be before the parse takes it for no date (clock skew, a zone
#: written wrongly); a date past that is a typo (2062) or a hostile feed's, and the story is dated when first seen.
FUTURE_SLACK = 86_400.0


def list_date(published: float, first_seen: float) -> float:
    """The date a story is listed, sorted, searched by date and kept by (retention): its feed's date, unless that
    is later than when the story was first seen; then the time it was first seen (0.0: not known, as in records
    of older versions). A feed's date an hour ahead (clock skew) sorted the story above every story of that hour
    until the hour came; the story view still shows the feed's own date."""
    return first_seen if 0.0 < first_seen < published else published


@dataclass(frozen=True, slots=True)
class Story:
    """One item of a feed, with its text already made plain.

    ``id`` is stable across refreshes (see :func:`story_id`). ``published`` is the item's own date in UTC, or the
    time we first saw it when the feed gives none. ``content_hash`` tells an edited story from an unchanged one.
    Lists show and sort it by :func:`list_date` (its header's ``published``).
    """

    id: str
    feed_id: str
    title: str
    link: str = ""
    author: str = ""
    published: float = 0.0
    updated: float = 0.0
    first_seen: float = 0.0
    text: str = ""
    links: tuple[str, ...] = ()
    content_hash: str = ""
    entities: tuple[Entity, ...] | None = None  # None: not extracted yet
    entities_model: str = ""  # which extractor produced ``entities``; re-extract when it changes

    def __reduce__(self) -> tuple[type[Story], tuple[Any, ...]]:
        """Pickle as a constructor call: a refresh sends every parsed story from a parse worker to the saving
        process, and the default for slotted dataclasses walks the fields in Python, five times slower."""
        return (
            Story,
            (
                self.id,
                self.feed_id,
                self.title,
                self.link,
                self.author,
                self.published,
                self.updated,
                self.first_seen,
                self.text,
                self.links,
                self.content_hash,
                self.entities,
                self.entities_model,
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feed_id": self.feed_id,
            "title": self.title,
            "link": self.link,
            "author": self.author,
            "published": self.published,
            "updated": self.updated,
            "first_seen": self.first_seen,
            "text": self.text,
            "links": list(self.links),
            "content_hash": self.content_hash,
            "entities": None if self.entities is None else [e.to_list() for e in self.entities],
            "entities_model": self.entities_model,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        ents = data.get("entities")
        return cls(
            id=data["id"],
            feed_id=data.get("feed_id", ""),
            title=data.get("title", ""),
            link=data.get("link", ""),
            author=data.get("author", ""),
            published=float(data.get("published") or 0.0),
            updated=float(data.get("updated") or 0.0),
            first_seen=float(data.get("first_seen") or 0.0),
            text=data.get("text", ""),
            links=tuple(data.get("links") or ()),
            content_hash=data.get("content_hash", ""),
            entities=None if ents is None else tuple(Entity.from_list(e) for e in ents),
            entities_model=data.get("entities_model", ""),
        )

    def header(self) -> StoryHeader:
        listed = list_date(self.published, self.first_seen)
        return StoryHeader(self.id, self.feed_id, self.title, self.link, self.author, listed)


class StoryHeader(NamedTuple):
    """What the story list needs of a story: kept in memory for every story, so it stays small.

    A NamedTuple rather than a frozen dataclass: start-up builds one per stored story, and a tuple is made about
    three times faster (a frozen dataclass's ``__init__`` goes through ``object.__setattr__`` per field).
    """

    id: str
    feed_id: str
    title: str
    link: str
    author: str
    #: When the story is listed (:func:`list_date`): the feed's date, or when first seen if that is earlier.
    published: float


_BOOKMARK_TEXTS = ("feed_title", "note", "feed_url")
_STORY_TEXTS = ("id", "feed_id", "title", "link", "author", "text", "content_hash")


def story_id(feed_id: str, guid: str = "", link: str = "", title: str = "", date: str = "") -> str:
    """A story's stable id: from its guid, else its link, else its title and date; scoped to its feed.

    Scoped by our own feed id (not the feed URL) so a moved feed keeps its read marks and bookmarks.
    """
    guid, link = guid.strip(), link.strip()  # a guid of blanks is none: every item had the same one
    if guid:
        key = "g\0" + guid
    elif link:
        key = "l\0" + link
    else:
        key = "t\0" + title.strip() + "\0" + date.strip()
    digest = hashlib.blake2b(f"{feed_id}\0{key}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return digest


def content_hash(*parts: str) -> str:
    """A short hash of ``parts``, each ended by a NUL. Made in one piece: the same bytes as hashing them part by
    part, in one encoding and one call instead of two calls a part (every parsed story makes one)."""
    data = "\0".join(parts) + "\0" if parts else ""
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A saved story: a whole copy of it, so it outlives retention, feed removal and the publisher's edits."""

    story: Story
    feed_title: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: float = 0.0
    #: The address of the feed it was saved from: feed ids are a store's own, so an import into another data
    #: folder finds the subscription by this (see :func:`feeds.bookmarks.relink`). "" when not known.
    feed_url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.story.id,
            "story": self.story.to_dict(),
            "feed_title": self.feed_title,
            "feed_url": self.feed_url,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bookmark:
        """Raises TypeError for a value of the wrong kind (a hand edit: see :meth:`Feed.from_dict`)."""
        story = data["story"]
        lists = {"tags": data.get("tags") or (), "links": story.get("links") or ()}
        wrong = [k for k in _BOOKMARK_TEXTS if not isinstance(data.get(k, ""), str)]
        wrong += [k for k in _STORY_TEXTS if not isinstance(story.get(k, ""), str)]
        wrong += [
            k
            for k, v in lists.items()
            if not isinstance(v, list | tuple) or not all(type(t) is str for t in v)
        ]
        if wrong:
            raise TypeError(f"bookmark {data.get('id')!r}: {', '.join(wrong)} of the wrong kind")
        return cls(
            story=Story.from_dict(story),
            feed_title=data.get("feed_title", ""),
            note=data.get("note", ""),
            tags=tuple(data.get("tags") or ()),
            created=float(data.get("created") or 0.0),
            feed_url=data.get("feed_url", ""),
        )
