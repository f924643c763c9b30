"""Tags holding a comma through an OPML backup, with the installed command: ``category`` separates tags with
commas and has no escape, so "Energy, Climate" came back as the two tags "Energy" and "Climate"."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.opml import parse_opml
from feeds.store import Store
from tests.test_cli import newsdesk


@pytest.mark.parametrize(
    "tags",
    [
        ("World", "Energy, Climate"),  # a comma in a tag that is not the folder
        ("News, Politics", "Energy, Climate", "Tech/AI"),  # in the folder too
        ("a", "b", "a, b"),  # a tag that is two others joined
        ("Europe", "Trade,Tariffs", "Europe,"),  # no space after the comma; a trailing comma
    ],
)
def test_a_tag_with_a_comma_survives_a_round_trip(tmp_path: Path, tags: tuple[str, ...]) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    tag_args = [arg for tag in tags for arg in ("--tag", tag)]
    added = newsdesk(first, "add", "--no-check", *tag_args, "https://a.example/f")
    assert added.returncode == 0, added.stderr
    with Store(first, readonly=True) as store:
        kept = store.feeds()[0].tags  # what the store made of them
    assert "," in "".join(kept)
    backup = tmp_path / "backup.opml"
    assert newsdesk(first, "export", str(backup)).returncode == 0
    imported = newsdesk(second, "import", str(backup))
    assert imported.returncode == 0, imported.stderr
    with Store(second, readonly=True) as store:
        assert [f.tags for f in store.feeds()] == [kept]


def test_other_readers_see_the_tags_in_category_as_before(tmp_path: Path) -> None:
    first = tmp_path / "first"
    added = newsdesk(
        first, "add", "--no-check", "--tag", "World", "--tag", "Energy, Climate", "https://a.example/f"
    )
    assert added.returncode == 0, added.stderr
    backup = tmp_path / "backup.opml"
    assert newsdesk(first, "export", str(backup)).returncode == 0
    text = backup.read_text(encoding="utf-8")
    assert 'category="World,Energy, Climate"' in text
    plain = newsdesk(first, "add", "--no-check", "--tag", "World", "--tag", "Europe", "https://b.example/f")
    assert plain.returncode == 0
    assert newsdesk(first, "export", str(backup)).returncode == 0
    lines = [line for line in backup.read_text(encoding="utf-8").splitlines() if "b.example" in line]
    # once in each of its folders (World, Europe), the copies alike
    assert len(lines) == 2 and lines[0] == lines[1]
    assert 'category="World,Europe"' in lines[0] and "newsdesk:tags" not in lines[0]


@pytest.mark.parametrize("value", ["not json", "{}", "[1, 2]", '"Energy, Climate"'])
def test_a_damaged_exact_tags_attribute_falls_back_to_category(value: str) -> None:
    data = (
        '<?xml version="1.0"?><opml version="2.0" xmlns:newsdesk="urn:newsdesk:opml"><head/><body>'
        f'<outline type="rss" text="A" xmlUrl="https://a.example/f" category="World,Europe" newsdesk:tags=\'{value}\'/>'
        "</body></opml>"
    )
    (feed,) = parse_opml(data.encode())
    assert feed.tags == ("World", "Europe")


OTHER_READER = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
<outline text="Energy, Climate" title="Energy, Climate">
  <outline type="rss" text="Grid" xmlUrl="https://grid.example/feed" category="Energy, Climate,Tech"/>
</outline>
<outline text="Tech" title="Tech">
  <outline type="rss" text="Grid" xmlUrl="https://grid.example/feed" category="Energy, Climate,Tech"/>
  <outline type="rss" text="Wind" xmlUrl="https://wind.example/feed" category="Tech,Energy,Climate"/>
</outline>
<outline text="Energy" title="Energy">
  <outline type="rss" text="Wind" xmlUrl="https://wind.example/feed" category="Tech,Energy,Climate"/>
</outline>
<outline text="Climate" title="Climate">
  <outline type="rss" text="Wind" xmlUrl="https://wind.example/feed" category="Tech,Energy,Climate"/>
</outline>
</body></opml>"""


def test_a_comma_folder_named_in_another_folder_s_copy_is_one_tag(tmp_path: Path) -> None:
    """A feed in the folders "Energy, Climate" and "Tech", in a file without our exact list (another reader's
    export, or ours passed through a tool that drops attributes it does not know): each copy lists both tags in
    ``category``. The copy in "Energy, Climate" read it whole, but the one in "Tech" split it, and the feed got
    the tags "Energy" and "Climate" too. A name is read whole when the feed is in that folder somewhere in the
    file; a feed tagged "Energy" and "Climate", in no such folder, keeps them apart."""
    opml = tmp_path / "subs.opml"
    opml.write_text(OTHER_READER, encoding="utf-8")
    imported = newsdesk(tmp_path / "home", "import", str(opml))
    assert imported.returncode == 0, imported.stderr
    with Store(tmp_path / "home", readonly=True) as store:
        assert {f.url: f.tags for f in store.feeds()} == {
            "https://grid.example/feed": ("Energy, Climate", "Tech"),
            "https://wind.example/feed": ("Tech", "Energy", "Climate"),
        }
