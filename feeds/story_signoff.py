"""The sign-off a blog engine or forum writes at the end of every story, which is no part of it.

- WordPress with Yoast SEO: "The post <a>Story title</a> appeared first on <a>Site name</a>." (a last paragraph
  in countless WordPress feeds), and as Yoast's translations say it on a site in another language: "Der Beitrag …
  erschien zuerst auf …", "L’article … est apparu en premier sur …", "La entrada … se publicó primero en …",
  "L'articolo … proviene da …", "Het bericht … verscheen eerst op …", "O post … apareceu primeiro em …",
  "Inlägget … dök först upp på …", "Сообщение … появились сначала на …", "投稿 … は … に最初に表示されました。".
- Medium: "<a>Title</a> was originally published in <a>Publication</a> on Medium, where people are continuing
  the conversation by highlighting and responding to this story."
- Discourse: "7 posts - 4 participants", then "Read full topic" (a link to the topic, the story's own page).
- Substack's buttons, anywhere in a post: a paragraph that is only "Subscribe now" (or "Upgrade to paid", "Give a
  gift subscription", "Get 20% off for 1 year": a link to the newsletter's ``/subscribe``), only "Share" or "Share
  Tides" (a link with ``action=share``) or only "Leave a comment" (the post's ``/comments``): see
  :func:`without_buttons`. And
  the words of its subscribe and share boxes (an e-mail form in the page), each a paragraph of their own: "Thanks
  for reading Tides! Subscribe for free to receive new posts and support my work.", "Tides is a reader-supported
  publication. To receive new posts and support my work, consider becoming a free or paid subscriber.", "Thanks
  for reading Tides! This post is public so feel free to share it.".

Each goes only when it is the story's last paragraph and of the generator's exact shape: the WordPress and Medium
ones name the story's own title (compared word for word, case folded, entities read, a cut title taken for the
whole). The same sentence in the middle of a story stays, and so does one that only looks like it ("The post
office appeared first on the list."). Ids are made before this (see :mod:`feeds.parse_story`), so none moves.
"""

from __future__ import annotations

import html
import re

from .text import ascii_folded

#: Yoast SEO's sign-off (its "rssafter" template, "%%POSTLINK%%" the story's title) in English and as its
#: translations for WordPress sites in other languages write it; the one group that took part is the title.
_WORDPRESS = re.compile(
    r"The post (.+) appeared first on .+\."
    r"|Der Beitrag (.+) erschien zuerst auf .+\.?"
    r"|L['’]article (.+) est apparu en premier sur .+\.?"
    r"|(?:La entrada|El artículo) (.+) se publicó primero en .+\.?"
    r"|L['’]articolo (.+) proviene da .+\.?"
    r"|Het bericht (.+) verscheen eerst op .+\.?"
    r"|O (?:post|artigo) (.+) apareceu primeiro em .+\.?"
    r"|Inlägget (.+) dök först upp på .+\.?"
    r"|Сообщение (.+) появились сначала на .+\.?"
    r"|投稿 (.+) は .+ に最初に表示されました。?",
    re.DOTALL,
)
#: Words of one of those sign-offs, looked for in a story's end before anything else is.
_SIGNOFF_WORDS = (
    "first on", "on Medium", "Read full topic", "zuerst auf", "en premier sur", "primero en", "proviene da",
    "eerst op", "primeiro em", "först upp", "сначала на", "最初に表示",
)  # fmt: skip
#: How far from a story's end a sign-off's words are looked for: a title and a site's name fit well within it.
_SIGNOFF_TAIL = 4000
_MEDIUM = re.compile(
    r"(.+) was originally published in (?:.+) on Medium, where people are continuing the conversation by"
    r" highlighting and responding to this story\.",
    re.DOTALL,
)
_DISCOURSE_COUNTS = re.compile(r"\d+ posts? - \d+ participants?")
_CUT_MARKS = ("…", "...", "[…]", "[...]")
#: A cut title says at least this many characters (of its words) of the whole one.
_MIN_CUT = 12


def without_signoff(text: str, title: str) -> tuple[str, bool]:
    """``text`` without a generator's sign-off (see the module) as its last paragraph, and whether one went."""
    tail = text[-_SIGNOFF_TAIL:]
    if not text or _not_signed(tail) or not any(words in tail for words in _SIGNOFF_WORDS):
        return text, False
    body, last = _last_line(text)
    if last == "Read full topic":
        body, counts = _last_line(body)
        if not _DISCOURSE_COUNTS.fullmatch(counts):
            body = body + "\n" + counts if body else counts
        return body.rstrip("\n"), True
    said = _WORDPRESS.fullmatch(last) or _MEDIUM.fullmatch(last)
    named = next((words for words in said.groups() if words is not None), "") if said else ""
    if named and title and _same_title(named, title):
        return body.rstrip("\n"), True
    return text, False


#: Spacing that folding a line changes: any whitespace but the space, or two in a row.
_UNFOLDED = re.compile(r"[^\S ]|  ")


