"""Near-duplicate detection: b-bit MinHash signatures over word shingles, LSH bands, and grouping.

Each story gets 128 MinHash values over its word 3-shingles (title and text, every word kept, case and accents
folded), of which we keep the low 8 bits: 128 bytes a story (6.4 MB for 50k) instead of the 512 a full
signature takes. Two stories' bytes agree with probability ``J + (1 - J) / 256`` for shingle Jaccard ``J``, so
``J`` is estimated from the share of agreeing bytes. Candidate pairs come from 42 bands of 3 bytes (a band
matches by chance once in 2^24), which find a pair with ``J = 0.4`` 94% of the time, ``J = 0.5`` 99.5%.

The threshold (:data:`DUPLICATE_JACCARD`) was chosen on data made from wikiref220 leads (news-sized, 4
sentences; ``python -m feeds.related.bench --duplicates``): a copy with a new title and one word in fifty
edited scores 0.76-1.0 (median 0.87), an updated version with one more sentence 0.47-1.0 (median 0.82), a
version cut to 70% 0.57-0.8; 3,219 pairs of different reports on the same topic score at most 0.24 (99.9% below
0.08). 0.4 sits in that gap, a few standard errors of the 128-byte estimate (about 0.045) from either side.
Stories with fewer than :data:`MIN_SHINGLES` shingles never group: two one-line items saying "Live updates" are
not the same report.

Short texts need their titles to agree too. A feed that serves one blurb under every headline ("Read the full
story on our website...", a fixed teaser) would otherwise fold its whole output into one group: the same 30
words with unrelated titles are a template, not a report. So when either story has fewer than
:data:`LONG_TEXT` words of text, the pair also needs title words in common (a 16-byte MinHash of the title's
words, estimated Jaccard at least :data:`TITLE_JACCARD`): a syndicated brief keeps its headline, an updated one
edits a word or two. Above that length the shared wording is evidence enough, whatever the headlines say (the
demo's two Starliner reports share 180 words under different titles).

One feed's headline twice is a duplicate even without shared wording (:func:`same_headline_pairs`): a feed may
list a story twice, one copy with no text and another link (a Portuguese feed served "Match Eleitoral já soma
mais de 500 mil testes completos; ache seu candidato" once empty and once with its blurb behind a redirect), and
the empty copy's shingles are only its title's. So two stories of one feed with the same headline (case and
punctuation aside), published within :data:`HEADLINE_DAYS` days of each other, at least one with little or no
text (under :data:`LITTLE_TEXT` terms: the index's length of it, less its title's), are grouped, when the headline
is specific: at least :data:`HEADLINE_TERMS` distinct words that are no function word of any language we know.
"Live updates", "Morning briefing", "Letters", "Corrections" or "Live updates: Israel-Hamas war" name a series,
not a report, and stay apart; so do two texts of some length under one headline (a weekly column's): their
wording decides, as above.

Two headlines that are the same words but for their numbers and dates, each with one the other lacks, name two
issues of a series (:func:`two_issues`): "Best of cartoons, October 17, 2021" and "Best of cartoons, October 18,
2021" (one feed's, 11 minutes apart, each with the same 14-word blurb), "Episode 12" and "Episode 13", "Target
Time and Superquiz, Monday, October 18" and the next day's. Their short texts are the series' fixed blurb, and
their titles agree on every other word, so both tests above passed and the issues folded into one row, where a
reader lost all but the first. Such a pair is no duplicate unless both texts are long (the wording decides: an
updated report whose count changed, "kills 30" then "kills 45", keeps its group). A short brief updated that
way is left as two rows: a story hidden inside a group is worse than one shown twice. Likewise one feed's two
short items :data:`ISSUE_HOURS` or more apart are two issues, whatever their headlines and blurbs say: "Today's
podcast" or "Weather" every morning, over the same blurb or one whose figures change. A feed lists one report
twice within hours (a changed link, an update with a new id); a day later it is the next issue.

Long texts of a feed that ends every story with the same long paragraphs (a company's "About Acme ...
forward-looking statements", a podcast's show blurb, a newsletter's footer) share mostly those: two alike on their
whole wording are judged again on their own, less the wording their feeds repeat story after story, and when that
leaves little they are judged as short texts (:mod:`feeds.related.boilerplate`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from feeds.related import boilerplate
from feeds.related.function_words import is_function_word
from feeds.related.tokens import content_terms, words

if TYPE_CHECKING:
    from feeds.related.analysis import Params

#: Bumped by hand when the rules that group stories change in a way the settings below do not show (saved groups
#: of another revision are found again: :mod:`feeds.related.saved_groups`). 2: issues of a series apart. 3: long
#: texts of a feed judged without its boilerplate.
GROUPS_REVISION = 3
PERMUTATIONS = 128
BAND_ROWS = 3
BANDS = PERMUTATIONS // BAND_ROWS
SHINGLE = 3
MIN_SHINGLES = 5
DUPLICATE_JACCARD = 0.4
WINDOW = 8
TITLE_PERMUTATIONS = 16
TITLE_JACCARD = 0.5
LONG_TEXT = 100
HEADLINE_DAYS = 3
HEADLINE_TERMS = 6
LITTLE_TEXT = 20
ISSUE_HOURS = 18
#: Candidate pairs checked at a time: their two sides' signatures are copied out (128 bytes each) and compared, so
#: 8,192 pairs hold about 3 MB; at 65,536 the check held 26 MB, on top of a first start's whole index.
CHECK_PAIRS = 8192
_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())  # ASCII punctuation, spaces and controls

#: Words that, like numbers, tell the issues of a series apart: "Weather for Monday, December 7".
_CALENDAR_TEXT = """
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu
    thur thurs fri
