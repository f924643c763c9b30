"""Named entities of stories: typed spans (PER, ORG, LOC, MISC) from a CRF trained on CoNLL-2003.

The public API, used by the enrich step, search qualifiers and the UI's entity panel::

    MODEL_VERSION: str                        # changes when the model file, its options or the name lists change
    extract(text, language=) -> list[Entity] # spans over ``text`` exactly, with cross-story keys; English only
    extract_story(title, text, language=)     # the title's names too (Entity.title), keyed with the text's
    is_english(text, declared) -> bool        # the language gate extract() applies (see language.py)
    entity_key(name) -> str                   # "U.S." ~ "US", "Zürich" ~ "ZURICH", possessive 's dropped
    group_entities(entities) -> [(key, type, display name, mentions)]
    Extractor                                 # loads the model once, lazily and thread-safely

A story's names are ``extract_story(title, text)``: the text's as ``extract`` finds them, and the title's, tagged
on its own (recased by how the body writes its words) and checked against the body's names, which settle their
types (see :mod:`feeds.entities.titles`). Tagged with the body as one document, a headline's slips spread into the
body ("Army", "Nike" became people).

The model knows English only: ``extract`` finds nothing in a story whose feed declares another language or whose
text is clearly not English (German nouns came back as people). How that is judged, and what it was measured on,
is in :mod:`feeds.entities.language`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter

from feeds.entities.aliases import entity_key, group_entities, link
from feeds.entities.gazetteer import LISTS
from feeds.entities.language import is_english
from feeds.entities.recase import LEXICON_NAME
from feeds.entities.tagger import HERE, MODEL_PATH, Extractor, ModelMissing, config_path
from feeds.model import Entity

__all__ = [
    "MODEL_VERSION",
    "Extractor",
    "ModelMissing",
    "entity_key",
    "extract",
    "extract_story",
    "group_entities",
    "is_english",
    "link",
]

#: Bumped by hand when the feature code changes in a way the model files do not show.
#: 2: Title Case and ALL-CAPS lines recased before tagging (recase.py)
#: 3: names are tagged in English stories only (language.py): stored stories are tagged again
#: 4: a month or day name alone is no organisation, place or other name (tagger.NOT_NAMES)
#: 5: a story keeps its 300 most-mentioned names (stories tagged before keep every name until tagged again)
#: 6: keys: "Mr Samaras" is the story's "Antonis Samaras", "Barack H. Obama" its "Barack Obama"; "Paris" (a
#:    place) no longer joins "Paris St Germain" (aliases.link)
#: 7: a person's name that ends the story's one longer name is that name ("Lula da Silva", "Al-Assad")
#: 8: an agency's credit ending a line is no part of the name before it ("Hormuz Reuters"); lower-case particles
#:    keep a person's name whole ("Ursula von der Leyen", "Mohammed bin Salman"; particles.py)
#: 9: an unknown capitalised word opening a sentence before a reporting verb is a person ("Putin said"; initial.py)
#: 10: an ALL-CAPS headline is recased when the body writes none of its names ("KIM JONG UN WARNS SEOUL")
#: 11: a story's title is tagged too (titles.py: stored stories are tagged again to get their headlines' names);
#:     "Anthropic said" opening a sentence is a person only on evidence of one (initial.py)
#: 12: a phrase shouted in capitals in a normal sentence is no name ("BETTER NOT DO"; shouted.py); a name takes in
#:     its hyphened Arabic article ("Sharm el-Sheikh"; particles.py)
#: 13: an articled word left untagged is a name of no known type ("fighters from al-Shabaab"; particles.py)
FEATURES_REVISION = "13"

_default: Extractor | None = None
_default_lock = threading.Lock()
_version: str | None = None


def default_extractor() -> Extractor:
    """The process-wide extractor (the model is loaded on first use, once)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Extractor()
    return _default


def release() -> None:
    """Let the loaded model and its caches go (the next :func:`extract` loads it again: about 0.1 s). An enrichment
    pass calls this once it has tagged what it found: a first start over 50k stories builds the related index
    next, and the model (about 9 MB that go back; more with the word caches a varied text fills) was held under
    that build's peak for nothing."""
    global _default
    with _default_lock:
        _default = None
    entity_key.cache_clear()


def extract_story(title: str, text: str, *, language: str | None = "") -> list[Entity]:
    """Entities of one story: its title's (``Entity.title`` set, offsets into ``title``) then its text's, keyed
    together (a headline's "Putin" is the body's "Vladimir Putin"). The text's are exactly :func:`extract`'s; the
    title's are checked against them (see :mod:`feeds.entities.titles`). The language gate reads the text, or the
    title of a story without one (a link-only feed's)."""
    if not is_english(text if text.strip() else title, language):
        return []
    found = default_extractor().story(title, text)
    heads = sum(1 for e in found if e.title)  # the title's come first
    if not heads:
        return _most_named(link(found))
    # The title's names take their keys from the text's ("Macron" is its "Emmanuel Macron"), not the other way:
    # the text's keep exactly the keys and types they have without a title (a title's slip must not retype them).
    # Only the text's names a title's could be a short form of are linked with them (a long text's all, twice,
    # cost more than the title's tagging): those sharing a word, and the longer ones their initials may spell.
    words = {word for e in found[:heads] for word in entity_key(e.text).split()}
    helpers = [
        e
        for e in found[heads:]
        if not words.isdisjoint(key := entity_key(e.text).split())
        or (len(key) > 1 and e.type in ("ORG", "LOC"))
    ]
    return _most_named([*link([*found[:heads], *helpers])[:heads], *link(found[heads:])])


def extract(text: str, *, language: str | None = "") -> list[Entity]:
    """Entities of one story's text, in order, each with ``text[e.start:e.end] == e.text`` and a key.

    ``language`` is the language the story's feed declares, if any. An empty list when the story is not English
    (its feed declares another language, or its text is clearly another one): the model reads such nouns as names.
    """
    if not is_english(text, language):
        return []
    return _most_named(default_extractor().extract(text))


#: Distinct names kept per story: the most mentioned, first named first among equals. A long news story names a
#: few dozen; a hostile one of 200,000 characters named 13,000, each a highlight in the story and a row of the
#: names pane, and the story took seconds to open and to page, and the pane (E) seconds more.
MAX_NAMES = 300


def _most_named(found: list[Entity]) -> list[Entity]:
    """``found`` less the mentions of names past the :data:`MAX_NAMES` most mentioned."""
    counts = Counter(e.key for e in found)
    if len(counts) <= MAX_NAMES:
        return found
    kept = {key for key, _n in counts.most_common(MAX_NAMES)}
    return [e for e in found if e.key in kept]


def model_version() -> str:
    """A short hash of everything the output depends on: model file, its options, name and word lists, code."""
    global _version
    if _version is None:
        digest = hashlib.blake2b(FEATURES_REVISION.encode(), digest_size=6)
        for path in (MODEL_PATH, config_path(MODEL_PATH), *(HERE / name for name in (*LISTS, LEXICON_NAME))):
            digest.update(path.name.encode())
            digest.update(path.read_bytes() if path.is_file() else b"-")
        _version = "crf-" + digest.hexdigest()
    return _version


def __getattr__(name: str) -> str:
    # MODEL_VERSION is computed on first access: hashing the model costs a few milliseconds nobody needs at import.
    if name == "MODEL_VERSION":
        return model_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
