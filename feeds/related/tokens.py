"""Words for the related-stories index: folding, stop words, a light stemmer, and shingles for near-duplicates.

Two views of the same text, because they answer different questions:

- :func:`terms` gives the *content* words of a story, stop words dropped and lightly stemmed, for similarity
  ("attacks" and "attack" must meet; "the" must not count);
- :func:`words` keeps every word as written (folded only), for near-duplicate detection, where the
  exact wording is the evidence.

The stemmer is our own on purpose: it only strips inflections (plurals, -ed, -ing, -ly, possessives) and puts
back the ``e`` or the single consonant the suffix took, so that the stems we show a reader as "shared terms"
remain words ("attack", "kill", "study", "crash") instead of Porter's "studi" or "airlin". On wikiref220 it
lifts P@5 from 0.905 to 0.908 (see :mod:`feeds.related.evaluate`): enough, with no dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from feeds.text import fold

#: A word: letters and digits, apostrophes inside it kept ("don't"), and so are the separators inside a number
#: ("1,000", "279.4", "2.5bn"), which made "000" a term of 44 stories of 220 and "2.5bn" the same as "5bn".
_WORD = re.compile(r"[^\W_]+(?:(?:['’]|(?<=\d)[.,](?=\d))[^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

#: Common English function words and news boilerplate that say nothing about what a story is about.
_STOP_TEXT = """
    a about above after again against ago all almost along already also although always am among an and another
    any anyone anything are around as at away back be became because become becomes been before being below
    between both but by can cannot could did do does doing done down during each either else enough etc even ever
    every few for from further get gets getting got had has have having he her here hers herself him himself his
    how however i if in into is it its itself just last least less let like made make makes many may me might
    more most much must my myself near neither never new next no nor not now of off often on once one only onto
    or other others our ours ourselves out over own per perhaps quite rather really said say says same see seen
    she should since so some someone something still such than that the their theirs them themselves then there
    these they thing things this those though through thus to too toward towards under until up upon us use used
    using very via was way we well were what whatever when where whether which while who whom whose why will
    with within without would yet you your yours yourself yourselves
    according including told amp nbsp mr mrs ms dr
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())

_VOWELS = frozenset("aeiouy")
# Words that only look inflected.
_KEEP = frozenset(
    ("series", "species", "news", "always", "perhaps", "during", "nothing", "something", "anything")
)
# After "-ed"/"-ing" is stripped, these endings had an "e" that went with the suffix ("hoped" -> "hop" -> "hope").
_RESTORE_E = ("at", "bl", "iz", "us", "uc", "rg", "ndl", "ps", "rv", "lv", "dg", "tl", "ik")


def _has_vowel(stem: str) -> bool:
    return any(ch in _VOWELS for ch in stem)


def _after_suffix(stem: str) -> str:
    """Tidy a stem whose -ed/-ing was just removed: undouble ("stopp" -> "stop"), restore a lost "e"."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" and stem[-1] not in _VOWELS:
        return stem[:-1]
    if stem.endswith(_RESTORE_E) or _short_cvc(stem):
        return stem + "e"
    return stem


def _short_cvc(stem: str) -> bool:
    """Porter's "*o" condition on a one-syllable stem: "hop", "tak", "us" lost an "e" ("hoped", "taking")."""
    if len(stem) < 2 or len(stem) > 4 or stem[-1] in "wxy" or stem[-1] in _VOWELS:
        return False
    if stem[-2] not in _VOWELS or (len(stem) > 2 and stem[-3] in _VOWELS):
        return False
    return sum(1 for ch in stem[:-2] if ch in _VOWELS) == 0