"""
CALENDAR_WORDS = frozenset(_CALENDAR_TEXT.split())

_rng = np.random.default_rng(20151113)
_MUL = (_rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_P1 = np.uint64(0x9E3779B97F4A7C15)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)


def signature(title: str, text: str) -> np.ndarray | None:
    """The 128-byte b-bit MinHash of a story's wording, or None when it is too short to compare fairly."""
    return signature_of_words(words(title) + words(text))


def signature_of_words(tokens: list[str]) -> np.ndarray | None:
    """:func:`signature` from the folded words of title and text, every word kept (wording is the evidence)."""
    if len(tokens) < SHINGLE + MIN_SHINGLES - 1:
        return None
    h = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    with np.errstate(over="ignore"):
        shingles = h[:-2] * _P1 + h[1:-1] * _P2 + h[2:]
        shingles = np.unique(shingles)
        # Multiply-shift hashing: the top 32 bits of a*x+b (mod 2^64) are a good universal hash of x.
        mins = ((_MUL[:, None] * shingles[None, :] + _ADD[:, None]) >> np.uint64(32)).min(axis=1)
    return (mins & np.uint64(0xFF)).astype(np.uint8)


def title_signature(title_words: list[str]) -> np.ndarray | None:
    """A 16-byte b-bit MinHash of a title's set of words (every word kept), or None for an empty title."""
    if not title_words:
        return None
    h = np.unique(np.fromiter((zlib.crc32(t.encode()) for t in title_words), dtype=np.uint64))
    mul, add = _MUL[:TITLE_PERMUTATIONS, None], _ADD[:TITLE_PERMUTATIONS, None]
    with np.errstate(over="ignore"):
        mins = ((mul * h[None, :] + add) >> np.uint64(32)).min(axis=1)
    return (mins & np.uint64(0xFF)).astype(np.uint8)


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated shingle Jaccard between signature ``a`` (one row) and each row of ``b`` (or one row)."""
    agree = (np.asarray(b) == a).mean(axis=-1)
    return np.clip((agree - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)


def same_headline_pairs(
    feeds: Sequence[str],
    titles: Sequence[str],
    published: np.ndarray,
    lengths: np.ndarray,
    alive: np.ndarray,
    params: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (``a``, ``b``) that are one feed's specific headline twice, close in time, at least one with little
    or no text (see the module docstring).

    Linear, and cheap for every story but the few that share a headline: each headline is cased and loses its
    ASCII punctuation and spaces in C (``bytes.translate``), stories are sorted by a hash of that and their feed,
    and only a hash two stories share is looked at in Python (the headline folded and weighed, dates compared).
    (A regular expression per headline cost about five times as much as this key at 50k stories.)"""
    rows = np.flatnonzero(alive)
    keys = [
        titles[r].casefold().encode("utf-8", "surrogatepass").translate(None, _NOT_ALNUM)
        for r in rows.tolist()
    ]
    hashes = np.fromiter(map(hash, keys), np.int64, len(keys)) ^ np.fromiter(
        (hash(feeds[r]) for r in rows.tolist()), np.int64, len(keys)
    )
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    shared = np.zeros(len(order), dtype=bool)
    shared[1:] = ordered[1:] == ordered[:-1]
    shared[:-1] |= shared[1:]
    buckets: dict[tuple[str, bytes], list[int]] = {}
    for position in order[shared].tolist():
        if keys[position]:
            row = int(rows[position])
            buckets.setdefault((feeds[row], keys[position]), []).append(row)
    firsts: list[int] = []
    seconds: list[int] = []
    for same in buckets.values():
        title_words = words(titles[same[0]]) if len(same) > 1 else []
        if not _specific(title_words):
            continue
        # A story's length is its text's terms plus its title's, counted title_boost times (analyse_words).
        title_length = params.title_boost * len(
            content_terms(title_words, stemming=params.stemming, stop_words=params.stop_words)
        )
        little = {r: float(lengths[r]) - title_length < LITTLE_TEXT for r in same}
        same.sort(key=lambda r: float(published[r]))
        # Each with the next few in time: a chain is enough (grouping is transitive).
        for i, a in enumerate(same):
            for b in same[i + 1 : i + 1 + WINDOW]:
                if float(published[b] - published[a]) > HEADLINE_DAYS * 86400:
                    break
                if little[a] or little[b]:
                    firsts.append(a)
                    seconds.append(b)
    return np.array(firsts, dtype=np.int64), np.array(seconds, dtype=np.int64)


