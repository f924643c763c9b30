"""What blog engines, forums and link aggregators leave in a story that is no part of it, read by what it is.

- WordPress shortcodes that no plugin expanded (``[caption id="…" width="300"]<img> The old tree.[/caption]``, a
  page builder's ``[vc_row][vc_column]…[/vc_column][/vc_row]``, ``[gallery ids="1,2"]``) were shown as written:
  the tags go and what they enclose (a caption, an address) stays. A tag is taken for a shortcode only when it has
  ``name="value"`` attributes or its closing ``[/name]`` follows, so "[1]", "[sic]" or "[Update: fixed]" stay.
- The byline a link aggregator writes into each post ("submitted by /u/jdoe to r/python [link] [comments]" on
  Reddit, "submitted by jdoe to technology 42 points | 7 comments" on Lemmy) was the story's text, or its last
  lines: it goes, and the addresses of its "[link]" and "[comments]" stay among the story's links, the post's own
  page aside.
- Links that lead back into the story itself: a footnote's ``#fn:1`` (Hugo, Jekyll, Substack, Zola's heading
  anchors), which an RSS item's relative address resolved against the feed's own address, and the story's own page
  again ("Read full topic", "Read more of this story", a Reddit post's comments), and the addresses of "share
  this" buttons (a Tweet or Facebook form posting the story's address: Slashdot, TechCrunch).
- A hashtag's or a mention's link (Mastodon, Pleroma: ``class="mention hashtag"``, ``class="u-url mention"``; any
  ``rel="tag"``, WordPress's tag and category links too) is no link of the story's, as the post's six hashtags
  were six of its numbered links: it goes, its words ("#foo", "@jdoe") stay. Only the markup's own signals count.
- A footnote's mark is a raised number: "channels¹", not "channels1" (Hugo, Jekyll, Substack, Daring Fireball).
- A post whose text opens with its own title (Medium's ``<h3>``) shows it once, as the title.
- An author given as a profile's address (Lemmy's ``<dc:creator>https://lemmy.example/u/jdoe``) is that
  profile's name, "jdoe"; Zola's template's "Unknown" for a page without one is no author.
- An untitled post (Bluesky, Mastodon) is titled with its first words, cut between words.
- A story of nothing but pictures does not say its title again as a picture's words (a Reddit link post's
  thumbnail): see :func:`without_titled_pictures`.

Ids are made before any of this (see :mod:`feeds.parse_story`; an item keyed by its text, by the text as it was
read before it, see :func:`story_html`), so no stored story moves.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from feeds.html import html_to_text
from feeds.story_sites import site_markup
from feeds.text import clean_line
from feeds.tracking import untracked

_ATTRIBUTES = r"""(?:\s+[\w-]+\s*=\s*(?:"[^"\]\n]*"|'[^'\]\n]*'|[^\s"'\]]+))+"""
#: An opening shortcode with attributes, or a bare one (only when it is closed), or a closing one.
_SHORTCODE = re.compile(rf"\[(?:/([A-Za-z][\w-]*)|([A-Za-z][\w-]*)({_ATTRIBUTES})?\s*/?)\]")
_BLANK_LINES = re.compile(r"\n{3,}")
#: A tag without attributes is a shortcode when it is closed and named as WordPress's own are (``caption``,
#: ``gallery``, ``embed``...) or as plugins name theirs, with a prefix (``vc_row``, ``et_pb_section``): "[b]" and
#: "[bold]", BBCode or Rich markup a feed sent, stay as written.
_WP_NAME = re.compile(r"[_-]|^(?:caption|gallery|embed|audio|video|playlist)$")


