"""The extractor: the trained CRF plus its features, loaded once, turning text into typed spans.

``Extractor`` opens the model lazily (the first call pays about 0.1 s, importing this module does not) and is
safe to share between threads: loading is guarded by a lock and crfsuite's tagger, which keeps per-call state,
is used under a lock too (the feature building, where the time goes, runs outside it).
"""

from __future__ import annotations

import json
import struct
import threading
from collections.abc import Sequence
from pathlib import Path

from feeds.entities.aliases import link
from feeds.entities.conll import spans_from_tags
from feeds.entities.consistency import harmonise
from feeds.entities.crfmodel import CRFModel, ModelFormatError
from feeds.entities.fast import FastTagger
from feeds.entities.features import CAPS, Featurizer, Options, sentence_mode
from feeds.entities.initial import speakers
from feeds.entities.particles import PARTICLES, hyphens_joined, join_particles, lone_hyphened
from feeds.entities.recase import Recaser
from feeds.entities.shouted import unshouted
from feeds.entities.tokens import normal, sentence_breaks, spans
from feeds.model import Entity

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.crfsuite"


def model_attributes(data: bytes) -> frozenset[str] | None:
    """The attribute names a crfsuite model has weights for, read from its attribute string table (CQDB).

    crfsuite keeps only attributes with a non-zero weight when it saves a model, so anything not in this set
    cannot change a tag; dropping such features before tagging saves time. ``None`` when the layout is not the
    one expected (the features are then passed unfiltered, which is slower but equally right).
    """
    try:
        if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
            return None
        (off_attrs,) = struct.unpack_from("<I", data, 36)
        chunk = off_attrs
        if data[chunk : chunk + 4] != b"CQDB":
            return None
        bwd_size, bwd_offset = struct.unpack_from("<II", data, chunk + 16)
        names: list[str] = []
        for (offset,) in struct.iter_unpack(
            "<I", data[chunk + bwd_offset : chunk + bwd_offset + 4 * bwd_size]
        ):
            if offset:
                (size,) = struct.unpack_from("<I", data, chunk + offset + 4)
                names.append(data[chunk + offset + 8 : chunk + offset + 7 + size].decode("utf-8"))
        return frozenset(names)
    except (struct.error, UnicodeDecodeError):
        return None


class ModelMissing(RuntimeError):
    """The model file is absent: train it with ``python -m feeds.entities.train``."""


def config_path(model_path: Path) -> Path:
    """The feature options saved beside a model (``model.json`` for ``model.crfsuite``)."""
    return model_path.with_suffix(".json")


#: Dates the model took for names: Reuters' dateline "WASHINGTON, Feb 28 (Reuters) -" made "Feb" an organisation in
#: 53 of 1,544 stories of the shared news feeds, and it led the entity pivot's "most often with". A month or day
#: name alone is never a name here, except as a person's ("Theresa May").
_NOT_NAMES_TEXT = (
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
    " monday tuesday wednesday thursday friday saturday sunday"
)
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


#: News agencies whose name ends a story as its credit, with no full stop: Google News feeds give each story as
#: "<title>  Reuters", captions end "... Strait of Hormuz Reuters". Read on, the agency joined the name before it
#: ("Hormuz Reuters" a person, "Kim Jong Un Reuters" another). Such a last word is tagged as a sentence of its own.
_WIRE_CREDITS_TEXT = (
    "Reuters AP AFP Bloomberg Xinhua Kyodo Yonhap TASS Interfax EFE ANSA dpa PTI IANS ANI UPI"
)
WIRE_CREDITS = frozenset(_WIRE_CREDITS_TEXT.split())


def _credits(words: Sequence[str], breaks: list[int]) -> list[int]:
    """``breaks`` with a cut before an agency's name that ends a sentence right after a capitalised word."""
    cuts: list[int] = []
    first = 0
    for end in breaks:
        if end - first >= 3 and words[end - 1] in WIRE_CREDITS and words[end - 2][:1].isupper():
            cuts.append(end - 1)
        cuts.append(end)
        first = end
    return cuts


def _a_date(text: str, kind: str) -> bool:
    return kind != "PER" and text.rstrip(".").lower() in NOT_NAMES