def _specific(title_words: list[str]) -> bool:
    """A headline that names one report: enough distinct words that are no function word (module docstring)."""
    terms = {t for t in content_terms(title_words) if not is_function_word(t)}
    return len(terms) >= HEADLINE_TERMS


def duplicate_groups(
    sigs: np.ndarray,
    usable: np.ndarray,
    titles: np.ndarray | None = None,
    long_text: np.ndarray | None = None,
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
    about: Stories | None = None,
) -> list[list[int]]:
    """Groups (two or more rows of ``sigs``) joined by pairs whose estimated Jaccard reaches the threshold,
    found through LSH bands.

    ``usable`` masks out removed stories and those without a signature. Within a band, rows are sorted by key
    (then by row, i.e. by arrival) and each is compared with the next :data:`WINDOW` rows of the same key:
    every pair of a small bucket, and a chain through a big one (a template a feed repeats), so the work
    stays linear in the number of stories whatever the data. Grouping is transitive, so a chain is enough.

    Bands are taken one at a time, and a band's candidates already in one group are dropped before they are
    checked: a large group of near-identical stories (30k in the benchmark's 50k store) would otherwise give
    ten million candidates, 40 of its bands each naming the same pairs again. Within a band, candidates come
    an offset in the window at a time and are checked :data:`CHECK_PAIRS` at a time, each piece after the
    last one's joins. So memory stays at one piece's arrays (the reader's first start finds the groups while
    it saves its whole related index: checking a band at once added 40 MB to that), and the groups are the
    same as from checking every candidate.

    With ``titles`` (16-byte title signatures, all zero for no title) and ``long_text`` (the text has at least
    :data:`LONG_TEXT` words), a pair where either text is short also needs agreeing titles (module docstring).
    ``pairs`` (rows ``a``, ``b``: :func:`same_headline_pairs`) are joined as they are, usable or not. With
    ``about`` (each row's headline, feed and date), two issues of a series are not joined (module docstring).
    """
    signed = usable
    if pairs is not None and len(pairs[0]):
        usable = usable.copy()
        usable[pairs[0]] = usable[pairs[1]] = True
    rows = np.flatnonzero(usable)
    signed = signed[rows]  # rows with a signature: only these are compared (one without has no wording)
    all_signed = bool(signed.all())
    n = len(rows)
    if n < 2:
        return []
    parent = np.arange(
        n, dtype=np.int64
    )  # a flat forest over positions in ``rows`` (see _join); a parent never exceeds its child
    if pairs is not None and len(pairs[0]):
        _join(parent, np.searchsorted(rows, pairs[0]), np.searchsorted(rows, pairs[1]))
    for band in range(BANDS):
        keys = np.zeros(n, dtype=np.uint32)
        for row in range(BAND_ROWS):
            keys |= sigs[rows, band * BAND_ROWS + row].astype(np.uint32) << np.uint32(8 * row)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        del keys
        for offset in range(1, min(WINDOW, n - 1) + 1):
            same = np.flatnonzero(sorted_keys[offset:] == sorted_keys[:-offset])
            # Checked an offset at a time, a chunk at a time, each after the last one's joins: a big group's
            # candidates are mostly joined by then, and are dropped before their signatures are copied out.
            for start in range(0, len(same), CHECK_PAIRS):
                at = same[start : start + CHECK_PAIRS]
                a, b = order[at], order[at + offset]
                apart = parent[a] != parent[b]
                if not all_signed:
                    apart &= signed[a] & signed[b]
                a, b = a[apart], b[apart]
                ra, rb = rows[a], rows[b]
                if titles is None or long_text is None:
                    close = jaccard_rows(sigs[ra], sigs[rb]) >= DUPLICATE_JACCARD
                else:
                    close = same_report(
                        sigs[ra],
                        sigs[rb],
                        titles[ra],
                        titles[rb],
                        long_text[ra] & long_text[rb],
                        None if about is None else (about, ra, rb),
                    )
                _join(parent, a[close], b[close])
        del order, sorted_keys
    _flatten(parent)
    grouped = np.flatnonzero(np.bincount(parent, minlength=n)[parent] > 1)
    groups: dict[int, list[int]] = {}
    for position, root in zip(grouped.tolist(), parent[grouped].tolist(), strict=True):
        groups.setdefault(root, []).append(int(rows[position]))
    return list(groups.values())


