"""The search language, parsed forgivingly: every string is a query, and mistakes come back as hints in words.

    kim jong            words are ANDed; the last word is a prefix while typing ("jong" -> "jongun"?)
    elect*  "kim j*"    a word ending in * is a prefix wherever it is, typing or not (title:elect*, person:mac*)
    "kim jong un"       a phrase (adjacent words); an unclosed quote runs to the end
    "elections"         that word only: unquoted, a finished word also finds its inflections ("election")
    -word  -"a phrase"  exclusion (also -feed:x, -is:read, ...); NOT word is -word; –word, —word and −word too
    a OR b              either (binds tighter than the implicit AND: "a OR b c" is "(a OR b) AND c")
    title:word  feed:name  author:name  tag:name  person:name  org:name  place:name  entity:name
    note:word           a bookmark's note says it (plain words find a bookmark by its note too)
    is:unread  is:read  is:bookmarked
    after:2026-01-01  before:2026-01  after:7d (h d w m y: hours, days, weeks, 30-day months, 365-day years)
    after:today  after:yesterday  before:today    a day of the user's calendar, as dates are: its local midnight
    person:"Kim Jong Un"  qualifier values can be quoted: whole words in order, as a phrase ("Reporter 3" is not
                          "Reporter 30"); unquoted, each word matches the start of a name's word, in order

Typographic quotes (“a phrase”, „a phrase“, «a phrase») are quotes, and full-width forms (ｐｅｒｓｏｎ：ｋｉｍ) the
plain ones, as pastes and East Asian keyboards bring them.

The parser never raises: the UI calls it on every keystroke with whatever is in the box. Something it cannot
use (an unknown qualifier, a bad date, a lone "-", a dangling OR) is left out or searched as plain text, and
``Query.hints`` says what happened so the UI can show it under the box.
"""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from feeds.search.tokens import ends_in_a_word, tokenize
from feeds.text import strip_unsafe

AtomKind = Literal["text", "title", "feed", "author", "tag", "note", "entity", "is", "after", "before"]

#: Qualifiers and what they become.
QUALIFIERS: dict[str, tuple[AtomKind, str]] = {
    "title": ("title", ""),
    "feed": ("feed", ""),
    "author": ("author", ""),
    "tag": ("tag", ""),
    "note": ("note", ""),
    "person": ("entity", "PER"),
    "org": ("entity", "ORG"),
    "place": ("entity", "LOC"),
    "entity": ("entity", ""),
    "is": ("is", ""),
    "after": ("after", ""),
    "before": ("before", ""),
}
IS_VALUES = {"unread": "unread", "read": "read", "bookmarked": "bookmarked", "bookmark": "bookmarked"}
IS_VALUES |= {"saved": "bookmarked", "starred": "bookmarked"}
_KNOWN = ", ".join(f"{name}:" for name in QUALIFIERS)

_SPAN_UNITS = {"h": 3600.0, "d": 86400.0, "w": 7 * 86400.0, "m": 30 * 86400.0, "y": 365 * 86400.0}
_RELATIVE = re.compile(r"(\d{1,6})\s*([hdwmy])", re.IGNORECASE)
#: Words for a day, and how many days back from today's date it is.
_DAYS_BACK = {"today": 0, "yesterday": 1}
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_QUALIFIER = re.compile(r"([A-Za-z]+):")
#: Quotation marks a paste or a phone's keyboard types for '"': “Kim Jong Un” searched the words "kim" and "jong"
#: and "un" anywhere in a story, and person:“Joe Biden” the person "joe" and the word "biden".
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»〝〞", '"'))
#: A dash that starts a word is the "-" of an exclusion: phones and word processors turn "-putin" into "–putin"
#: (and a paste brings "—putin" or the minus sign "−putin"), which searched the word "putin". Inside a word
#: ("open–source") or alone between spaces ("Kim – Putin") a dash is punctuation, as it was.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_NOT = re.compile(f"(?:^|(?<=[\\s()]))[{_DASHES}](?=[^\\s{_DASHES}-])")
#: Said after the hints of a query with nothing usable left (`person:`, `is:nothing`, `!!`) by the reader and by
#: `newsdesk search` alike, each then saying what it did: the box lists every story, as when it is empty, since the
#: next key may give the value; the command's query is complete, and it lists none.
NOTHING_LEFT = "nothing left to search for"
#: Longest query text looked at, and most atoms kept: a pasted novel must not stall a keystroke.
MAX_QUERY_CHARS = 2000
MAX_ATOMS = 40


