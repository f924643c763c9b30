"""The text of simple markup without the HTML parser (feeds.html_plain) is the parser's text, whenever it is given.

Compared with lexbor's own ``text()``: on random markup made of the pieces that could part them (tags of every
kind and shape, attributes quoted and not, references of every form, control characters, lone surrogates), on
every named reference of the standard, on numbers at each edge, and on every story of the shared feeds.
"""

from __future__ import annotations

import html
import random
from html.entities import html5
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from feeds.html import html_to_text
from feeds.html_blocks import mark_blocks
from feeds.html_plain import PLAIN_NAMES, plain_text
from feeds.xmlfeed import run_feedparser

ROOT = Path(__file__).resolve().parents[1]


def _parsed(markup: str) -> str:
    return LexborHTMLParser(markup, is_fragment=True).text() or ""


def _alike(markup: str) -> bool | None:
    """None when plain_text declines ``markup``, else whether its text is the parser's."""
    text = plain_text(markup)
    if text is None:
        return None
    assert text == _parsed(markup), repr(markup)
    return True


_OTHER_NAMES = [
    "P", "LI", "Br", "STRONG", "pre", "listing", "table", "td", "tr", "caption", "script", "style", "textarea",
    "title", "select", "option", "svg", "math", "plaintext", "xmp", "iframe", "noscript", "noembed", "html", "body",
    "head", "image", "form", "button", "template", "ſpan", "a1", "x-y", "nobr", "ruby", "rt", "frameset",
]  # fmt: skip
_SPACES = [" ", " ", "\t", "\n", "\f", "\r", "\x0b", "  "]
_TEXT = [
    "word", "Word two", " ", "\n", "\t", "\f", "\x0b", "\r", "\r\n", "\0", "\x01", "\x02", "\x03", "\x04", "é",
    "中文", "\ufeff", "\ud800", "\u2028", "\x85", "<", ">", "&", '"', "'", "=", "/", "<!--", "-->", "<!-- c -->",
    "<!", "<?x?>", "</", "</>", "<![CDATA[x]]>", "< b", "a<b", "<1", "`", "\u00a0", "•",
]  # fmt: skip
_REFERENCES = [
    "&amp;", "&lt;", "&gt;", "&amp", "&notit;", "&notin;", "&NotEqualTilde;", "&#65;", "&#x41;", "&#X41;", "&#0;",
    "&#1;", "&#4;", "&#9;", "&#10;", "&#12;", "&#13;", "&#31;", "&#32;", "&#126;", "&#127;", "&#128;", "&#x81;",
    "&#159;", "&#160;", "&#xD7FF;", "&#xD800;", "&#xDFFF;", "&#xE000;", "&#xFDCF;", "&#xFDD0;", "&#xFDEF;",
    "&#xFDF0;", "&#xFFFD;", "&#xFFFE;", "&#xFFFF;", "&#x1FFFE;", "&#x10FFFD;", "&#x10FFFF;", "&#x110000;",
    "&#00065;", "&#0000065;", "&#00000065;", "&#x0000041;", "&foo;", "& ", "&;", "&#;", "&#x;", "&#65", "&AMP;",
    "&nbsp;", "&nbsp", "&ampx;", "&Aacute;", "&aacute", "&zwnj;",
]  # fmt: skip
_NAMED = sorted(html5)


def _value(rng: random.Random) -> str:
    inside = "".join(
        rng.choice(["x", " ", "<", ">", "&amp;", "&", "/", "=", "\n", "é"]) for _ in range(rng.randint(0, 4))
    )
    return rng.choice(
        [
            f'"{inside}"',
            f"'{inside}'",
            "x",
            "http://e.example/a?b=1&c=2",
            "x/",
            rng.choice(['x"y', "x'y", "x=y", "x<y", "x`y", "", '"unclosed', "'unclosed"]),
        ]
    )


def _tag(rng: random.Random) -> str:
    name = rng.choice(sorted(PLAIN_NAMES)) if rng.random() < 0.75 else rng.choice(_OTHER_NAMES)
    attributes = ""
    for _ in range(rng.choices([0, 1, 2, 3], [5, 3, 1, 1])[0]):
        attribute = rng.choice(["href", "class", "x:y", "data-a", "A", "=x", '"q', "a<b", "_b", "a.b"])
        if rng.random() < 0.7:
            attribute += rng.choice(["", " "]) + "=" + rng.choice(["", " ", "\n"]) + _value(rng)
        attributes += rng.choice(_SPACES if rng.random() < 0.9 else ["", "/"]) + attribute
    end = rng.choice(["", "", " ", "/", " /", "\n", "\r", "\x0b"])
    return "<" + rng.choice(["", "", "/"]) + name + attributes + end + rng.choice([">", ">", ">", ">", ""])


_CLEAN_TEXT = [
    "word",
    "Word two",
    " ",
    "\n",
    "\t",
    "\f",
    "é",
    "中文",
    "\ufeff",
    "\x01",
    "\x02",
    ">",
    '"',
    "'",
    "=",
]
_CLEAN_REFERENCES = [
    "&amp;",
    "&lt;",
    "&#65;",
    "&#x41;",
    "&#160;",
    "&#9;",
    "&#10;",
    "&#12;",
    "&#xFFFD;",
    "&nbsp;",
]