def without_shortcodes(text: str) -> str:
    """``text`` without the WordPress shortcodes' tags left in it, what they enclose kept (see the module). An
    address's brackets (``?q=[b]x[/b]``) are the address's."""
    if "[" not in text or "]" not in text:
        return text
    found = list(_outside_addresses(text, _SHORTCODE.finditer(text)))
    opened = {m.group(2).casefold() for m in found if m.group(2)}
    closed = {
        name
        for name in {m.group(1).casefold() for m in found if m.group(1)} & opened
        if _WP_NAME.search(name)
    }
    cut = [
        m
        for m in found
        if (m.group(1) and m.group(1).casefold() in closed)
        or (m.group(2) and (m.group(3) or m.group(2).casefold() in closed))
    ]
    if not cut:
        return text
    pieces, pos = [], 0
    for m in cut:  # a NUL marks each cut: the text is clean, it holds none of its own
        pieces += [text[pos : m.start()], "\0"]
        pos = m.end()
    lines = "".join([*pieces, text[pos:]]).split("\n")
    lines = [" ".join(line.replace("\0", " ").split()) if "\0" in line else line for line in lines]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


#: An address written out: a word (between spaces and line breaks) that starts with a scheme and "://".
_ADDRESS_WORD = re.compile(r"(?<![^ \n])[a-z][a-z0-9+.-]*://[^ \n]*", re.IGNORECASE)


