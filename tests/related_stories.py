"""Ten stories for the related-stories tests: one strike told by four outlets, one prize by three, and three
stories that are about nothing else here. Each story's entities are given, as the enrich pass would find them."""

from __future__ import annotations

from feeds.related import Doc

PORT = {"rotterdam": "Rotterdam", "fnv": "FNV", "port of rotterdam": "Port of Rotterdam"}
PRIZE = {"maria santos": "Maria Santos", "nobel committee": "Nobel Committee", "lisbon": "Lisbon"}


def doc(
    id_: str, feed: str, title: str, text: str, keys: tuple[str, ...] = (), names: dict | None = None
) -> Doc:
    return Doc(id_, feed, title, text, published=float(len(id_)), entity_keys=keys, entity_names=names)


STORIES = [
    # One event, four outlets.
    doc(
        "port-1",
        "wire",
        "Dock workers strike shuts Port of Rotterdam",
        "Thousands of dock workers walked out at the Port of Rotterdam on Monday after wage talks with the FNV union "
        "collapsed. Container ships queued off the coast as cranes stood idle and terminals closed.",
        ("port of rotterdam", "fnv", "rotterdam"),
        PORT,
    ),
    doc(
        "port-2",
        "dutch-daily",
        "Rotterdam port strike strands container ships",
        "Container ships are stranded outside Rotterdam as the dock workers strike enters its second day. The FNV "
        "union says the walkout over wages will continue until employers improve their offer.",
        ("rotterdam", "fnv"),
        PORT,
    ),
    doc(
        "port-3",
        "business",
        "Shipping lines reroute cargo as Rotterdam dockers strike",
        "Shipping lines diverted cargo to Antwerp and Hamburg as the strike by dock workers at the Port of "
        "Rotterdam halted container terminals. Retailers warned of delays to deliveries.",
        ("port of rotterdam", "rotterdam"),
        PORT,
    ),
    doc(
        "port-4",
        "europe",
        "Wage deal ends dock strike in Rotterdam",
        "The FNV union and port employers reached a wage deal on Thursday, ending the dock workers strike that had "
        "shut container terminals in Rotterdam for four days.",
        ("fnv", "rotterdam"),
        PORT,
    ),
    # Another event, three outlets.
    doc(
        "nobel-1",
        "science",
        "Maria Santos wins Nobel Prize in Chemistry",
        "The Nobel Committee awarded the chemistry prize to Maria Santos of the University of Lisbon for her work on "
        "catalysts that split water into hydrogen using sunlight.",
        ("maria santos", "nobel committee", "lisbon"),
        PRIZE,
    ),
    doc(
        "nobel-2",
        "wire",
        "Portuguese chemist Santos awarded Nobel for solar hydrogen catalysts",
        "Maria Santos, a chemist in Lisbon, received the Nobel Prize for catalysts that turn sunlight and water into "
        "hydrogen fuel. The Nobel Committee praised the cheap and durable materials.",
        ("maria santos", "lisbon", "nobel committee"),
        PRIZE,
    ),
    doc(
        "nobel-3",
        "lisbon-news",
        "Lisbon celebrates its first chemistry Nobel",
        "Students gathered at the University of Lisbon to celebrate Maria Santos, whose hydrogen catalysts won the "
        "Nobel Prize in Chemistry this week.",
        ("lisbon", "maria santos"),
        PRIZE,
    ),
    # Unrelated stories.
    doc(
        "recipe",
        "food",
        "A slow-roasted tomato soup for cold evenings",
        "Roast the tomatoes with garlic and thyme for an hour, then blend them with stock and a splash of cream. "
        "Serve with toasted sourdough.",
    ),
    doc(
        "probe",
        "space",
        "Probe swings past Jupiter's moon Europa",
        "The spacecraft flew within four hundred kilometres of the icy moon Europa and photographed ridges in its "
        "frozen crust, engineers said.",
        ("europa", "jupiter"),
        {"europa": "Europa", "jupiter": "Jupiter"},
    ),
    doc(
        "transfer",
        "sport",
        "Midfielder signs five-year contract with champions",
        "The club confirmed the midfielder passed his medical and signed a five-year contract, with the fee rising to "
        "forty million with add-ons.",
    ),
]
BY_ID = {d.id: d for d in STORIES}
PORT_IDS = {"port-1", "port-2", "port-3", "port-4"}
NOBEL_IDS = {"nobel-1", "nobel-2", "nobel-3"}
