"""The language gate: names are tagged in English stories only (the model knows no other language).

Inputs are written here (a sentence or two quoted from the shared German, Portuguese and Slovak feeds among
them); the checks over whole shared feeds skip when ../shared/data is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.enrich import extract_missing
from feeds.entities import extract, is_english
from feeds.entities.language import declared_english, looks_english
from feeds.entities.tagger import Extractor
from feeds.parse import parse_feed
from feeds.refresh import refresh
from feeds.store import Store
from tests.test_entities import STORY

#: From heise online's feed (German capitalises every noun: the model read them as people).
GERMAN = (
    "Vorsichtsmaßnahmen gegen Einbrennen: Wer seinen OLED-Fernseher über Weihnachten viel nutzt, sollte einige "
    "Hinweise beachten. Samsung und LG haben dafür Milliarden Dollar in neue Panels gesteckt."
)
#: In the manner of UOL Notícias.
PORTUGUESE = (
    "O presidente Luiz Inácio Lula da Silva disse nesta terça-feira que o governo não vai recuar da proposta, "
    "e o ministro Fernando Haddad afirmou em Brasília que a reforma será votada até o fim do ano."
)
#: In the manner of Aktuality.sk.
SLOVAK = (
    "Prezidentka Zuzana Čaputová podpísala zákon, ktorý schválil parlament v Bratislave. Podľa ministra "
    "financií bude rozpočet na budúci rok vyrovnaný, no opozícia však tvrdí, že to nie je pravda."
)
#: A Chinese story naming people in Latin letters: mostly Chinese, so not English.
CHINESE = (
    "朝鲜领导人 Kim Jong Un 周四抵达北京，与中国国家主席习近平举行会谈，美国总统 Donald Trump 表示欢迎。"
)

HEADLINES = [
    "Xi Jinping meets Kim Jong Un in Beijing",  # short, sentence case
    "Xi Jinping Meets Kim Jong Un In Beijing As Putin Looks On",  # Title Case
    "XI JINPING HOSTS KIM JONG UN IN BEIJING",  # ALL CAPS
    "Merkel, Macron and Scholz agree on Ukraine aid",
]


def names(found: list[object]) -> set[str]:
    return {e.text for e in found}  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [GERMAN, PORTUGUESE, SLOVAK, CHINESE], ids=["de", "pt", "sk", "zh"])
def test_a_story_in_another_language_gets_no_names(text: str) -> None:
    assert Extractor().extract(text), "the ungated model finds names here, so the gate is what removes them"
    assert not looks_english(text)
    assert extract(text) == []
    assert extract(text, language="") == [] and extract(text, language="en-US") == []


@pytest.mark.parametrize("headline", HEADLINES)
def test_english_headlines_without_a_body_keep_their_names(headline: str) -> None:
    assert is_english(headline)
    found = names(extract(headline))
    assert found and found == names(Extractor().extract(headline))
    assert {"Xi Jinping", "Merkel"} & found or "XI JINPING" in found


@pytest.mark.parametrize("declared", ["en", "en-US", "en-gb", "EN_au", ""])
def test_an_english_story_keeps_its_names_in_a_feed_declaring_english_or_nothing(declared: str) -> None:
    found = extract(STORY, language=declared)
    assert found == Extractor().extract(STORY)
    assert {"Xi Jinping", "Kim Jong Un", "Beijing", "Xinhua"} <= names(found)


@pytest.mark.parametrize("declared", ["de", "de-DE", "pt-BR", "zh-Hans", "sk"])
def test_a_feed_declaring_another_language_gets_no_names(declared: str) -> None:
    assert extract(STORY) != []
    assert extract(STORY, language=declared) == []  # the declaration wins, even over English-looking text


def test_declared_tags() -> None:
    assert declared_english("en-US") is True and declared_english("en_GB") is True and declared_english("eng")
    assert declared_english("de") is False and declared_english("pt-br") is False
    for nothing in ("", None, "und", "x-default", "  ", "123"):
        assert declared_english(nothing) is None


def test_mixed_text() -> None:
    quoting = (
        'German Chancellor Angela Merkel told reporters in Berlin on Monday: "Wir schaffen das." '
        "She said the country would take in more refugees."
    )
    found = names(extract(quoting))
    assert {"Angela Merkel", "Berlin"} <= found  # an English story quoting German stays English
    named_in_chinese = (
        "Xi Jinping (习近平) met Kim Jong Un in Beijing on Thursday, the Xinhua news agency said."
    )
    assert {"Xi Jinping", "Kim Jong Un", "Beijing"} <= names(extract(named_in_chinese))
    assert extract(CHINESE) == []  # mostly Chinese: no names rather than a partial list


def test_names_in_english_that_look_foreign_keep_the_story_english() -> None:
    text = (
        "Ursula von der Leyen met José Manuel Durão Barroso and Luiz Inácio Lula da Silva in São Paulo, "
        "then flew to Los Angeles with Joost van der Westhuizen."
    )
    assert looks_english(text)
    found = extract(text)
    assert found == Extractor().extract(text)
    assert {"Luiz Inácio Lula da Silva", "São Paulo", "Los Angeles", "Joost van der Westhuizen"} <= names(
        found
    )


# --- the declared language, from the feed to the stored story --------------------------------------------------


def rss(language: str, title: str, text: str) -> bytes:
    lang = f"<language>{language}</language>" if language else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{lang}'
        f"<link>http://example.com/</link><item><title>{title}</title><guid>1</guid>"
        f"<description>{text}</description></item></channel></rss>"
    ).encode()


def test_the_parser_reads_the_declared_language() -> None:
    assert parse_feed(rss("de", "t", "x"), "f").language == "de"
    assert parse_feed(rss("", "t", "x"), "f").language == ""
    atom_entries = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>'
        b'<entry xml:lang="zh-Hans"><id>urn:1</id><title>a</title><summary>b</summary></entry>'
        b'<entry xml:lang="zh-Hans"><id>urn:2</id><title>c</title><summary>d</summary></entry></feed>'
    )
    assert parse_feed(atom_entries, "f").language == "zh-Hans"  # declared on the entries only
    atom_root = atom_entries.replace(b"<feed ", b'<feed xml:lang="pt-BR" ').replace(
        b' xml:lang="zh-Hans"', b""
    )
    assert parse_feed(atom_root, "f").language == "pt-BR"
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "language": "sk", "items": []}'
    )
    assert parse_feed(json_feed, "f").language == "sk"


def test_a_refreshed_feed_keeps_its_language_and_enrichment_obeys_it(tmp_path: Path) -> None:
    english_text = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials said."
    files = {
        "declared-de.xml": rss(
            "de", "Merkel trifft Macron", english_text
        ),  # English-looking, declared German
        "declared-en.xml": rss("en-gb", "Merkel meets Macron", english_text),
        "undeclared.xml": rss("", "Neue Panels", GERMAN),  # German, declaring nothing: the text decides
    }
    store = Store(tmp_path / "store")
    try:
        ids = {}
        for name, body in files.items():
            (tmp_path / name).write_bytes(body)
            ids[name] = store.add_feed(str(tmp_path / name)).id
        refresh(store)
        languages = {name: store.get_feed(feed_id).language for name, feed_id in ids.items()}  # type: ignore[union-attr]
        assert languages == {"declared-de.xml": "de", "declared-en.xml": "en-gb", "undeclared.xml": ""}
        extract_missing(store)
        found = {name: next(iter(store.stories(feed_id))).entities for name, feed_id in ids.items()}
        assert found["declared-de.xml"] == () and found["undeclared.xml"] == ()
        assert {"Angela Merkel", "Emmanuel Macron", "Paris"} <= {
            e.text for e in found["declared-en.xml"] or ()
        }
    finally:
        store.close()


# --- the shared feeds --------------------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("name", ["heise-online_2018-10.rdf", "aktuality-sk.rss", "dw-chinese_2015-03.rdf"])
def test_shared_feeds_in_other_languages_get_no_names(shared_data: Path, name: str) -> None:
    parsed = parse_feed((shared_data / "feeds" / "news" / name).read_bytes(), "f")
    bodies = [s.text for s in parsed.stories if s.text.strip()]
    assert bodies
    assert all(extract(text, language=parsed.language) == [] for text in bodies)
    assert all(not looks_english(text) for text in bodies)  # by the text alone, declared or not


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["guardian-us_2018-01-31.rss", "reuters-scraped-fulltext_2026-03-01.xml", "bbc-news-home_2021-10.xml"],
)
def test_shared_english_feeds_keep_every_name(shared_data: Path, name: str) -> None:
    parsed = parse_feed((shared_data / "feeds" / "news" / name).read_bytes(), "f")
    extractor = Extractor()
    for story in parsed.stories:
        assert extract(story.text, language=parsed.language) == extractor.extract(story.text), story.title
        assert is_english(story.title, parsed.language), story.title


def test_names_stored_before_a_feed_declared_another_language_are_dropped(tmp_path: Path) -> None:
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(
        rss("", "Merkel meets Macron", "Angela Merkel met Emmanuel Macron in Paris on Monday.")
    )
    store = Store(tmp_path / "store")
    try:
        feed = store.add_feed(str(feed_file))
        refresh(store)
        extract_missing(store)
        assert next(iter(store.stories(feed.id))).entities  # declaring nothing, English text: tagged
        feed_file.write_bytes(
            rss("de", "Merkel meets Macron", "Angela Merkel met Emmanuel Macron in Paris on Monday.")
        )
        refresh(store)  # the same story, now in a feed that declares German
        assert store.get_feed(feed.id).language == "de"  # type: ignore[union-attr]
        assert extract_missing(store) == [next(iter(store.stories(feed.id))).id]
        assert next(iter(store.stories(feed.id))).entities == ()
        assert extract_missing(store) == []  # and nothing to do after that
    finally:
        store.close()