@dataclass(frozen=True, slots=True)
class Atom:
    """One condition. ``words`` are folded tokens (text, title, feed, author, tag, entity names)."""

    kind: AtomKind
    words: tuple[str, ...] = ()
    value: str = ""  # as typed (after the colon), for display; the normalised keyword for ``is``
    etype: str = ""  # entity type PER/ORG/LOC, "" for any
    phrase: bool = False  # the words must be adjacent, in order
    prefix: bool = False  # the last word is still being typed: match it as a prefix
    negated: bool = False
    when: float = 0.0  # after/before: a timestamp (local midnight), or a span back from now when ``relative``
    relative: bool = False

    def cutoff(self, now: float) -> float:
        return now - self.when if self.relative else self.when


@dataclass(frozen=True, slots=True)
class Query:
    """An AND of OR-groups of atoms. An empty query matches every story."""

    text: str
    groups: tuple[tuple[Atom, ...], ...] = ()
    hints: list[str] = field(default_factory=list)

    @property
    def atoms(self) -> list[Atom]:
        return [atom for group in self.groups for atom in group]

    @property
    def nothing_left(self) -> bool:
        """Whether something was typed and nothing of it can be searched for (the hints say why)."""
        return not self.groups and bool(self.hints)

    @property
    def has_text(self) -> bool:
        """Whether anything ranks by relevance (positive text or title words); otherwise results go by date."""
        return any(a.kind in ("text", "title") and not a.negated for a in self.atoms)


@dataclass(slots=True)
class _Lexeme:
    kind: Literal["word", "phrase", "qualifier", "or"]
    value: str
    name: str = ""  # qualifier name as typed
    negated: bool = False
    quoted: bool = False
    closed: bool = True  # a quote that was closed
    last: bool = False  # nothing but (maybe) the cursor after it
    at_end: bool = False  # it runs to the end of the text


def _read_quoted(text: str, pos: int) -> tuple[str, int, bool]:
    """Text inside a quote starting at ``text[pos] == '"'``: (value, position after it, closed?)."""
    end = text.find('"', pos + 1)
    if end < 0:
        return text[pos + 1 :], len(text), False
    return text[pos + 1 : end], end + 1, True