class Sentences:
    """One text cut into sentences of words (in the form the features see), with each word's offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        normalised = normal(text)
        words, self.starts = spans(normalised)
        self.all = words
        breaks = _credits(words, sentence_breaks(normalised, words, self.starts))
        self.bounds = list(zip([0, *breaks[:-1]], breaks, strict=True))
        self.words = [words[a:b] for a, b in self.bounds]

    def entities(
        self, found: Sequence[Sequence[tuple[int, int, str]]], *, title: bool = False
    ) -> list[Entity]:
        """The spans ``found`` (token spans per sentence) as entities over the text; a date alone is none."""
        text, starts, words = self.text, self.starts, self.all
        entities: list[Entity] = []
        for (offset, _), sentence in zip(self.bounds, found, strict=True):
            for start, end, kind in sentence:
                first = starts[offset + start]
                last = starts[offset + end - 1] + len(words[offset + end - 1])
                if end - start == 1 and _a_date(text[first:last], kind):
                    continue
                entities.append(Entity(first, last, kind, text[first:last], "", title))  # type: ignore[arg-type]
        return entities


class Extractor:
    """Named-entity extraction with one loaded CRF; share one instance (see :func:`feeds.entities.extract`)."""

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = Path(model_path) if model_path else MODEL_PATH
        self._lock = threading.Lock()
        self._tag_lock = threading.Lock()
        self._tagger: object | None = None
        self._featurizer: Featurizer | None = None
        self._fast: FastTagger | None = None
        #: decode with cached score vectors and numpy (the default), or hand every feature string to crfsuite
        self.use_crfsuite = False
        self.consistency = True
        self.fill = True
        #: recase Title Case and ALL-CAPS lines before tagging (see recase.py)
        self.recase = True
        self._recaser: Recaser | None = None
        self.surnames: frozenset[str] = frozenset()
        #: the one-word names of the lists (lowercase): never a shouted phrase's word ("WHO", "US")
        self.names: frozenset[str] = frozenset()

    def _load(self) -> tuple[object, Featurizer]:
        if self._tagger is None or self._featurizer is None:
            with self._lock:
                if self._tagger is None:
                    import pycrfsuite

                    if not self.model_path.is_file():
                        raise ModelMissing(
                            f"no entity model at {self.model_path.name}: run feeds.entities.train"
                        )
                    options = Options()
                    config = config_path(self.model_path)
                    if config.is_file():
                        data = json.loads(config.read_text(encoding="utf-8"))
                        options = Options.from_dict(data.get("features", {}))
                        self.consistency = bool(data.get("consistency", True))
                        self.fill = bool(data.get("fill", True))
                    tagger = pycrfsuite.Tagger()
                    tagger.open(str(self.model_path))
                    data = self.model_path.read_bytes()
                    known = model_attributes(data)
                    self._featurizer = Featurizer(options, known=known)
                    #: the last words of the people's list: a surname opening a sentence before "said"
                    self.surnames = self._featurizer.gazetteers.surnames()
                    self.names = self._featurizer.gazetteers.words(("LOC", "NAT", "ORG", "PER", "CLUB"))
                    self._recaser = Recaser(
                        gazetteers=self._featurizer.gazetteers,
                        given_names=self._featurizer.given_names,
                    )
                    try:
                        self._fast = FastTagger(self._featurizer, CRFModel.from_bytes(data))
                    except ModelFormatError:
                        self._fast = None  # a layout we cannot read: crfsuite tags (slower, same labels)
                    self._tagger = tagger
        assert self._tagger is not None and self._featurizer is not None
        return self._tagger, self._featurizer

    def clear_cache(self) -> None:
        """Forget cached word features and entity keys (they are rebuilt on demand): a cold start."""
        from feeds.entities.aliases import entity_key

        entity_key.cache_clear()
        if self._featurizer is not None:
            self._featurizer.clear()
        if self._fast is not None:
            self._fast.clear()

    def tag_document(self, words: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """Entity spans (token start, token end, type) per sentence of one document of pre-tokenised words."""
        return self._tag([[normal(w) for w in sentence] for sentence in words])

    def _tag(self, normalised: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        return self._tag_with(normalised)[0]

    def _tag_with(
        self, normalised: Sequence[Sequence[str]], extra: Sequence[Sequence[str]] = ()
    ) -> tuple[list[list[tuple[int, int, str]]], list[list[tuple[int, int, str]]]]:
        """Spans per sentence of the document ``normalised``, and the CRF's own spans of the ``extra`` sentences
        (a story's title, recased already), labelled in the same pass with the document's case hints but no part
        of the document: they change none of its spans, and get none of its later passes."""
        tagger, featurizer = self._load()
        modes = [sentence_mode(words) for words in normalised]
        caps = [mode == CAPS for mode in modes]  # the consistency pass trusts no name of an ALL-CAPS line
        written = normalised  # as written: a phrase shouted in a normal sentence is known by its capitals
        if self.recase and self._recaser is not None:
            loud = self._recaser.document(normalised, modes)
            if any(loud):
                # Tags go back onto the original words by index: the recased words only feed the features. A
                # recased Title Case line is then a mixed-case one (its names take the body's types).
                normalised = self._recaser.recase(normalised, loud)
                modes = [
                    sentence_mode(words) if recased else mode
                    for words, mode, recased in zip(normalised, modes, loud, strict=True)
                ]
        found: list[list[tuple[int, int, str]]] = []
        added: list[list[tuple[int, int, str]]] = []
        fast = self._fast
        if fast is not None and not self.use_crfsuite:
            with self._tag_lock:  # the word-type cache is shared
                labels = fast.document(
                    [*normalised, *extra], [*modes, *map(sentence_mode, extra)], context=len(normalised)
                )
            found = [spans_from_tags(tags) if tags else [] for tags in labels]
            found, added = found[: len(normalised)], found[len(normalised) :]
        else:
            tag = tagger.tag  # type: ignore[attr-defined]
            with self._tag_lock:
                for feats in featurizer.document(normalised, modes):
                    found.append(spans_from_tags(tag(feats)) if feats else [])
                if extra:  # tagged as a document of their own: crfsuite's features take no hints from outside
                    for feats in featurizer.document(extra, [sentence_mode(words) for words in extra]):
                        added.append(spans_from_tags(tag(feats)) if feats else [])
        found = [
            join_particles(words, spans) if spans and not PARTICLES.isdisjoint(words) else spans
            for words, spans in zip(normalised, found, strict=True)
        ]
        found, added = hyphens_joined(normalised, found), hyphens_joined(extra, added)  # "Sharm el-Sheikh"
        recaser = self._recaser
        if recaser is not None:
            common = recaser.lexicon.__contains__

            def usual(low: str) -> bool:  # English writes it in lower case
                return common(low) or recaser.inflected(low)

            found = [
                spans if cap or not spans else unshouted(words, spans, usual, self.names)
                for words, spans, cap in zip(written, found, caps, strict=True)
            ]
            added = [
                unshouted(words, spans, usual, self.names)
                if spans and sentence_mode(words) != CAPS
                else spans
                for words, spans in zip(extra, added, strict=True)
            ]
            found = speakers(
                normalised,
                found,
                usual,
                featurizer.places,
                self.surnames,
                featurizer.given_names,
            )
        if self.consistency:
            found = harmonise(
                normalised,
                found,
                fill=self.fill,
                places=featurizer.places,
                given_names=featurizer.given_names,
                caps=caps,
            )
        found = [
            lone_hyphened(words, spans) if not cap and "-" in "".join(words) else spans
            for words, spans, cap in zip(normalised, found, caps, strict=True)
        ]
        added = [
            lone_hyphened(words, spans) if "-" in "".join(words) and sentence_mode(words) != CAPS else spans
            for words, spans in zip(extra, added, strict=True)
        ]
        return found, added

    def mentions(self, text: str) -> list[Entity]:
        """Typed spans over ``text`` exactly, without keys (see :func:`feeds.entities.extract` for keyed ones)."""
        if not text or not text.strip():
            return []
        sentences = Sentences(text)
        return sentences.entities(self._tag(sentences.words))

    def story(self, title: str, text: str) -> list[Entity]:
        """The names of a story's title (``Entity.title`` set, offsets into ``title``) then of its text, without
        keys: the text's exactly as :meth:`mentions` finds them, the title's checked against them (see titles.py)."""
        from feeds.entities.titles import recased_title, title_mentions

        body = Sentences(text) if text and text.strip() else None
        words = body.words if body is not None else []
        if not title or not title.strip():
            return body.entities(self._tag(words)) if body is not None else []
        head = Sentences(title)
        shown, loud = recased_title(self, head.words, words)
        found, raw = self._tag_with(words, shown)
        mentions = body.entities(found) if body is not None else []
        return [*title_mentions(self, head, shown, loud, raw, words, found, mentions), *mentions]

    def extract(self, text: str) -> list[Entity]:
        """Entities of one story with keys: short forms joined to the full names the story uses."""
        return link(self.mentions(text))
