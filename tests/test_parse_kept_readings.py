"""Parts of a story's making that were made faster give what they gave before, on random input built to part them.

Each is compared with the way it was written before, kept here: the block markers of a story's markup (one pass
with a Python call per tag), a one-line field's folding (a pattern), the content hash (part by part), Substack's
buttons (a search for each button's words), an author's address put right (feedparser's dict asked first), and
the look for elements whose text is dropped (a case-blind pattern, now a plain one over the lower-case copy when
the markup is ASCII).
"""

from __future__ import annotations

import hashlib
import random

from feedparser.util import FeedParserDict

from feeds import html as html_module
from feeds.html_blocks import _AROUND_TABLE, _BEFORE_BLOCK, PARA, _block_marker, _keep_pre_lines, _mark_cells
from feeds.html_lists import numbered
from feeds.html_signs import masked_signs, unmasked
from feeds.mailbox import _ADDRESS, mend_author_detail
from feeds.model import content_hash
from feeds.story_signoff import _BOXES, _BUTTON_PARAGRAPHS, without_buttons
from feeds.text import _SPACES, MAX_TITLE, clean_line, strip_unsafe

from .test_html_plain import _markup


def _marked_before(markup: str) -> str:
    masked = masked_signs(markup)  # signs of no tag out of sight, as mark_blocks puts them (feeds.html_signs)
    if masked is not None:
        return unmasked(_marked_before(masked[0]), masked[1])
    markup = numbered(_BEFORE_BLOCK.sub(_block_marker, _keep_pre_lines(markup)))
    if "<t" in markup or "<T" in markup:
        markup = _mark_cells(_AROUND_TABLE.sub(PARA, markup))
    return markup


_BLOCK_PIECES = [
    "<p>", "</p>", "<P>", "</P >", "<p class=x>", "<li>", "<LI>", "</li>", "<ol>", "</ol>", "<ul>", "<br>", "</br>",
    "<br/>", "<div>", "<pre>", "</pre>", "<PRE>", "\n", "  ", "\t", "<table>", "</table>", "<tr>", "<td>", "<th>",
    "<h2>", "text", "<a href='<p>'>", "<p", "<", "<blockquote>", "<ol reversed>", '<ol start="3" type="i">',
]  # fmt: skip


def test_block_markers_are_put_as_one_pass_put_them() -> None:
    rng = random.Random(7)
    for _ in range(4000):
        markup = "".join(rng.choice(_BLOCK_PIECES) for _ in range(rng.randint(1, 20)))
        assert html_module.mark_blocks(markup) == _marked_before(markup), repr(markup)
        other = _markup(rng).replace("\x01", "").replace("\x02", "")  # the markup comes without markers
        assert html_module.mark_blocks(other) == _marked_before(other), repr(other)


