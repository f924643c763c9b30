"""What a user walk through a four-story store found in the related stories and their reasons: two stories about
one pledge, and two about nothing else here that share a weak word or two with them."""

from __future__ import annotations

import pytest

from feeds.related import RelatedIndex
from tests.related_stories import doc

STORIES = [
    doc("homes-1", "wire", "Prime minister pledges 1,000 new homes for flood victims",
        "The prime minister said on Tuesday that 1,000 new homes would be built for families whose houses were "
        "destroyed by the floods. Work will begin later this year, the government said."),
    doc("homes-2", "daily", "Flood victims to get 1,000 homes, prime minister says",
        "Families who lost their homes in the floods will be offered 1,000 new houses, the prime minister "
        "announced. Details will follow later."),
    doc("football", "sport", "Football club signs striker for record fee",
        "The club confirmed the signing of the striker later on Monday for a fee said to be a record."),
    doc("rates", "markets", "Central bank holds interest rates",
        "The central bank left interest rates unchanged, saying inflation would fall later in the year."),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> RelatedIndex:
    idx = RelatedIndex()
    idx.add(STORIES)
    return idx


def test_a_story_is_listed_one_way_only_when_it_is_like_the_query(index: RelatedIndex) -> None:
    """The rates story shares "later" and "year" with the pledge (a cosine of 0.022): it was listed under the pledge
    at 0.197, lifted past the threshold by the pool's diffusion (the other pledge story, which it shares "later"
    with, lent it its score), while the rates story itself said "No related stories"."""
    listed = {s.id: [r.id for r in index.related(s.id)] for s in STORIES}
    assert listed == {"homes-1": ["homes-2"], "homes-2": ["homes-1"], "football": [], "rates": []}
