"""The reasons a related story is shown for: no function words of other languages ("de", "em", "la", "der").

Stories in Portuguese, Spanish, German, French, Italian and Dutch still find their twin (the words stay in the
index); only the shared terms named to the reader skip the function words, and the next strongest are named.
"""

from __future__ import annotations

import pytest

from feeds.related import Doc, Params, RelatedIndex
from feeds.related.function_words import AMBIGUOUS, FUNCTION_WORDS
from tests.related_stories import doc

TWINS = [
    (
        doc("pt1", "folha", "Greve dos portuários fecha o porto de Santos",
            "Os trabalhadores do porto de Santos entraram em greve na segunda-feira depois que as negociações com "
            "a empresa fracassaram. Os navios ficaram parados em frente ao porto e os terminais estão fechados."),
        doc("pt2", "uol", "Greve no porto de Santos para os navios",
            "A greve dos portuários no porto de Santos chega ao segundo dia e os navios continuam parados em "
            "frente ao porto. O sindicato diz que a greve vai continuar até que a empresa melhore a proposta."),
        "greve",
    ),
    (
        doc("es1", "pais", "La huelga de los estibadores cierra el puerto de Valencia",
            "Los estibadores del puerto de Valencia iniciaron una huelga el lunes tras el fracaso de las "
            "negociaciones con la patronal. Los barcos esperan frente a la costa y las terminales están cerradas."),
        doc("es2", "mundo", "El puerto de Valencia sigue cerrado por la huelga",
            "La huelga de los estibadores en el puerto de Valencia entra en su segundo día y los barcos siguen "
            "esperando. El sindicato dice que la huelga continuará hasta que la patronal mejore la oferta."),
        "huelga",
    ),
    (
        doc("de1", "zeit", "Streik der Hafenarbeiter legt den Hamburger Hafen lahm",
            "Die Hafenarbeiter im Hamburger Hafen sind am Montag in den Streik getreten, nachdem die "
            "Verhandlungen mit den Arbeitgebern gescheitert waren. Die Schiffe warten vor der Küste und die "
            "Terminals sind geschlossen."),
        doc("de2", "spiegel", "Der Streik im Hamburger Hafen geht weiter",
            "Der Streik der Hafenarbeiter im Hamburger Hafen geht in den zweiten Tag und die Schiffe warten "
            "weiter vor der Küste. Die Gewerkschaft sagt, dass der Streik weitergeht, bis die Arbeitgeber das "
            "Angebot verbessern."),
        "streik",
    ),
    (
        doc("fr1", "monde", "La grève des dockers paralyse le port du Havre",
            "Les dockers du port du Havre sont en grève depuis lundi après l'échec des négociations avec le "
            "patronat. Les navires attendent au large de la côte et les terminaux sont fermés."),
        doc("fr2", "figaro", "Le port du Havre toujours bloqué par la grève",
            "La grève des dockers du port du Havre entre dans son deuxième jour et les navires attendent "
            "toujours au large. Le syndicat dit que la grève continuera jusqu'à ce que le patronat améliore son "
            "offre."),
        "docker",
    ),
    (
        doc("it1", "corriere", "Sciopero dei portuali blocca il porto di Genova",
            "I portuali del porto di Genova sono in sciopero da lunedì dopo il fallimento delle trattative con "
            "le imprese. Le navi aspettano al largo della costa e i terminal sono chiusi."),
        doc("it2", "repubblica", "Il porto di Genova ancora fermo per lo sciopero",
            "Lo sciopero dei portuali nel porto di Genova entra nel secondo giorno e le navi aspettano ancora al "
            "largo. Il sindacato dice che lo sciopero continuerà finché le imprese non miglioreranno l'offerta."),
        "sciopero",
    ),
    (
        doc("nl1", "nrc", "Staking van havenarbeiders legt de haven van Rotterdam plat",
            "De havenarbeiders in de haven van Rotterdam zijn maandag in staking gegaan nadat het overleg met "
            "de werkgevers was mislukt. De schepen wachten voor de kust en de terminals zijn dicht."),
        doc("nl2", "volkskrant", "De staking in de haven van Rotterdam gaat door",
            "De staking van de havenarbeiders in de haven van Rotterdam gaat de tweede dag in en de schepen "
            "wachten nog steeds voor de kust. De vakbond zegt dat de staking doorgaat tot de werkgevers met een "
            "beter bod komen."),
        "havenarbeider",
    ),
]  # fmt: skip

#: What the reasons showed before: words that say nothing about what two stories share.
SEEN = {"de", "em", "la", "der", "die", "den", "van", "os", "dos", "el", "los", "le", "du", "il", "di", "que"}


@pytest.fixture(scope="module")
def index() -> RelatedIndex:
    idx = RelatedIndex()
    idx.add([story for a, b, _word in TWINS for story in (a, b)])
    return idx


@pytest.mark.parametrize(("a", "b", "word"), TWINS, ids=[a.id[:2] for a, _b, _w in TWINS])
def test_stories_in_other_languages_relate_and_their_reasons_skip_function_words(
    index: RelatedIndex, a: Doc, b: Doc, word: str
) -> None:
    for one, other in ((a, b), (b, a)):
        found = index.related(one.id)
        assert found and found[0].id == other.id, [s.id for s in found]
        shown = found[0].shared_terms
        assert word in shown and len(shown) == 6, shown  # the next strongest words fill the places
        assert not set(shown) & SEEN, shown
        assert not set(shown) & (FUNCTION_WORDS | AMBIGUOUS), shown


def test_english_words_that_are_function_words_elsewhere_stay_reasons() -> None:
    """ "die" and "war" are German function words, but English stories about a war share them for real."""
    idx = RelatedIndex(Params(min_score=0.0))
    idx.add(
        [
            doc("w1", "wire", "Civilians die as war reaches the border town",
                "Dozens of civilians die each day as the war reaches the border town, a man who fled said. "
                "Aid groups warn the war could spread."),
            doc("w2", "paper", "War spreads to the border town, where civilians die",
                "The war has reached the border town and civilians die in the shelling, one man told reporters. "
                "Aid groups fear the war will spread further."),
        ]
    )  # fmt: skip
    (found,) = idx.related("w1")
    shown = {word for reason in found.shared_terms for word in reason.split()}  # "civilians die": one phrase
    assert {"war", "die"} <= shown, found.shared_terms