def _not_signed(tail: str) -> bool:
    """Whether the last line of ``tail`` (of the story's last line: all of it, unless it is longer than the tail)
    shows that the story has no sign-off, looked at alone rather than the tail 12 times over. A sign-off is
    a last line that, its spaces folded, holds one of :data:`_SIGNOFF_WORDS`; folding changes nothing in a line
    without :data:`_UNFOLDED`, so such a line without the words is no sign-off. A last line longer than the tail
    is all of the tail, and then the tail has none of the words: no sign-off either."""
    end = tail.rstrip()
    last = end[end.rfind("\n") + 1 :]
    if any(words in last for words in _SIGNOFF_WORDS):
        return False
    if last.isascii():  # scans in C, where the pattern takes a step per character
        return ascii_folded(last)
    return not _UNFOLDED.search(last)


def _leads_to_subscribe(url: str, own: str) -> bool:
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").endswith("/subscribe")


def _leads_to_share(url: str, own: str) -> bool:
    return "action=share" in url.partition("?")[2].split("#", 1)[0].split("&")


def _leads_to_comments(url: str, own: str) -> bool:
    """Whether ``url`` is the comments of the post at ``own``."""
    page = own.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return bool(page) and url.split("#", 1)[0].split("?", 1)[0].rstrip("/") == page + "/comments"


#: Substack's buttons: a paragraph's words (the editor's defaults: "Share Tides" names the newsletter) -> whether
#: an address is the one such a button of the post at an address leads to.
_BUTTONS = (
    (
        r"Subscribe now|Subscribe|Upgrade to paid|Give a gift subscription|Get \d{1,3}% off(?: for 1 year| forever)?",
        _leads_to_subscribe,
    ),
    (r"Share|Share [^\n]{1,80}", _leads_to_share),
    (r"Leave a comment", _leads_to_comments),
)
#: Each button's words as a paragraph of their own, compiled once (a story's text is looked through for them
#: whenever a paragraph starts as one does, see :data:`_BUTTON_PARAGRAPH`).
_BUTTON_PARAGRAPHS = tuple(
    (re.compile(rf"(?:\A|\n\n)(?:{words})(?=\n\n|\Z)"), leads) for words, leads in _BUTTONS
)
#: How a paragraph that is one of the buttons starts: a story with none is looked through no further, told by a
#: search in C for each paragraph's start (a search for each button's words through the whole text, "Share" among
#: them, took seven times as long).
_BUTTON_STARTS = ("Subscribe", "Share", "Upgrade to paid", "Give a gift", "Get ", "Leave a comment")
_BUTTON_PARAGRAPH = re.compile(r"\n\n(?:Subscribe|Share|Upgrade to paid|Give a gift|Get \d|Leave a comment)")


#: The words of Substack's subscribe and share boxes (see the module), each all of its paragraph; "Tides" is the
#: newsletter's name as its writer set it.
_BOXES = re.compile(
    r"(?:\A|\n\n)(?:Thanks for reading [^\n]{1,200}?! (?:Subscribe for free to receive new posts and support my"
    r" work|This post is public so feel free to share it)\.|[^\n]{1,200}? is a reader-supported publication\. To"
    r" receive new posts and support my work, consider becoming a free or paid subscriber\.)(?=\n\n|\Z)"
)


def without_buttons(text: str, links: list[str], own: str = "") -> tuple[str, list[str]]:
    """``text`` without Substack's buttons ("Subscribe now", "Share", "Share Tides", "Leave a comment", "Give a
    gift subscription"...), and ``links`` without their addresses: a paragraph of only those words goes when a
    link of the story is the address such a button leads to (``own``: the post's address). The words of its subscribe and share boxes go too
    (they have no link: the box is a form)."""
    if ("support my work" in text or "feel free to share it" in text) and _BOXES.search(text):
        text = _BOXES.sub("", text).strip("\n")
    if not text.startswith(_BUTTON_STARTS) and not _BUTTON_PARAGRAPH.search(text):
        return text, links
    for button, leads in _BUTTON_PARAGRAPHS:
        if button.search(text) and any(leads(url, own) for url in links):
            text = button.sub("", text).strip("\n")
            links = [url for url in links if not leads(url, own)]
    return text, links


def _last_line(text: str) -> tuple[str, str]:
    """``text`` up to its last line, and that line (its spaces folded)."""
    text = text.rstrip()
    body, _, last = text.rpartition("\n")
    return body, " ".join(last.split())


def _same_title(said: str, title: str) -> bool:
    """Whether ``said`` (as the sign-off names the story) is ``title``: the same words, case folded, entities read
    (a template may escape a title once more than the item does), one of them cut ("Winter pru…") allowed."""
    words_said, words_title = _words(said), _words(title)
    if not words_said or not words_title:
        return False
    if words_said == words_title:
        return True
    for cut, whole, written in ((words_said, words_title, said), (words_title, words_said, title)):
        if written.rstrip().endswith(_CUT_MARKS) and len(cut) >= _MIN_CUT and whole.startswith(cut):
            return True
    return False


def _words(line: str) -> str:
    return " ".join(re.findall(r"\w+", html.unescape(html.unescape(line)).casefold()))
