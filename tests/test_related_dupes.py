"""Near-duplicate groups in the related index: the title rule for short texts, and persistence of it."""

from __future__ import annotations

from pathlib import Path

from feeds.related import Doc, RelatedIndex
from feeds.related.dupes import LONG_TEXT

BLURB = (
    "Read the full story on our website, where subscribers get every report from our newsroom first, plus "
    "newsletters, podcasts and the daily puzzle."
)
LONG_REPORT = " ".join(
    [
        "Engineers at the northern dam opened all six spillway gates on Thursday after a week of heavy rain "
        "raised the reservoir to its highest level since records began in 1952.",
        "Residents of three villages downstream were told to move to higher ground, and the regional council "
        "opened two school halls as shelters for families who had nowhere else to go.",
        "The operator said the structure itself was sound, but that the release would keep the river above its "
        "banks for several days, flooding farmland and closing the valley road between the two towns.",
        "Forecasters expect more rain over the weekend. The army has sent trucks and boats to the area, and the "
        "minister for water is due to visit the dam on Friday morning with the head of the operator.",
        "Farmers said the timing could hardly be worse, with much of the wheat still in the fields.",
    ]
)


def story(id_: str, title: str, text: str, published: float = 0.0) -> Doc:
    return Doc(id_, f"feed-{id_}", title, text, published)


def test_a_feeds_fixed_blurb_under_different_headlines_is_not_a_group() -> None:
    idx = RelatedIndex()
    idx.add(
        [
            story("a", "Council approves new cycle lanes downtown", BLURB),
            story("b", "Striker signs three-year deal with champions", BLURB),
            story("c", "Storm warning issued for the coast tonight", BLURB),
        ]
    )
    assert idx.duplicate_groups() == []
    assert not any(s.duplicate for s in idx.related("a"))


def test_a_short_brief_syndicated_under_its_headline_is_a_group() -> None:
    title = "Council approves new cycle lanes downtown"
    text = (
        "The city council voted 9 to 4 on Tuesday to build eleven kilometres of protected cycle lanes through the "
        "centre, paid for by the regional transport fund."
    )
    idx = RelatedIndex()
    idx.add(
        [
            story("wire", title, text, 1.0),
            story("paper", title + " (updated)", text + " Work starts in May.", 2.0),
            story("other", "Striker signs three-year deal with champions", text.replace("9 to 4", "8 to 5")),
        ]
    )
    assert idx.duplicate_groups() == [["wire", "paper"]]


def test_a_long_report_groups_whatever_its_headlines_say(tmp_path: Path) -> None:
    assert len(LONG_REPORT.split()) >= LONG_TEXT
    idx = RelatedIndex()
    idx.add(
        [
            story("first", "Spillway gates opened as reservoir hits record", LONG_REPORT, 1.0),
            story(
                "second", "Villages evacuated below the northern dam", LONG_REPORT + " More rain is due.", 2.0
            ),
            story("unrelated", "Striker signs three-year deal with champions", BLURB),
        ]
    )
    assert idx.duplicate_groups() == [["first", "second"]]
    path = tmp_path / "related.npz"
    idx.save(path)
    assert RelatedIndex.load(path).duplicate_groups() == [["first", "second"]]
