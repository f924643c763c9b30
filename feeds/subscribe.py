"""Subscribing: turn what a user typed (a feed URL, a web page, a file path) into a checked subscription."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from .model import Feed
from .opml import OPMLFeed, merged
from .paths import expand_user
from .storage import StoreError
from .store import DuplicateFeed, SaveResult, Store
from .store_feeds import address_key, feed_tags
from .text import hide_password

#: How many of the feeds a web page names are tried: a page can name thousands (each a fetch, up to a timeout).
MAX_CANDIDATES = 5


class SubscribeError(StoreError):
    """The thing to subscribe to is not a feed we can read; said in words."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: list[Feed]
    skipped: list[str]  # URLs already subscribed
    invalid: list[str] = field(default_factory=list)  # addresses no feed can have (see importable)
    #: How many of the feeds added the file listed more than once (in several folders, or written two ways):
    #: each is one subscription with the tags of every place it was listed.
    listed_again: int = 0


#: Schemes that stand for the web address after them: ``feed://host/path`` (subscribe links in web pages),
#: ``feed:https://host/path``, and the podcast directories' ``itpc://``, ``pcast://`` and ``podcast://``.
_FEED_SCHEMES = ("feed:", "itpc:", "pcast:", "podcast:")


#: The longest feed address taken, in characters: the cap on a story's link and on a redirect followed for good
#: (:data:`feeds.html.MAX_URL`, not imported: it would load the HTML parser). An OPML file gave addresses of a
#: megabyte: subscribed, each failed every refresh ("invalid URL: URL too long") and was written to feeds.json
#: on every save.
MAX_ADDRESS = 8192


def web_address(url: str) -> str:
    """``url`` with a feed or podcast scheme made the http(s) address it stands for; any other left as it is.

    ``feed://host/feed`` is ``http://host/feed`` (the server moves it to https if it has to), ``feed:https://host``
    keeps its https, and ``feed://https://host`` (written by some pages) is read as meant."""
    low = url[:10].lower()
    scheme = next((s for s in _FEED_SCHEMES if low.startswith(s)), "")
    if not scheme:
        return url
    rest = url[len(scheme) :]
    if rest.startswith("//") and rest[2:10].lower().startswith(("http:", "https:")):
        rest = rest[2:]
    if rest[:8].lower().startswith(("http://", "https://")):
        return rest
    return "http:" + rest if rest.startswith("//") else url