def _line_before(text: str, limit: int = MAX_TITLE) -> str:
    if len(text) > limit * 4:
        text = text[: limit * 4]
    text = strip_unsafe(text)
    text = _SPACES.sub(" ", text.replace("\n", " ").replace("\t", " ")).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def test_a_line_is_folded_as_the_pattern_folded_it() -> None:
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\x1b[31m", "\x00", "\ufeff"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(["a", "bc", " ", *spaces]) for _ in range(rng.randint(0, 12)))
        assert clean_line(text) == _line_before(text), repr(text)
        assert clean_line(text, limit=3) == _line_before(text, limit=3), repr(text)


def _hash_before(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=8)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def test_the_content_hash_is_the_one_made_part_by_part() -> None:
    for parts in [
        (),
        ("",),
        ("", ""),
        ("a", "b"),
        ("a\0b",),
        ("x\ud800y", "é中", ""),
        ("t", "x" * 5000, "http://e/"),
    ]:
        assert content_hash(*parts) == _hash_before(*parts)


_BUTTON_WORDS = ("Subscribe", "Share", "Upgrade to paid", "Give a gift", "% off", "Leave a comment")


def _buttons_before(text: str, links: list[str], own: str = "") -> tuple[str, list[str]]:
    if ("support my work" in text or "feel free to share it" in text) and _BOXES.search(text):
        text = _BOXES.sub("", text).strip("\n")
    if not any(words in text for words in _BUTTON_WORDS):
        return text, links
    for button, leads in _BUTTON_PARAGRAPHS:
        if button.search(text) and any(leads(url, own) for url in links):
            text = button.sub("", text).strip("\n")
            links = [url for url in links if not leads(url, own)]
    return text, links


_PARAGRAPHS = [
    "Subscribe now", "Subscribe", "Subscribe to us", "Upgrade to paid", "Give a gift subscription", "Give a gift",
    "Get 20% off for 1 year", "Get 20% off forever", "Get 5% off", "20% off", "Share", "Share Tides", "Shared",
    "Leave a comment", "Leave a comment below", "A story about sharing.", "Thanks for reading Tides! Subscribe for"
    " free to receive new posts and support my work.", "Thanks for reading Tides! This post is public so feel free"
    " to share it.", "Tides is a reader-supported publication. To receive new posts and support my work, consider"
    " becoming a free or paid subscriber.", "Words\nSubscribe", "", "Get it", "Giving", "Upgrade",
]  # fmt: skip
_LINKS = [
    "https://tides.example/subscribe", "https://tides.example/p/x?action=share", "https://tides.example/p/x/comments",
    "https://tides.example/p/x", "https://other.example/",
]  # fmt: skip


def test_buttons_go_as_they_went() -> None:
    rng = random.Random(5)
    for _ in range(5000):
        text = "\n\n".join(rng.choice(_PARAGRAPHS) for _ in range(rng.randint(1, 5)))
        links = rng.sample(_LINKS, rng.randint(0, 3))
        own = rng.choice(["", "https://tides.example/p/x"])
        assert without_buttons(text, links, own) == _buttons_before(text, links, own), (text, links, own)


def test_dropped_elements_are_found_as_the_case_blind_pattern_found_them() -> None:
    rng = random.Random(11)
    names = [
        *html_module._DROP_TAGS,
        "scripts",
        "p",
        "a",
        "ſcript",
        "SCRIPT",
        "Style",
        "sVg",
        "tıtle",
        "objeK",
    ]
    for _ in range(20000):
        markup = "".join(
            rng.choice(["<", "</", "x", " ", "\t", ">", "/", "\x1c", *names])
            for _ in range(rng.randint(1, 8))
        )
        low = markup.lower()
        quick = (
            html_module._HAS_DROP_LOWER.search(low)
            if markup.isascii()
            else html_module._HAS_DROP.search(markup)
        )
        assert (quick is None) == (html_module._HAS_DROP.search(markup) is None), repr(markup)
    assert html_module._HAS_DROP.search("<ſcript>") and not html_module._HAS_DROP_LOWER.search(
        "<ſcript>".lower()
    )


def _mended_before(author: object, detail: object) -> None:
    if not isinstance(author, str) or not isinstance(detail, dict):
        return
    cut = detail.get("email")
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


def test_an_author_is_mended_as_before() -> None:
    rng = random.Random(13)
    authors = [
        "desk@wire.example (Wire Desk)",
        "Jane Doe <jane@paper.online>",
        "Jane Doe",
        "",
        "@jane",
        "a@b",
        None,
    ]
    for _ in range(3000):
        author = rng.choice(authors)
        words = {"email": rng.choice(["desk@wire.exam", "jane@paper.on", "jane@paper.online", "", None]),
                 "name": rng.choice(["ple (Wire Desk", "Jane Doe", ""])}  # fmt: skip
        words = {key: value for key, value in words.items() if value is not None}
        kind = rng.choice([dict, FeedParserDict, lambda **kw: None])
        detail, before = kind(**words), kind(**words)
        mend_author_detail(author, detail)
        _mended_before(author, before)
        assert detail == before, (author, words)