def _read_bare(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and not text[end].isspace() and text[end] not in '"()':
        end += 1
    return text[pos:end], end


def _lex(text: str, hints: list[str], cut: bool = False) -> list[_Lexeme]:
    """The query's terms. ``cut``: the text is the start of a longer one, so what hangs at its end (a quote, a
    lone "-", a NOT) was cut there, and is not said to be the user's mistake."""
    out: list[_Lexeme] = []
    pos, n = 0, len(text)
    not_next = False  # a NOT before: the next term is left out, as -term is
    grouped = False  # a parenthesis: read as a space, and said when it could have meant something
    held = 0  # terms read before this turn: one read in the last turn runs to the end of the text
    while pos < n:
        held = len(out)
        if text[pos].isspace() or text[pos] in "()":
            grouped = grouped or text[pos] in "()"
            pos += 1
            continue
        negated, not_next = not_next, False
        if text[pos] == "-":
            if pos + 1 >= n or text[pos + 1].isspace():
                if pos + 1 < n or not cut:
                    hints.append("a lone '-' excludes nothing: put it right before a word, -word")
                pos += 1
                continue
            negated, pos = True, pos + 1
            if text[pos] == "(":
                hints.append(
                    "a '-' before '(' excludes nothing: parentheses do not group; put - before each term"
                )
                continue
        if text[pos] == '"':
            glued = pos > 0 and not text[pos - 1].isspace() and text[pos - 1] not in "(-"
            value, pos, closed = _read_quoted(text, pos)
            if closed or cut:
                pass
            elif glued and not value.strip():
                # `kim jong un"`: the hint said the phrase ran to the end of the query, where there was none.
                hints.append('a closing quote with no opening one: put one before the phrase too, "a phrase"')
            else:
                hints.append('unclosed quote: the phrase runs to the end of the query; close it with "')
            out.append(_Lexeme("phrase", value, negated=negated, quoted=True, closed=closed))
            continue
        match = _QUALIFIER.match(text, pos)
        if match:
            name, pos = match.group(1), match.end()
            if pos < n and text[pos] == '"':
                value, pos, closed = _read_quoted(text, pos)
                if not closed and not cut:
                    hints.append(f'unclosed quote in {name}: close it with "')
                out.append(_Lexeme("qualifier", value, name, negated, quoted=True, closed=closed))
            elif pos < n and text[pos] == "(":  # person:(Kim Jong): the words inside, as typed bare
                end = text.find(")", pos)
                value, pos = (text[pos + 1 :], n) if end < 0 else (text[pos + 1 : end], end + 1)
                out.append(_Lexeme("qualifier", value, name, negated))
            else:
                value, pos = _read_bare(text, pos)
                out.append(_Lexeme("qualifier", value, name, negated))
            continue
        value, pos = _read_bare(text, pos)
        if value in ("OR", "|", "||") and not negated:
            out.append(_Lexeme("or", value))
        elif value == "AND" and not negated:
            continue  # AND is what juxtaposition means anyway
        elif value == "NOT" and not negated:
            # As other search boxes read it; taken as the word "not", "kim NOT putin" listed only stories saying
            # "not", and the Putin ones among them.
            not_next = True
        elif value:
            out.append(_Lexeme("word", value, negated=negated))
    if not_next and not cut:
        hints.append("NOT needs a term after it: NOT word, or -word")
    if grouped and any(lex.kind == "or" or lex.negated for lex in out):
        # "(title:kim OR title:putin)" searched the words "title kim"; "-(kim OR putin)" left out "kim" alone.
        hints.append(
            'parentheses do not group: OR joins the two terms beside it ("a OR b c" is (a OR b) AND c)'
        )
    if len(out) > held:
        out[-1].at_end = True
    if out and ends_in_a_word(text):  # what was typed after the last word (a space, "C++", "U.S.") ends it
        out[-1].last = not (out[-1].quoted and out[-1].closed)  # a closed quote is a finished phrase
    return out


def parse_date(value: str) -> tuple[float, bool] | None:
    """``2026-01-01``/``2026-01``/``2026``, ``today``/``yesterday`` (local time, start of the period) ->
    (timestamp, False); ``7d`` -> (span, True). A day of the user's calendar, as the reader shows dates: read in
    UTC, `after:2026-12-06` listed a story shown as "2026-12-05 18:00" in Los Angeles. Where the platform cannot
    place local midnight (the year 1), UTC's is taken. ``today`` is the date when the query is parsed."""
    value = value.strip()
    days_back = _DAYS_BACK.get(value.lower())
    if days_back is not None:  # the calendar's day, not 24 hours back (a day can have 23 or 25)
        when = date.today() - timedelta(days=days_back)
        return datetime(when.year, when.month, when.day).timestamp(), False
    match = _RELATIVE.fullmatch(value)
    if match:
        return int(match.group(1)) * _SPAN_UNITS[match.group(2).lower()], True
    match = _DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return datetime(year, month, day).timestamp(), False
    except (ValueError, OverflowError, OSError):
        pass
    try:
        return datetime(year, month, day, tzinfo=UTC).timestamp(), False
    except (ValueError, OverflowError):
        return None


def _text_atom(kind: AtomKind, lex: _Lexeme, value: str, prefix: bool) -> Atom | None:
    words = tuple(tokenize(value))
    if not words:
        return None
    phrase = lex.quoted or len(words) > 1
    return Atom(kind, words, value=value, phrase=phrase, prefix=prefix, negated=lex.negated)


def _qualifier_atom(lex: _Lexeme, prefix: bool, hints: list[str]) -> Atom | None:
    name = lex.name.lower()
    if name not in QUALIFIERS:
        if not lex.value.startswith("//"):  # http://... is a web address typed whole, not a qualifier
            near = difflib.get_close_matches(name, QUALIFIERS, n=1, cutoff=0.75)
            if near:  # "autor:x" said every qualifier there is, and left the reader to spot the one meant
                hints.append(
                    f"unknown qualifier '{lex.name}:': did you mean {near[0]}:? (searched as plain words)"
                )
            else:
                hints.append(f"unknown qualifier '{lex.name}:'; known: {_KNOWN} (searched as plain words)")
        return _text_atom("text", lex, f"{lex.name} {lex.value}", prefix)
    kind, etype = QUALIFIERS[name]
    value = lex.value.strip()
    if not value:
        hints.append(f"{name}: needs a value, e.g. {_EXAMPLES[name]}")
        return None
    if kind == "is":
        keyword = IS_VALUES.get(value.lower())
        if keyword is None:
            hints.append(f"unknown is:{value}; known: is:unread, is:read, is:bookmarked")
            return None
        return Atom("is", value=keyword, negated=lex.negated)
    if kind in ("after", "before"):
        parsed = parse_date(value)
        if parsed is None:
            hints.append(
                f"bad date in {name}:{value} (use 2026-01-31, 2026-01, 2026, today, yesterday,"
                " or 12h, 7d, 2w, 3m, 1y)"
            )
            return None
        return Atom(kind, value=value, when=parsed[0], relative=parsed[1], negated=lex.negated)
    words = tuple(tokenize(_name_key(value, etype) if kind == "entity" else value))
    if not words:
        hints.append(f"{name}:{value} has no letters or digits to match")
        return None
    if kind in ("title", "note"):
        return Atom(
            kind, words, value, phrase=lex.quoted or len(words) > 1, prefix=prefix, negated=lex.negated
        )
    # A quoted value is whole words in order, as a quoted phrase is; unquoted, each word is a name's word prefix.
    return Atom(kind, words, value, etype=etype, phrase=lex.quoted, prefix=prefix, negated=lex.negated)


def _name_key(value: str, etype: str) -> str:
    """A name typed after ``person:`` and the like, written as names are stored (:func:`entity_key`): without
    apostrophes, periods or a possessive, and a person's without a title before it. Split at them, `person:O'Rourke`
    looked for "o" then "rourke" in the stored "beto orourke", `org:McDonald's` for "mcdonald" then "s",
    `place:U.S.` for "u s" in "us", and `person:"President Biden"` for a name stored as "biden": none was found."""
    from feeds.entities.aliases import entity_key, untitled  # loaded by the first name qualifier only

    key = entity_key(value)
    return untitled(key) if etype == "PER" else key


_EXAMPLES = {
    "title": "title:election",
    "feed": "feed:bbc",
    "author": "author:smith",
    "tag": "tag:tech",
    "note": "note:budget",
    "person": 'person:"Kim Jong Un"',
    "org": "org:nato",
    "place": "place:zurich",
    "entity": "entity:nato",
    "is": "is:unread",
    "after": "after:2026-01-01 or after:7d",
    "before": "before:2026-01-01 or before:2w",
}


def _no_days_between(groups: list[list[Atom]], hints: list[str]) -> None:
    """Said when ``after:`` is no earlier than ``before:`` (the two swapped, or one day): no story can match, and
    the list was empty with no word of why."""
    now = time.time()
    wanted = [g[0] for g in groups if len(g) == 1 and not g[0].negated]
    after = [a for a in wanted if a.kind == "after"]
    before = [a for a in wanted if a.kind == "before"]
    if after and before:
        start = max(after, key=lambda a: a.cutoff(now))
        end = min(before, key=lambda a: a.cutoff(now))
        if start.cutoff(now) >= end.cutoff(now):
            hints.append(
                f"after:{start.value} is not earlier than before:{end.value}: no story is between them"
            )


def parse_query(text: str, *, prefix_last: bool = True) -> Query:
    """Parse what the user typed. Never raises; see the module docstring for the language."""
    hints: list[str] = []
    try:
        return _parse(text, prefix_last, hints)
    except Exception as exc:  # a parser bug must not take the search box down: degrade to plain words
        hints.append(f"could not read the query ({type(exc).__name__}); searched its words")
        words = tuple(tokenize(str(text)[:MAX_QUERY_CHARS]))
        groups = tuple((Atom("text", (w,)),) for w in words[:MAX_ATOMS])
        return Query(str(text), groups, hints)


def _parse(text: str, prefix_last: bool, hints: list[str]) -> Query:
    if not isinstance(text, str):
        text = str(text)
    source = text
    # Said only when something was left out (not trailing spaces); then what was left hanging where the cut fell
    # (a quote, an OR, a qualifier cut before its value) is the cut's doing, not the user's, and is not said: a
    # pasted page said "unclosed quote" of a quote the page closed after the cut.
    cut = len(text) > MAX_QUERY_CHARS and not text[MAX_QUERY_CHARS:].isspace()
    # What stored text never holds (feeds.text.strip_unsafe takes it out of every story) is taken out of a paste:
    # a soft hyphen or a zero-width space inside a word, copied from a page that breaks long words, split it in two
    # ("Bundes\xadregierung" found no story saying "Bundesregierung"), and a terminal's colour escape glued its
    # code to the word after it ("\x1b[1mBrexit" searched "1mbrexit").
    text = strip_unsafe(text[:MAX_QUERY_CHARS])
    if not text.isascii():
        # Full-width forms are the ASCII ones (an East Asian keyboard types "ｐｅｒｓｏｎ：Trump", which searched the
        # words "person" and "trump" and said nothing), and so are typographic quotes.
        text = unicodedata.normalize("NFKC", text)
        cut = cut or bool(text[MAX_QUERY_CHARS:].strip())  # a ligature or "ﷺ" is many letters
        text = _DASH_NOT.sub("-", text[:MAX_QUERY_CHARS].translate(_QUOTES))
    if cut:
        hints.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    groups: list[list[Atom]] = []
    want_operand = False
    for lex in _lex(text, hints, cut):
        if lex.kind == "or":
            if not groups or want_operand:
                hints.append("OR needs a term on each side: a OR b")
            want_operand = True
            continue
        prefix = prefix_last and lex.last and not lex.negated  # "-k" while typing must not hide every k-word
        # "elect*" asks for the words it starts, as most search boxes read it: it was the whole word "elect" (the
        # "*" ended the word), so the list the box showed for "elect" emptied as the "*" was typed.
        prefix = prefix or (lex.kind != "or" and lex.value.rstrip().endswith("*"))
        if lex.kind == "qualifier":  # one the cut left without its value (or half a date) is not said
            atom = _qualifier_atom(lex, prefix, [] if cut and lex.at_end else hints)
        else:
            atom = _text_atom("text", lex, lex.value, prefix)
        if atom is None:
            continue
        if want_operand and groups:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        want_operand = False
    if want_operand and groups and not cut:
        hints.append("OR at the end: type the other term (a OR b)")
    if not groups and not hints and source.strip():  # marks alone, taken out above, are said too
        # "(", "*" or an emoji alone: said, as the command line says it. The reader listed every story under "14
        # stories", as if each matched it.
        shown = "".join(ch for ch in text.strip() if unicodedata.category(ch) != "Cf")  # bidi marks: unseen
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        hints.append(f"{shown or 'the query'} has no letters or digits to match")
    _no_days_between(groups, hints)
    if sum(len(g) for g in groups) > MAX_ATOMS:
        hints.append(f"only the first {MAX_ATOMS} terms are used")
        kept: list[list[Atom]] = []
        budget = MAX_ATOMS
        for group in groups:
            if budget <= 0:
                break
            kept.append(group[:budget])
            budget -= len(kept[-1])
        groups = kept
    return Query(source, tuple(tuple(g) for g in groups), list(dict.fromkeys(hints)))