def stem(word: str) -> str:
    """A light inflectional stemmer for folded English words: plurals, possessives, -ed, -ing, -ly.

    Deliberately conservative: short words, words without a vowel left and numbers are returned unchanged, so a
    stem stays readable and proper names mostly survive ("paris" keeps its "s": "-is" is not a plural).
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word in _KEEP:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ous", "ics")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing") and _has_vowel(word[:-3]):
        word = _after_suffix(word[:-3])
    elif len(word) > 4 and word.endswith("ied"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("ed") and not word.endswith("eed") and _has_vowel(word[:-2]):
        word = _after_suffix(word[:-2])
    elif len(word) > 5 and word.endswith("ly") and not word.endswith("ily") and _has_vowel(word[:-2]):
        word = word[:-2]
    return word


#: Chinese and Japanese characters (kana, ideographs), written without spaces between words.
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=20_000)
def _word_parts(word: str) -> tuple[str, ...]:
    """One non-ASCII word folded; a run of Chinese or Japanese characters in it as its overlapping pairs of
    characters ("习近平会见" -> "习近", "近平", "平会", "会见"): written without spaces, a whole clause was one
    "word", no two stories shared one, and a Chinese story had no related stories at all."""
    folded = fold(word)
    if _CJK_RUN.search(folded) is None:
        return (folded,)
    parts: list[str] = []
    at = 0
    for run in _CJK_RUN.finditer(folded):
        if run.start() > at:
            parts.append(folded[at : run.start()])
        chars = run.group()
        parts.extend(chars[i : i + 2] for i in range(max(1, len(chars) - 1)))
        at = run.end()
    if at < len(folded):
        parts.append(folded[at:])
    return tuple(parts)


def _pair(term: str) -> bool:
    return len(term) == 2 and _CJK_RUN.fullmatch(term) is not None


def joined_pairs(terms: Iterable[str], titles: Sequence[str]) -> list[str]:
    """Shared terms as a reader reads them: pairs of Chinese or Japanese characters that overlap joined back
    into the run they came from ("习近", "近平" -> "习近平"), every other term as it is. The index does not keep
    where a pair stood, so a run is made only as far as one of ``titles`` (the two stories') holds it as written:
    "前中" and "中国" do not make "前中国"."""
    folded: list[str] = []

    def written(run: str) -> bool:
        if not folded:  # folded only when a pair asks: most stories have none
            folded.extend(fold(t) for t in titles)
        return any(run in title for title in folded)

    out: list[str] = []
    pairs: list[int] = []  # where in ``out`` a run of pairs stands, to extend it
    for term in terms:
        if not _pair(term):
            out.append(term)
            continue
        for at in pairs:
            run = out[at]
            if term in run:
                break
            if run[-1] == term[0] and written(run + term[1]):
                out[at] = run + term[1]
                break
            if run[0] == term[1] and written(term[0] + run):
                out[at] = term[0] + run
                break
        else:
            pairs.append(len(out))
            out.append(term)
    return out


def words(text: str) -> list[str]:
    """Folded words (case and accents gone), apostrophes inside a word kept so "don't" stays one word; Chinese
    and Japanese as pairs of characters (see :func:`_word_parts`).

    Folds word by word with a cache: :func:`feeds.text.fold` walks every character, which made folding whole
    texts the largest cost of indexing.
    """
    if "\ufffd" in text:
        # U+FFFD is what a wrongly decoded feed shows for a character it lost, inside words mostly an apostrophe
        # ("Greece’s" served as UTF-8 in windows-1252): read as one, so the word stays whole instead of leaving
        # fragments ("didn", "re", "ll") as terms.
        text = text.replace("\ufffd", "'")
    found = _WORD.findall(text.casefold())
    if text.isascii():
        return found
    out: list[str] = []
    for w in found:
        if w.isascii():
            out.append(w)
        else:
            out.extend(_word_parts(w))
    return out


def terms(text: str, *, stemming: bool = True, stop_words: bool = True) -> list[str]:
    """Content terms of ``text`` in order (see :func:`content_terms`)."""
    return content_terms(words(text), stemming=stemming, stop_words=stop_words)


def content_terms(seq: list[str], *, stemming: bool = True, stop_words: bool = True) -> list[str]:
    """Content terms from folded words: no stop words, no one-letter words, no lone numbers of 1-2 digits.

    Order matters for bigrams (:func:`bigrams`), so this returns a list, not a bag.
    """
    cache = _TERMS.setdefault((stemming, stop_words), {})
    if len(cache) > _CACHE_SIZE:  # a bounded cache: clearing now and then beats an LRU's bookkeeping
        cache.clear()
    out: list[str] = []
    for word in seq:
        term = cache.get(word)
        if term is None:
            term = cache[word] = _term(word, stemming, stop_words)
        if term:
            out.append(term)
    return out


_CACHE_SIZE = 50_000
_TERMS: dict[tuple[bool, bool], dict[str, str]] = {}


def _term(word: str, stemming: bool, stop_words: bool) -> str:
    """One word's term, or "" when it is not one (cached by the caller: news vocabulary repeats itself)."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word[:1].isdigit() and (word.isdigit() or _NUMBER.fullmatch(word)):
        # "1,000" is "1000"; a number is kept by its whole part, as lone numbers always were: "279.4", not "1.5".
        word = word.replace(",", "")
        return word if len(word.partition(".")[0]) >= 3 else ""
    if len(word) < 2 or (stop_words and (word in STOP_WORDS or ("'" in word and _contraction(word)))):
        return ""
    return stem(word) if stemming else word


_CLITICS = ("'re", "'ve", "'ll", "'d", "'m")


def _contraction(word: str) -> bool:
    """A function word with a clitic ("don't", "we're", "i've", "they'll"): a stop word however it is written."""
    head, _, tail = word.rpartition("'")
    return word.endswith("n't") or (head in STOP_WORDS and "'" + tail in _CLITICS)


def bigrams(seq: list[str]) -> list[str]:
    """Adjacent term pairs ("prime minist", "flight 370"), joined with a space so they read as a phrase."""
    return [f"{a} {b}" for a, b in zip(seq, seq[1:], strict=False)]


def as_shown(terms: Sequence[str], titles: Sequence[str], *, stemming: bool = True) -> list[str]:
    """Shared terms as a reader reads them: a number as the headlines write it, and terms that stand next to each
    other in both headlines as one phrase, in their order.

    A number's term has its separators removed ("1,000" is "1000", so that "1,000" and "1000" meet), which the
    reasons showed as "1000" for stories that wrote "1,000"; one found in neither headline gets the separators
    English news writes, except a four-digit number that reads as a year. Words the index keeps apart read as
    two reasons ("prime", "minister"); the index does not keep where a term stood, so a phrase is made only where
    both headlines write it, words next to each other: next to each other in one headline is often no phrase
    ("war reaches"); a phrase reads as the first headline writes it ("flood victims", not the terms' stems).
    """
    shown = set(terms)
    written: dict[str, str] = {}
    as_written: dict[tuple[str, str], tuple[str, str]] = {}  # a pair's words as the first headline has them
    pairs: list[set[tuple[str, str]]] = []  # each headline's shared terms that stand next to each other
    for title in titles:
        pairs.append(set())
        for clause in _CLAUSE_BREAK.split(title):
            prev, prev_word = "", ""
            for word in words(clause):
                one = content_terms([word], stemming=stemming)
                term = one[0] if one else ""
                number = term[:1].isdigit()
                if term in shown and number:
                    written.setdefault(term, word)
                # a number joins no word ("1,000 home" reads as a typo); Chinese pairs are joined_pairs'
                joins = term in shown and not number and not _pair(term)
                if joins and prev and prev != term:
                    pairs[-1].add((prev, term))
                    as_written.setdefault((prev, term), (prev_word, word))
                prev, prev_word = (term, word) if joins else ("", "")
    after: dict[str, str] = {}  # a shared term -> the one right after it in both headlines
    before: dict[str, str] = {}
    for a, b in sorted(set.intersection(*pairs) if pairs else set()):
        if a not in after and b not in before:
            after[a], before[b] = b, a
    out: list[str] = []
    used: set[str] = set()
    for term in terms:
        if term in used:
            continue
        start = term
        while start in before and before[start] not in used and before[start] != term:
            start = before[start]
        phrase = [start]
        while phrase[-1] in after and after[phrase[-1]] not in used and after[phrase[-1]] not in phrase:
            phrase.append(after[phrase[-1]])
        if term not in phrase:  # a loop of words in two headlines: the term alone
            phrase = [term]
        used.update(phrase)
        if len(phrase) == 1:
            out.append(written.get(term) or _number_as_written(term))
        else:  # as written: "flood victims", not the stems "flood victim"
            out.append(
                " ".join(
                    [as_written[phrase[0], phrase[1]][0]]
                    + [as_written[p][1] for p in zip(phrase, phrase[1:], strict=False)]
                )
            )
    return out


#: What ends a run of adjacent words in a headline: punctuation ("1,000 homes, prime minister"), not the
#: separators inside a number or the apostrophe inside a word.
_CLAUSE_BREAK = re.compile(r"(?:(?<!\d)[.,]|[.,](?!\d)|[^\w\s.,'’])+")


def _number_as_written(term: str) -> str:
    """A whole number's term with the thousands separators English news writes ("1000" -> "1,000"), but a year
    as a year ("2024"); anything else as it is."""
    if not term.isdigit() or len(term) < 4 or (len(term) == 4 and 1800 <= int(term) <= 2099):
        return term
    return f"{int(term):,}"