def importable(url: str) -> bool:
    """Whether an address from a subscription file can be a feed: http(s) with a host, a file: URL, or an
    absolute path (what an export of local feeds holds). Not javascript: or data:, nor a relative or ~ path:
    a file from elsewhere would have each refresh read whatever the user's own files are at that path."""
    if not url or len(url) > MAX_ADDRESS or url != url.strip() or any(not ch.isprintable() for ch in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    return parts.scheme == "file" or (not parts.scheme and url.startswith("/"))


def normalise_ref(ref: str) -> str:
    """A feed URL, or the absolute path of an existing local file. Bare host names get https://."""
    ref = web_address(ref.strip())
    if not ref:
        raise SubscribeError("empty feed address")
    if any("\ud800" <= ch <= "\udfff" for ch in ref):  # bytes that are not UTF-8, as Python reads argv
        raise SubscribeError("the address is not valid UTF-8 text")
    if len(ref) > MAX_ADDRESS:
        raise SubscribeError(
            f"the address is {len(ref):,} characters long; a feed's is at most {MAX_ADDRESS:,}"
        )
    try:
        parts = urlsplit(ref)
    except ValueError as exc:  # e.g. an unclosed IPv6 literal, "http://[::1"
        raise SubscribeError(f"not a valid URL: {hide_password(ref)!r} ({exc})") from None
    if parts.scheme in ("http", "https"):
        if not parts.netloc:
            raise SubscribeError(f"not a valid URL: {hide_password(ref)!r} (no host)")
        if not ref.isprintable():
            # An escape, a control character or a line break: no request can carry it (it failed as "invalid URL"
            # on every refresh). A local file's name may hold one; it is read as it is.
            bad = next(ch for ch in ref if not ch.isprintable())
            raise SubscribeError(f"the address holds a character no address can have (U+{ord(bad):04X})")
        return ref
    if parts.scheme == "file":
        return ref
    path = expand_user(ref)
    if path.exists():
        if not path.is_file():
            raise SubscribeError(f"{ref} is not a file")
        return str(path.resolve())
    if parts.scheme:
        raise SubscribeError(f"unsupported address {hide_password(ref)!r}: use an http(s) URL or a file path")
    if "/" not in ref.split("?")[0].split("/")[0] and "." in ref.split("/")[0] and " " not in ref:
        return "https://" + ref
    raise SubscribeError(f"no such file, and not a URL: {ref!r}")


def _file_keys(url: str) -> set[str]:
    """The address key of ``url`` and, for a local file, the key of its real path: `add` subscribes a path with
    its links followed, so "file:///tmp/x.xml" and the "/private/tmp/x.xml" it made of "/tmp/x.xml" (macOS) were
    two subscriptions of one file. The store compares keys only (it does not look at files)."""
    key = address_key(url)
    if not key.startswith("/"):
        return {key}
    try:
        return {key, str(Path(key).resolve())}
    except (OSError, RuntimeError, ValueError):  # a loop of links, a name the system refuses
        return {key}


def subscribe(
    store: Store,
    ref: str,
    *,
    title: str = "",
    tags: Iterable[str] = (),
    check: bool = True,
    timeout: float = 20.0,
) -> tuple[Feed, SaveResult | None]:
    """Add a subscription. With ``check`` the address is fetched first: a web page is searched for the feed it
    names (``<link rel="alternate">``), and anything that is not a feed is refused with the reason. The stories
    fetched on the way are stored at once."""
    url = normalise_ref(ref)
    subscribed = {k for f in store.feeds() for k in _file_keys(f.url)}
    if not subscribed.isdisjoint(_file_keys(url)):
        raise DuplicateFeed(f"already subscribed to {hide_password(url)}")
    tags = feed_tags(tags)  # too many are refused before the download, not after it
    if not check:
        return store.add_feed(url, title=title, tags=tags), None

    from .fetch import MAX_BYTES, FetchRequest, FetchResult, fetch, make_client
    from .oversize import cut_digest, in_part, stored_in_part
    from .parse import ParsedFeed, discover_feeds, parse_feed

    now = time.time()
    # One parse of the document: under the id the feed is to have, read as a refresh reads it, so the probe's
    # stories are the ones stored. It was parsed twice (to probe, then again under the new id): for an 8 MB
    # JSON Feed the second parse was most of the command's time.
    # A feed subscribed again gets its id back (its bookmarks find it); so does one a page names.
    feed_id = chosen = store.new_feed_id(url=url)

    def read_as_stored(fetched: FetchResult, base: str) -> ParsedFeed:
        # larger than the cap: read in part (its first bytes, or its head and newest), and said so
        cut_at, skipped, stopped_at = in_part(fetched, MAX_BYTES)
        return parse_feed(
            fetched.body,
            feed_id,
            url=base,
            content_type=fetched.content_type,
            now=now,
            cut_at=cut_at,
            skipped=skipped,
            stopped_at=stopped_at,
        )

    with make_client(timeout=timeout) as client:
        fetched = fetch(client, FetchRequest(url), timeout=timeout)
        if fetched.outcome != "ok":
            raise SubscribeError(f"could not fetch {hide_password(url)}: {fetched.error}")
        # Read against the address the body came from, as every refresh does: relative links behind a temporary
        # redirect pointed at the wrong folder, and the first refresh stored each story again under its real link.
        read = read_as_stored(fetched, fetched.final_url or url)
        if not read.stories and not read.kind:
            candidates = discover_feeds(fetched.body, fetched.final_url or url)
            if not candidates:
                reason = (read.error or "no items").removeprefix("not a feed: ")
                if reason == "the server sent an HTML page":
                    raise SubscribeError(f"{hide_password(url)} is a web page that names no feed")
                # An empty body or broken XML is no page: "the page names none: empty body" read as nonsense.
                raise SubscribeError(f"{hide_password(url)} is not a feed: {reason}")
            for candidate in candidates[:MAX_CANDIDATES]:
                if address_key(candidate) in subscribed:
                    raise DuplicateFeed(
                        f"already subscribed to {hide_password(candidate)} (the feed {hide_password(url)} names)"
                    )
                fetched = fetch(client, FetchRequest(candidate), timeout=timeout)
                if fetched.outcome == "ok":
                    feed_id = store.remembered_id(candidate) or chosen  # the feed found is the one subscribed
                    read = read_as_stored(fetched, fetched.final_url or candidate)
                    if read.stories or read.kind:
                        url = candidate
                        break
            else:
                raise SubscribeError(
                    f"the feeds {hide_password(url)} names could not be read: {fetched.error or read.error}"
                )
    if fetched.permanent_url:
        url = fetched.permanent_url
        if address_key(url) in subscribed:  # moved for good to a feed already here
            raise DuplicateFeed(f"already subscribed to {hide_password(url)}")
    wanted = store.remembered_id(url) or feed_id  # moved for good to an address a bookmark remembers
    feed = store.add_feed(url, title=title or read.title, tags=tags, feed_id=wanted)
    if feed.id != feed_id:  # that, or the id was taken meanwhile (a feed added during the fetch): read again
        feed_id = feed.id
        read = read_as_stored(fetched, fetched.final_url or url)
    saved = store.save_stories(feed.id, read.stories, now=now)
    from .refresh import body_hash

    if read.error and not read.stories:
        # A feed whose document is broken (an XML error lost every item): subscribed, but failing in words, and
        # not vouched for by its hash, or each refresh said "unchanged" of it and the feed list "ok" for good.
        feed = feed.with_status(last_attempt=now, last_error=read.error, failures=1)
        feed = replace(feed, site_url=read.site_url, language=read.language).with_own_title(read.title)
        store.update_feed(feed)
        return feed, saved
    # read in part: the count is of the stories stored, after retention
    warning = stored_in_part(read.warning, read.stories, store.headers(feed.id)) if read.warning else ""
    feed = replace(
        feed.with_status(last_attempt=now, last_success=now, warning=warning).with_own_title(read.title),
        site_url=read.site_url,
        language=read.language,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        content_hash=cut_digest(body_hash(fetched.body), fetched.cut),
    )
    store.update_feed(feed)
    return feed, saved


def import_feeds(store: Store, entries: Iterable[OPMLFeed]) -> ImportResult:
    """Add the feeds of an OPML file (already parsed whole, so a broken file adds nothing). Not fetched here.

    Local files are compared by their real paths too, as `add` compares them (:func:`_file_keys`): a file listed
    through a symbolic link and by its real path was two subscriptions of one file."""
    from .html import http_url  # here: loading the HTML parser costs every command that imports this module

    known = {k for f in store.feeds() for k in _file_keys(f.url)}
    result = ImportResult([], [])
    new: list[OPMLFeed] = []
    in_file: dict[str, int] = {}  # a key of a feed of this file -> its place in ``new``
    for entry in entries:
        if entry.url != (url := web_address(entry.url)):
            entry = replace(entry, url=url)
        keys = _file_keys(entry.url)
        if not importable(entry.url):
            result.invalid.append(entry.url)
        elif (first := next((in_file[k] for k in keys if k in in_file), None)) is not None:
            # the same feed written two ways (`HTTP://Host:80/feed`) in two folders: one feed in both; it was
            # called "already subscribed", and the second folder's tag was lost
            new[first] = merged(new[first], entry.tags, entry.listed)
        elif not known.isdisjoint(keys):
            result.skipped.append(entry.url)
        else:
            known.update(keys)
            in_file.update(dict.fromkeys(keys, len(new)))
            new.append(entry)
    # one insert for the whole file (one write of feeds.json)
    # A site address is kept for the export as a feed's own is: http(s), at most MAX_URL long (one of a megabyte
    # was written to feeds.json on every save, and a javascript: one went back out in every export).
    result.added.extend(store.add_feeds((e.url, e.title, e.tags, http_url(e.site_url)) for e in new))
    return replace(result, listed_again=sum(e.listed > 1 for e in new))