def _flatten(parent: np.ndarray) -> None:
    """Point every node of the forest straight at its root (pointer jumping)."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return
        parent[:] = grand


def _join(parent: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Union the trees of each pair ``(a[i], b[i])``: the larger root hangs under the smaller, so no cycle forms.
    A flat forest (every node pointing at its root) stays flat, so ``parent[x]`` is ``x``'s root between calls."""
    while len(a):
        _flatten(parent)
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        a, b = ra[apart], rb[apart]
        if len(a):
            np.minimum.at(parent, np.maximum(a, b), np.minimum(a, b))


def same_report(
    sigs_a: np.ndarray,
    sigs_b: np.ndarray,
    titles_a: np.ndarray,
    titles_b: np.ndarray,
    both_long: np.ndarray,
    about: tuple[Stories, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Row by row: are these two stories the same report? Wording close enough, and for short texts the titles
    agree too and they are no two issues of a series (see the module docstring). Arguments are matching rows of
    signatures, and ``about`` the stories' headlines, feeds and dates with the two sides' rows (read only for the
    few pairs found alike); returns a bool array."""
    close = jaccard_rows(sigs_a, sigs_b) >= DUPLICATE_JACCARD
    titled = titles_a.any(axis=-1) & titles_b.any(axis=-1)
    agree = titled & (jaccard_rows(titles_a, titles_b) >= TITLE_JACCARD)
    same = close & (both_long | agree)
    if about is not None:
        stories, rows_a, rows_b = about
        both_long = np.broadcast_to(both_long, same.shape)
        if stories.wording is not None and (same & both_long).any():
            # Long texts alike on the whole: judged again on their own wording, less their feeds' boilerplate
            # (feeds.related.boilerplate); mostly boilerplate, they are judged as short texts.
            at = np.flatnonzero(same & both_long)
            own, little = boilerplate.own_wording(
                np.broadcast_to(sigs_a, sigs_b.shape)[at],
                sigs_b[at],
                np.broadcast_to(rows_a, same.shape)[at],
                np.broadcast_to(rows_b, same.shape)[at],
                stories.wording(),
                DUPLICATE_JACCARD,
            )
            same[at] = own | (little & agree[at])
            both_long = both_long.copy()
            both_long[at[little]] = False
        for i in np.flatnonzero(same & ~both_long).tolist():
            a, b = int(rows_a[i]), int(rows_b[i])
            if two_issues(stories.titles[a], stories.titles[b]) or (
                stories.feeds[a] == stories.feeds[b]
                and abs(float(stories.published[a] - stories.published[b])) >= ISSUE_HOURS * 3600
            ):
                same[i] = False
    return same


class Stories(NamedTuple):
    """What tells two issues of a series apart, per row of the index: headline, feed and date; and each feed's
    boilerplate (:func:`feeds.related.boilerplate.tables`), which tells two long texts of a feed apart."""

    titles: Sequence[str]
    feeds: Sequence[str]
    published: np.ndarray
    wording: Callable[[], boilerplate.Tables] | None = None


def two_issues(title_a: str, title_b: str) -> bool:
    """Do two headlines name two issues of a series: the same words but for numbers and dates, each with one the
    other lacks ("Episode 12", "Episode 13")? See the module docstring."""
    words_a, marks_a = _series_parts(title_a)
    words_b, marks_b = _series_parts(title_b)
    return words_a == words_b and bool(marks_a - marks_b) and bool(marks_b - marks_a)


@lru_cache(maxsize=4096)
def _series_parts(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """A headline's words apart from its numbers and calendar words, and those (folded, "1,000" as "1000")."""
    marks = set()
    rest = set()
    for word in words(title):
        if word[:1].isdigit() or word in CALENDAR_WORDS:
            marks.add(word.replace(",", ""))
        else:
            rest.add(word)
    return frozenset(rest), frozenset(marks)


def jaccard_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of each row of ``a`` with the same row of ``b``."""
    agree = (a == b).sum(axis=-1, dtype=np.uint16) / a.shape[-1]  # twice as fast as .mean() over bools
    return np.clip((agree - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)