def _outside_addresses(text: str, found: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The matches of ``found`` (in order) that do not start inside an address written out in ``text``. One pass
    over both: looking back from each match for the start of its word took a copy of the text before it, and a
    story of 28,000 shortcodes on one line (200,000 characters, the text's cap) took 3.5 s of CPU; forty such
    stories in one feed held a refresh for two minutes."""
    words = _ADDRESS_WORD.finditer(text) if "://" in text else iter(())
    word = next(words, None)
    for m in found:
        while word is not None and word.end() <= m.start():
            word = next(words, None)
        if word is None or m.start() < word.start():
            yield m


_GAP = r"(?:\s|&#32;|&nbsp;|&#160;)*"
_ANCHOR = r"<a\s[^<>]*>[^<]*</a>"
#: "submitted by <a>user</a>", "to <a>community</a>", then the aggregator's links and counts.
_BYLINE = re.compile(
    rf"{_GAP}submitted{_GAP}by{_GAP}{_ANCHOR}(?:{_GAP}to{_GAP}{_ANCHOR})?"
    rf"""((?:\s|&#32;|</?br\s*/?>|</?span>|-?\d[\d,]*\s+points?\s*\|\s*|<a\s[^<>]*>\s*(?:\[link\]|\[(?:\d[\d,]*\s+)?"""
    rf"""comments?\]|\d[\d,]*\s+comments?|https?://[^<\s]*)\s*</a>)*)""",
    re.IGNORECASE,
)
_HREF = re.compile(r"""<a\s(?:[^<>]*?\s)?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""", re.IGNORECASE)


def _kept_addresses(found: re.Match[str]) -> str:
    """The byline's links, as anchors without words: the post's address and its comments stay among the links."""
    return "".join(f'<a href="{a or b or c}"></a>' for a, b, c in _HREF.findall(found.group(1)))


#: A number set above the line: a footnote's mark (``<sup><a href="#fn:1">1</a></sup>``, Substack's
#: ``<a class="footnote-anchor">1</a>``), a power (``x<sup>2</sup>``). Group 1: an anchor's opening tag.
_RAISED_NUMBER = re.compile(
    r"<sup\b[^<>]*>\s*(<a\s[^<>]*>)?\s*(\d{1,4})\s*(?:</a>\s*)?</sup>"
    r"|(<a\s[^<>]*\bclass\s*=\s*[\"']?footnote-anchor\b[^<>]*>)\s*(\d{1,4})\s*</a>",
    re.IGNORECASE,
)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _raised(found: re.Match[str]) -> str:
    anchor, digits = (found.group(1), found.group(2)) if found.group(2) else (found.group(3), found.group(4))
    raised = digits.translate(_SUPERSCRIPT)
    return f"{anchor}{raised}</a>" if anchor else raised


#: An anchor's opening tag that says it is a hashtag or a mention: a class of "mention" or "hashtag" (a whole
#: word: GitHub's "user-mention" is none), or a rel of "tag" (also "category tag").
_TAG_LINK = re.compile(
    r"""<a(?=[^<>]*?\s(?:class\s*=\s*["']?(?:[^"'<>]*\s)?(?:mention|hashtag)|rel\s*=\s*["']?(?:[^"'<>]*\s)?tag)"""
    r"""[\s"'/>])\s[^<>]*>""",
    re.IGNORECASE,
)


def story_html(markup: str, base: str, keyed: bool = False) -> tuple[str, list[str], str]:
    """:func:`feeds.html.html_to_text` for an item's text, without an aggregator's byline, without links to a
    part of the document the addresses resolve against (``#fn:1`` against the feed, see the module), and with
    footnote marks raised ("channels¹", not "channels1"), and sites' own shapes read (see
    :mod:`feeds.story_sites`); and the text as it was read before any of this, when
    ``keyed`` (the story's id is made from its text: an item without a guid), else the text again. Taken for the
    id, the tidied text moved a stored story's id, and made items that differ only in their byline one story."""
    as_written, tidied = markup, 0
    # Tag and attribute names, and the class and rel values looked for, are read in any case (``<SUP>``,
    # ``CLASS="MENTION"``, ``REL="TAG"``, ``COLOR="#6F6F6F"``): the quick looks before each pattern too.
    low = markup.lower()
    if "submitted" in low and _BYLINE.search(markup):
        markup, tidied = _BYLINE.sub(_kept_addresses, markup), 1
    if "<sup" in low or "footnote-anchor" in low:
        markup, raised = _RAISED_NUMBER.subn(_raised, markup)
        tidied += raised
    if "diff-marker" in low or "6f6f6f" in low:
        markup, written = site_markup(markup)
        tidied += written
    if ("mention" in low or "tag" in low) and _TAG_LINK.search(markup):  # "hashtag" holds "tag"
        markup = _TAG_LINK.sub("<a>", markup)  # its words stay, its address is no link of the story's
    text, links = html_to_text(markup, base, low=low if markup is as_written else None)
    if base and "#" in "".join(links):
        page = base.split("#", 1)[0]
        links = [link for link in links if not (link.startswith(page + "#"))]
    return text, links, (html_to_text(as_written, base)[0] if keyed and tidied else text)


def _page(url: str) -> str:
    return untracked(url).split("#", 1)[0].rstrip("/")


def same_page(url: str, own: str) -> bool:
    """Whether ``url`` is the page ``own`` is, its query and fragment aside."""
    return bool(own) and _path(url) == _path(own)


def _path(url: str) -> str:
    """The address up to its query: what two addresses of one page share, found without parsing either."""
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/")


#: The addresses of "share this" buttons: a form on a social site that posts the story's address, no page to read
#: (Slashdot's items end in a Twitter and a Facebook one, TechCrunch's and many a WordPress theme's likewise;
#: Feedburner's FeedFlare row under every item of the feeds it serves, WordPress.com's row of buttons in its sites'
#: feeds).
_SHARE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:"
    r"(?:twitter|x)\.com/(?:intent/|share\b|home/?\?status=)"
    r"|facebook\.com/(?:sharer|share\.php|dialog/(?:share|feed)\b)"
    r"|linkedin\.com/(?:shareArticle|sharing/share-offsite|cws/share)"
    r"|reddit\.com/submit\b|pinterest\.\w+/pin/create/|tumblr\.com/(?:share|widgets/share)"
    r"|(?:api\.whatsapp\.com/send|wa\.me/\?text=)|(?:t|telegram)\.me/share/|bsky\.app/intent/compose"
    r"|news\.ycombinator\.com/submitlink|getpocket\.com/(?:save|edit)\b|plus\.google\.com/share"
    r"|addtoany\.com/(?:share|add_to)|addthis\.com/bookmark"
    r"|(?:feeds\.feedburner|feedproxy\.google)\.com/~ff/"  # FeedFlare: "Email this", "Share on...", counts
    r"|feeds\.wordpress\.com/1\.0/go\w+/"  # WordPress.com's row of buttons: comments, Facebook, Twitter, Digg...
    r")",
    re.IGNORECASE,
)


def others(links: Sequence[str], own: Sequence[str]) -> list[str]:
    """``links`` without the story's own page (``own``: its link, and the one shown for it), with or without a
    fragment or campaign tags, and without the addresses of "share this" buttons."""
    links = [link for link in links if not _SHARE.match(link)]
    paths = {_path(url) for url in own if url}
    if not links or not paths or not any(_path(link) in paths for link in links):
        return links
    pages = {_page(url) for url in own if url}
    return [link for link in links if _path(link) not in paths or _page(link) not in pages]


def without_title(text: str, title: str) -> str:
    """``text`` without a first line that only says ``title`` again, when more follows."""
    first, _, rest = text.partition("\n")
    if not rest.strip() or not title or len(first) > len(title) + 10 or first.rstrip().endswith(":"):
        return text  # "Standard Ebooks:" before a quote of it (a link blog) says where the quote is from
    if _words(first) == _words(title) and _words(first):
        return rest.lstrip("\n")
    return text


def _words(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.casefold()))


#: A line :mod:`feeds.html_media` writes for a story with no text of its own, and the words of a picture's.
_MEDIA_LINE = re.compile(r"\[(?:image|video|audio|embedded page|embedded object)(?:: [^\n]*)?\]")
_PICTURE = re.compile(r"\[image: ([^\n]*)\]")


def without_titled_pictures(text: str, title: str) -> str:
    """A story of nothing but pictures and media (see :mod:`feeds.html_media`) without the words of a picture
    that only says the story's title again: a Reddit link post's thumbnail (alt and title both the post's
    title), a web comic's strip alt-texted with its name. It read "[image: A heron at dawn]" under the title "A
    heron at dawn"; a picture's other words stay ("[image: the joke]"), and so does any other story's text."""
    if "[image: " not in text or not title:
        return text
    lines = text.split("\n")
    if not all(not line or _MEDIA_LINE.fullmatch(line) for line in lines):
        return text
    said, kept = _words(title), []
    for line in lines:
        picture = _PICTURE.fullmatch(line)
        if picture:  # "[image: alt — title]": either may be the story's title
            words = picture.group(1)
            if _words(words) == said:
                continue
            alt, _, rest = words.partition(" — ")
            first, _, last = words.rpartition(" — ")
            words = (
                rest if rest and _words(alt) == said else first if first and _words(last) == said else words
            )
            line = f"[image: {words}]"
        kept.append(line)
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")


_PLACEHOLDER_AUTHORS = frozenset({"unknown", "unknown author"})


#: The folders a site keeps its people's profiles in: ``/u/jdoe`` (Lemmy, Reddit), ``/users/jdoe``, ``/author/jdoe``.
_PROFILE_FOLDERS = frozenset(
    {"u", "user", "users", "people", "profile", "profiles", "author", "authors", "members"}
)


def author_named(author: str) -> str:
    """The author as a name: a profile's address is the name it ends in (``…/u/jdoe`` is "jdoe", and so is
    ``…/@jdoe`` or a site's one-part path); "Unknown" is none. Any other address is left as it is."""
    stripped = author.strip()
    if stripped.casefold() in _PLACEHOLDER_AUTHORS:
        return ""
    if stripped.startswith(("http://", "https://")) and " " not in stripped:
        parts = urlsplit(stripped)
        path = [html.unescape(p) for p in parts.path.split("/") if p]
        if (
            path
            and not parts.query
            and (len(path) == 1 or path[-1].startswith("@") or path[-2].casefold() in _PROFILE_FOLDERS)
        ):
            return path[-1]
    return author


def first_words(text: str, limit: int = 120) -> str:
    """The first line of ``text`` as a title: at most ``limit`` characters, cut between words with "…"."""
    line = clean_line(text.split("\n", 1)[0], limit=limit * 4)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