def _clean_tag(rng: random.Random) -> str:
    name = rng.choice(sorted(PLAIN_NAMES))
    name = name.upper() if rng.random() < 0.1 else name
    attributes = "".join(
        rng.choice([" ", "\n", "\t"]) + rng.choice(["href", "class", "x:y", "data-a"]) + "=" + _value(rng)
        for _ in range(rng.choice([0, 0, 1, 2]))
    )
    return "<" + rng.choice(["", "/"]) + name + attributes + rng.choice(["", "", " ", "/", " /"]) + ">"


def _markup(rng: random.Random) -> str:
    """Random markup: most of it plain (a third is nothing else), the rest any of the pieces above."""
    clean = rng.random() < 0.35
    pieces = []
    for _ in range(rng.randint(1, 16)):
        kind = rng.random()
        if clean or kind < 0.6:
            pieces.append(
                rng.choice([_clean_tag(rng), rng.choice(_CLEAN_TEXT), rng.choice(_CLEAN_REFERENCES)])
            )
        elif kind < 0.75:
            pieces.append(_tag(rng))
        elif kind < 0.85:
            pieces.append(rng.choice(_TEXT))
        elif kind < 0.95:
            pieces.append(rng.choice(_REFERENCES))
        else:
            pieces.append("&" + rng.choice(_NAMED))
    return "".join(pieces)


def test_random_markup_reads_as_the_parser_reads_it() -> None:
    rng = random.Random(19)
    taken = declined = 0
    for _ in range(6000):
        markup = _markup(rng)
        for each in (markup, mark_blocks(markup)):
            if _alike(each) is None:
                declined += 1
            else:
                taken += 1
    assert taken > 2000 and declined > 2000  # both ways are tried, often


def test_plain_markup_of_every_plain_element() -> None:
    for name in sorted(PLAIN_NAMES):
        markup = f"x <{name} class=\"a\" title='b > c' data-x=1>in {name}</{name.upper()}> y<br/>z"
        assert _alike(markup), name


def test_every_named_reference_reads_alike() -> None:
    for name in _NAMED:
        markup = f"<p>a&{name}b</p>"
        if _alike(markup) is None:
            assert not name.endswith(";"), name  # only a name without its ";" goes to the parser
    assert plain_text("<p>&NotEqualTilde;</p>") == "\u2242\u0338"


_NUMBERS = [*range(0x100), *range(0xD7F0, 0xE010), *range(0xFDC0, 0xFE00), 0xFFFD, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF,
            0x10FFFD, 0x10FFFE, 0x10FFFF]  # fmt: skip


def test_numbers_read_alike_or_go_to_the_parser() -> None:
    taken = sum(_alike(f"<b>&#{code};</b>&#x{code:X};") or 0 for code in _NUMBERS)
    assert taken == len([c for c in _NUMBERS if c in (9, 10, 12) or 0x20 <= c < 0x7F or 0xA0 <= c < 0xD800 or
                         0xE000 <= c < 0xFDD0 or 0xFDF0 <= c <= 0xFFFD or c == 0x10FFFD])  # fmt: skip


def test_what_goes_to_the_parser() -> None:
    """The markup the parser reads otherwise, or that plain_text cannot be sure of, is declined."""
    for markup in [
        "<pre>\nx</pre>", "<table>x<td>y</table>", "a<script>b</script>", "<p>x\r\ny</p>", "<p>x\0y</p>",
        "<p>a\ud800b</p>", "<!-- c --><p>x</p>", "a < b", "<ſpan>x</ſpan>", "<p>AT&T</p>", "<p>&#1;</p>",
        "<p>&amp</p>", '<a href="x"title="y">z</a>', "<textarea><p>x</textarea>",
    ]:  # fmt: skip
        assert plain_text(markup) is None, markup
    assert plain_text("<p>Fish &amp; chips</p><p>caf&eacute; <a href='/x?a=1&b=2'>more</a></p>") == (
        "Fish & chips" + "café more"
    )


def _documents(shared: Path) -> list[Path]:
    found = [p for p in sorted((shared / "feeds").glob("*/*")) if p.is_file() and p.suffix != ".tsv"]
    return found + sorted((ROOT / "feeds" / "demo").glob("*.*"))


def test_every_story_of_the_shared_feeds_reads_alike(shared_data: Path) -> None:
    taken = 0
    for path in _documents(shared_data):
        if path.suffix in (".py", ".opml", ".json"):
            continue
        parsed = run_feedparser(path.read_bytes(), "application/xml", "http://127.0.0.1/" + path.name)
        for entry in parsed["entries"]:
            values = [c.get("value") or "" for c in entry.get("content") or ()] + [entry.get("summary") or ""]
            for value in values:
                for each in (value, mark_blocks(value.replace("\x02", "")), html.unescape(value)):
                    taken += _alike(each) or 0
                html_to_text(value)  # and the whole conversion runs, fast way or not
    assert taken > 1000
