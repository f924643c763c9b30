"""Function words of the common European languages other than English, kept out of the reasons a suggestion
shows ("de", "em", "la", "der" named as what two stories share).

Only the *reasons* skip them: the index keeps them as terms, so similarity (and the measured P@1/P@5) is what it
was, and stories in German, French or Portuguese still find each other. English function words are dropped
earlier, from the terms themselves (:data:`feeds.related.tokens.STOP_WORDS`).

No stop-word list is installed with the project, so this is a small one: articles, pronouns, prepositions,
conjunctions and the commonest auxiliaries of German, Dutch, French, Spanish, Portuguese, Italian, Swedish,
Danish/Norwegian and Polish, and of Urdu, Persian and Arabic (BBC Urdu's related stories "shared" ہے, کی and کہ:
is, of, that). A word that is also an English word a story may be about ("die", "war", "son",
"van", "plus") is hidden only between stories that share other function words of the list: between English
stories it stays a reason. The words are compared as the index holds them: folded (no accents or case) and,
like every term, stemmed.
"""

from __future__ import annotations

from feeds.related.tokens import stem
from feeds.text import fold

_WORDS = """
der die das den dem des ein eine einen einem einer eines und oder aber auch nicht ist sind war waren wird werden wurde
wurden hat haben hatte sein seine ihr ihre sich mit von vom zu zum zur auf aus bei nach über unter vor durch für
gegen ohne um im am als wie dass wenn noch nur schon sehr mehr man wir sie er es ich dieser diese dieses
de het een en van of maar ook niet is zijn was waren wordt worden werd heeft hebben had bij naar uit voor met aan op
om dat dit deze wat wie als dan nog wel geen ze zich hun haar hij wij ik er
le la les un une des du au aux et ou mais ni est sont été être avoir ont fait dans sur sous avec pour par sans
chez entre vers depuis selon après avant que qui quoi dont où ce cet cette ces il elle ils elles nous vous leur
leurs se sa ses son lui plus très aussi comme
el la los las un una unos unas del al y o pero ni es son fue fueron ser está están ha han hay en con por para
sin sobre entre hasta desde según tras que quien cuando donde como más muy también su sus se lo le les nos este
esta estos estas ese esa
o a os as um uma uns umas do da dos das no na nos nas ao aos pelo pela pelos pelas e ou mas nem é são foi foram
ser está estão tem têm em com por para sem sobre entre até desde após que quem quando onde como mais muito também
seu sua seus suas ele ela eles elas isso este esta
il lo la gli le un uno una dei degli delle del della dello al allo alla ai agli alle dal dalla nel nella nei
sul sulla e ed o ma né è sono era stato essere ha hanno di da in con su per tra fra che chi come più anche non
si ci questo questa quello quella loro
och eller men inte är var blev har hade att som det den de ett en av för från med till på om vid efter under
han hon vi jag sig sin sitt sina
og eller ikke er var blev har havde at som det den de et en af for fra med til på om ved efter han hun vi jeg
sig sit sine
i w z na do od po za przez dla przy nie jest są był była było być że czy jak który która które ten ta to
nesta neste nessa nesse teve tinha
ہے ہیں ہیں۔ تھا تھی تھے ہو ہوا ہوئی ہوئے ہوں گا گی گے کی کے کا کو نے سے میں پر کہ اور بھی یہ وہ اس ان جو
کر کیا کرنے کرتے کہا کہتے ایک لیے تک نہیں تو بعد ساتھ جب اب
و در به از که این آن را با است بود شد های برای تا هم یا
في من على إلى الى عن أن ان هذا هذه ذلك التي الذي الذين كان كانت مع بين قد لا ما كما بعد أو هو هي
"""
#: Words of the lists that are English words too (folded and stemmed: "até" is "ate", "über" "uber", "sans"
#: "san"), or names a story is about ("Seine", "Chi", "Van"). Checked against the terms of CoNLL-2003 eng.train
#: and wikiref220. Hidden only from stories that plainly share another language (see :func:`hidden_among`).
_ENGLISH = """
    die war men son sin van pour man hat met dan un par plus han hay con esa ai ed ma era come var till ten
    ate uber fur san fran seine chi sit
"""
#: Two stories sharing this many function words of the list share a language other than English.
FOREIGN_EVIDENCE = 2


def _forms(word: str) -> set[str]:
    folded = fold(word)
    return {folded, stem(folded)}


_ALL = frozenset(form for word in _WORDS.split() for form in _forms(word))
#: Function words hidden from every suggestion's reasons.
FUNCTION_WORDS: frozenset[str] = _ALL - frozenset(_ENGLISH.split())
#: Function words hidden only when the two stories share another language ("die", "war" and "van" in German or
#: Dutch stories, but "die" and "war" are reasons between English ones).
AMBIGUOUS: frozenset[str] = _ALL & frozenset(_ENGLISH.split())


def hidden_among(shared: list[str]) -> frozenset[str]:
    """The words not to show of the terms two stories share: :data:`FUNCTION_WORDS`, and :data:`AMBIGUOUS` too
    once the shared terms hold :data:`FOREIGN_EVIDENCE` distinct ones of :data:`FUNCTION_WORDS`."""
    found = {term for term in shared if term in FUNCTION_WORDS}
    return _ALL if len(found) >= FOREIGN_EVIDENCE else FUNCTION_WORDS


def is_function_word(term: str, hidden: frozenset[str] = FUNCTION_WORDS) -> bool:
    """Whether a shown term is one of ``hidden``, or a phrase (a bigram) with one in it."""
    return any(part in hidden for part in term.split(" "))
